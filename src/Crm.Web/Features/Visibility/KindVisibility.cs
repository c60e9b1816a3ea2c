using System.Security.Claims;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Visibility;

/// <summary>The level an admin chose for one kind; a kind without a row is at <see cref="VisibilityLevels.Default"/>.</summary>
public sealed class KindVisibility
{
    public const int MaxKindLength = 40;

    public required string Kind { get; set; }
    public VisibilityLevel Level { get; set; }
}

public sealed class KindVisibilityConfiguration : IEntityTypeConfiguration<KindVisibility>
{
    public void Configure(EntityTypeBuilder<KindVisibility> builder)
    {
        builder.ToTable("KindVisibilities");
        builder.HasKey(v => v.Kind);
        builder.Property(v => v.Kind).HasMaxLength(KindVisibility.MaxKindLength);
        builder.Property(v => v.Level).HasConversion<string>().HasMaxLength(20);
    }
}

/// <summary>The levels, read once a minute at most (every request applies them), dropped when an admin saves.</summary>
public sealed class VisibilityCache(TimeProvider clock) : SavedChangesCache<RecordVisibility>(clock, TimeSpan.FromMinutes(1))
{
    public override bool Touches(EntityEntry entry) => entry.Entity is KindVisibility;
}

public sealed class CurrentVisibility(CrmDbContext db, VisibilityCache cache, ManagedTeamsCache teams)
{
    public Task<RecordVisibility> GetAsync(CancellationToken ct) =>
        cache.GetAsync("levels", async token =>
        {
            var rows = await db.Set<KindVisibility>().AsNoTracking().ToListAsync(token);
            return rows.Count == 0 ? RecordVisibility.Declared : new RecordVisibility(rows.ToDictionary(r => r.Kind, r => r.Level, StringComparer.Ordinal));
        }, ct);

    /// <summary>The teams each manager manages (<c>Team.ManagerId</c>), read once a minute at most, dropped when teams or users change.</summary>
    public async Task<IReadOnlySet<int>> ManagedTeamsAsync(string userId, CancellationToken ct)
    {
        var managed = await teams.GetAsync("managers", async token =>
        {
            var rows = await db.Teams.AsNoTracking().Where(t => t.ManagerId != null).Select(t => new { t.Id, t.ManagerId }).ToListAsync(token);
            return rows.GroupBy(r => r.ManagerId!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlySet<int>)g.Select(r => r.Id).ToHashSet(), StringComparer.Ordinal);
        }, ct);
        return managed.TryGetValue(userId, out var ids) ? ids : NoTeams;
    }

    /// <summary>A user a background job acts for, with the levels (and, for a manager, the teams) a page would apply to them.</summary>
    public async Task<CrmUser> UserAsync(string id, int? teamId, IEnumerable<string> roles, CancellationToken ct)
    {
        var set = roles.ToHashSet(StringComparer.Ordinal);
        return new(id, teamId, set)
        {
            Visibility = await GetAsync(ct),
            ManagedTeamIds = set.Contains(Roles.Manager) ? await ManagedTeamsAsync(id, ct) : NoTeams,
        };
    }

    private static readonly IReadOnlySet<int> NoTeams = new HashSet<int>();
}

/// <summary>Who manages which teams: dropped by any save of a team or a user (/Admin/Teams, /Admin/Users).</summary>
public sealed class ManagedTeamsCache(TimeProvider clock) : SavedChangesCache<IReadOnlyDictionary<string, IReadOnlySet<int>>>(clock, TimeSpan.FromMinutes(1))
{
    public override bool Touches(EntityEntry entry) => entry.Entity is Team or AppUser;
}

/// <summary>Hands each request's signed-in user the current levels (<see cref="VisibilityPrincipal"/>).</summary>
public sealed class VisibilityClaims(CurrentVisibility visibility, IHttpContextAccessor http) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal is VisibilityPrincipal || principal.Identity?.IsAuthenticated != true)
        {
            return principal;
        }

        var ct = http.HttpContext?.RequestAborted ?? CancellationToken.None;
        var managed = principal.IsInRole(Roles.Manager) ? await visibility.ManagedTeamsAsync(principal.Id(), ct) : new HashSet<int>();
        return new VisibilityPrincipal(principal, await visibility.GetAsync(ct), managed);
    }
}
