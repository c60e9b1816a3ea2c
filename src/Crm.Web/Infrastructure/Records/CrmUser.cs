using System.Security.Claims;
using Crm.Web.Infrastructure.Auth;

namespace Crm.Web.Infrastructure.Records;

/// <summary>Who is acting: the signed-in user on a page, or the user a background job acts for.</summary>
public sealed record CrmUser(string Id, int? TeamId, IReadOnlySet<string> Roles)
{
    public const string TeamClaim = "crm:team";
    public const string DisplayNameClaim = "crm:name";

    /// <summary>The visibility levels admins chose, which <see cref="RecordAccess"/> applies for this user.</summary>
    public RecordVisibility Visibility { get; init; } = RecordVisibility.Declared;

    /// <summary>The teams whose <c>ManagerId</c> the user is: a manager reaches them at the team and private levels.</summary>
    public IReadOnlySet<int> ManagedTeamIds { get; init; } = new HashSet<int>();

    /// <summary>The teams the user reaches through the team scope: their own and those they manage, in order.</summary>
    /// <remarks>Not kept: a copy made with <c>with</c> may change either.</remarks>
    public IReadOnlyList<int> Teams => [.. (TeamId is int own ? ManagedTeamIds.Append(own) : ManagedTeamIds).Distinct().Order()];

    public bool IsIn(string role) => Roles.Contains(role);

    /// <summary>The kind's rule for this user: as the kind declares it, at the level an admin chose.</summary>
    public RecordAccessRule Access(RecordKind kind) => Visibility.Rule(kind);

    public static CrmUser From(ClaimsPrincipal principal) => new(
        principal.Id(),
        int.TryParse(principal.FindFirstValue(TeamClaim), out var team) ? team : null,
        principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal))
    {
        Visibility = principal is VisibilityPrincipal visible ? visible.Visibility : RecordVisibility.Declared,
        ManagedTeamIds = principal is VisibilityPrincipal managing ? managing.ManagedTeamIds : new HashSet<int>(),
    };
}

/// <summary>
/// A request's signed-in user with the visibility levels read for the request (by <c>VisibilityClaims</c>), so that
/// every <see cref="CrmUser.From"/> applies them without a query of its own; with the teams a manager manages.
/// </summary>
public sealed class VisibilityPrincipal(ClaimsPrincipal principal, RecordVisibility visibility, IReadOnlySet<int> managedTeamIds) : ClaimsPrincipal(principal)
{
    public RecordVisibility Visibility { get; } = visibility;

    public IReadOnlySet<int> ManagedTeamIds { get; } = managedTeamIds;
}

/// <summary>The current request's user, for handlers that are not given one.</summary>
public sealed class CurrentUser(IHttpContextAccessor http)
{
    private CrmUser? _user;

    public CrmUser Value => _user ??= http.HttpContext?.User is { Identity.IsAuthenticated: true } principal
        ? CrmUser.From(principal)
        : throw new InvalidOperationException("No signed-in user in this context.");

    /// <summary>Who the audit trail names: the acting user, or null for the system.</summary>
    public string? IdOrNull => _user?.Id ?? (http.HttpContext?.User is { Identity.IsAuthenticated: true } p ? p.Id() : null);

    /// <summary>A background job acts for the user who started it.</summary>
    public void ActAs(CrmUser user) => _user = user;
}
