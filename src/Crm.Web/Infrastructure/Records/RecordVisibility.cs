using System.Collections.Concurrent;
using Crm.Web.Infrastructure.Auth;

namespace Crm.Web.Infrastructure.Records;

/// <summary>
/// How widely a kind's records are shared, set by an admin per kind at /Admin/Visibility: the organisation-wide
/// sharing default of the big CRMs (docs/decisions/0016-record-visibility-levels.md). <see cref="Team"/> is the rule
/// the kind declares, so an install that never chose a level keeps its behaviour.
/// </summary>
public enum VisibilityLevel
{
    /// <summary>Each user reaches the records they own, and the unassigned ones of their team (its queue).</summary>
    Private,

    /// <summary>The kind's declared rule.</summary>
    Team,

    /// <summary>Every role the kind lets read reads every record; changes stay as declared.</summary>
    EveryoneReads,

    /// <summary>Every role the kind lets read reads every record; every role it lets change or log does so on every record.</summary>
    EveryoneEdits,
}

public static class VisibilityLevels
{
    public const VisibilityLevel Default = VisibilityLevel.Team;

    /// <summary>Admins keep the kind's declared reach at every level; managers are narrowed to their teams (<see cref="ForManager"/>).</summary>
    public static bool IsLevelled(string role) => role is not (Roles.Admin or Roles.Manager);

    /// <summary>
    /// "Managers see their teams": at the private and team levels a manager reaches, with the rights the kind declares for
    /// managers, the records of the teams they belong to or manage (and their own, and those nobody owns in no team);
    /// at the everyone levels they keep the declared reach.
    /// </summary>
    private static AccessScope ForManager(AccessScope declared) => declared > AccessScope.Team ? AccessScope.Team : declared;

    /// <summary>
    /// The kind's declared rule at <paramref name="level"/>, for the ordinary roles: a level widens or narrows how far a
    /// role reaches, never what it may do at all (a role that may not edit a kind does not at any level), and never
    /// who may create.
    /// </summary>
    public static RecordAccessRule At(this RecordAccessRule declared, VisibilityLevel level) => level switch
    {
        VisibilityLevel.Team => declared with
        {
            Read = Managers(declared.Read),
            Edit = Managers(declared.Edit),
            Delete = Managers(declared.Delete),
            Log = Managers(declared.Log),
        },
        VisibilityLevel.Private => declared with
        {
            Read = Managers(Levelled(declared.Read, _ => AccessScope.Own)),
            Edit = Managers(Levelled(declared.Edit, _ => AccessScope.Own)),
            Delete = Managers(Levelled(declared.Delete, _ => AccessScope.Own)),
            Log = Managers(Levelled(declared.Log, _ => AccessScope.Own)),
        },
        VisibilityLevel.EveryoneReads => declared with { Read = Levelled(declared.Read, _ => AccessScope.All) },
        VisibilityLevel.EveryoneEdits => declared with
        {
            Read = Levelled(declared.Read, _ => AccessScope.All),
            Edit = Levelled(declared.Edit, _ => AccessScope.All),
            Log = Levelled(declared.Log, _ => AccessScope.All),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    /// <summary>Parses a level as posted or stored ("EveryoneReads"), names only: no numbers, no other casing.</summary>
    public static bool TryParse(string? value, out VisibilityLevel level)
    {
        level = Default;
        var found = Enum.GetValues<VisibilityLevel>().Where(l => string.Equals(l.ToString(), value, StringComparison.Ordinal)).ToList();
        if (found is not [var one])
        {
            return false;
        }

        level = one;
        return true;
    }

    private static Dictionary<string, AccessScope> Managers(IReadOnlyDictionary<string, AccessScope> scopes) =>
        scopes.ToDictionary(s => s.Key, s => s.Key == Roles.Manager ? ForManager(s.Value) : s.Value, StringComparer.Ordinal);

    private static Dictionary<string, AccessScope> Levelled(IReadOnlyDictionary<string, AccessScope> scopes, Func<AccessScope, AccessScope> to) =>
        scopes.ToDictionary(s => s.Key, s => s.Value == AccessScope.None || !IsLevelled(s.Key) ? s.Value : to(s.Value), StringComparer.Ordinal);
}

/// <summary>
/// The levels an admin chose, per kind key, and the rules they make: what <see cref="RecordAccess"/> applies. Kept by
/// <c>VisibilityCache</c>, handed to each request's <see cref="CrmUser"/>; a kind without a chosen level is at
/// <see cref="VisibilityLevels.Default"/>.
/// </summary>
public sealed class RecordVisibility(IReadOnlyDictionary<string, VisibilityLevel> levels)
{
    /// <summary>Every kind at its declared rule: before an admin chooses, and in code that acts for no request.</summary>
    public static RecordVisibility Declared { get; } = new(new Dictionary<string, VisibilityLevel>(StringComparer.Ordinal));

    private readonly ConcurrentDictionary<string, RecordAccessRule> _rules = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, VisibilityLevel> Levels { get; } = levels;

    public VisibilityLevel LevelOf(RecordKind kind) => Levels.TryGetValue(kind.Key, out var level) ? level : VisibilityLevels.Default;

    public RecordAccessRule Rule(RecordKind kind) => _rules.GetOrAdd(kind.Key, _ => kind.Access.At(LevelOf(kind)));
}
