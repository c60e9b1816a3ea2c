using Crm.Web.Infrastructure.Auth;

namespace Crm.Web.Infrastructure.Records;

/// <summary>How far a role's right reaches over a kind's records.</summary>
public enum AccessScope
{
    None,

    /// <summary>Records the user owns, and records nobody owns that are in no team or in the user's (its queue).</summary>
    Own,

    /// <summary>Records the user or their team owns, and records nobody owns.</summary>
    Team,

    All,
}

/// <summary>
/// Who reads, creates, edits and deletes a kind's records (ARCHITECTURE §4), declared by the kind and applied by the
/// one engine, <see cref="RecordAccess"/>. A user's reach is the widest their roles give; a role not named has none.
/// </summary>
public sealed record RecordAccessRule
{
    public required IReadOnlyDictionary<string, AccessScope> Read { get; init; }
    public required IReadOnlyDictionary<string, AccessScope> Edit { get; init; }
    public required IReadOnlyDictionary<string, AccessScope> Delete { get; init; }

    /// <summary>Roles that may create records (owned by themselves or, within their edit reach, by others).</summary>
    public required IReadOnlySet<string> Create { get; init; }

    /// <summary>
    /// Roles that may log activities (calls, notes…) on records they reach without editing the record itself: a support
    /// agent notes a customer call. Whoever may edit a record logs on it too (<see cref="LogScope"/>).
    /// </summary>
    public IReadOnlyDictionary<string, AccessScope> Log { get; init; } = Scopes();

    /// <summary>
    /// The customer record's rule: admins and managers see and change everything; sales see and change what they or
    /// their team own and what nobody owns; support and marketing read everything and change nothing, and support logs
    /// calls and notes on what it reads.
    /// </summary>
    public static RecordAccessRule CustomerRecord { get; } = new()
    {
        Read = Scopes((Roles.Admin, AccessScope.All), (Roles.Manager, AccessScope.All), (Roles.Support, AccessScope.All), (Roles.Marketing, AccessScope.All), (Roles.Sales, AccessScope.Team)),
        Edit = Scopes((Roles.Admin, AccessScope.All), (Roles.Manager, AccessScope.All), (Roles.Sales, AccessScope.Team)),
        Delete = Scopes((Roles.Admin, AccessScope.All), (Roles.Manager, AccessScope.All), (Roles.Sales, AccessScope.Team)),
        Create = new HashSet<string>([Roles.Admin, Roles.Manager, Roles.Sales], StringComparer.Ordinal),
        Log = Scopes((Roles.Support, AccessScope.All)),
    };

    public static IReadOnlyDictionary<string, AccessScope> Scopes(params (string Role, AccessScope Scope)[] scopes) =>
        scopes.ToDictionary(s => s.Role, s => s.Scope, StringComparer.Ordinal);

    public AccessScope ReadScope(CrmUser user) => Widest(Read, user);

    public AccessScope EditScope(CrmUser user) => Widest(Edit, user);

    public AccessScope DeleteScope(CrmUser user) => Widest(Delete, user);

    public bool CanCreate(CrmUser user) => user.Roles.Any(Create.Contains);

    /// <summary>How far the user may log activities: their log reach or their edit reach, whichever is wider.</summary>
    public AccessScope LogScope(CrmUser user)
    {
        var log = Widest(Log, user);
        var edit = EditScope(user);
        return log > edit ? log : edit;
    }

    /// <summary>A rule that names a role the app does not know, or gives no one any right, is a declaration mistake.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var role in Read.Keys.Concat(Edit.Keys).Concat(Delete.Keys).Concat(Log.Keys).Concat(Create).Distinct().Where(r => !Roles.All.Contains(r)))
        {
            yield return $"unknown role '{role}'";
        }

        if (!Read.Values.Any(s => s != AccessScope.None))
        {
            yield return "no role may read";
        }

        foreach (var (role, scope) in Edit.Concat(Delete).Concat(Log).Where(e => e.Value > Widest(Read, e.Key)))
        {
            yield return $"'{role}' may change records ({scope}) it cannot read";
        }
    }

    private static AccessScope Widest(IReadOnlyDictionary<string, AccessScope> scopes, CrmUser user)
    {
        var widest = AccessScope.None;
        foreach (var role in user.Roles)
        {
            if (scopes.TryGetValue(role, out var scope) && scope > widest)
            {
                widest = scope;
            }
        }

        return widest;
    }

    private static AccessScope Widest(IReadOnlyDictionary<string, AccessScope> scopes, string role) =>
        scopes.TryGetValue(role, out var scope) ? scope : AccessScope.None;
}
