namespace Crm.Web.Infrastructure.Records;

/// <summary>
/// Who sees and changes what: the one engine (ARCHITECTURE §4) that applies each kind's <see cref="RecordAccessRule"/>.
/// Every list, detail, search, export, report and API call filters through <see cref="VisibleTo{T}"/>; every write
/// checks <see cref="CanEdit{T}"/> (or filters through <see cref="EditableBy{T}"/>). The rule is the kind's, at the
/// visibility level an admin chose for it (<see cref="RecordVisibility"/>), which the user carries.
/// </summary>
public static class RecordAccess
{
    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> records, CrmUser user)
        where T : class, IRecord<T> => records.Within(user.Access(T.Kind).ReadScope(user), user);

    /// <summary>Records the user may change: a subset of what they see.</summary>
    public static IQueryable<T> EditableBy<T>(this IQueryable<T> records, CrmUser user)
        where T : class, IRecord<T> => records.Within(user.Access(T.Kind).EditScope(user), user);

    public static IQueryable<T> DeletableBy<T>(this IQueryable<T> records, CrmUser user)
        where T : class, IRecord<T> => records.Within(user.Access(T.Kind).DeleteScope(user), user);

    public static bool CanSee<T>(this CrmUser user, IOwned record)
        where T : class, IRecord<T> => Reaches(user.Access(T.Kind).ReadScope(user), user, record);

    public static bool CanEdit<T>(this CrmUser user, IOwned record)
        where T : class, IRecord<T> => Reaches(user.Access(T.Kind).EditScope(user), user, record);

    /// <summary>Whether the user may log activities on the record (editors, and roles the kind lets log: support's notes).</summary>
    public static bool CanLog<T>(this CrmUser user, IOwned record)
        where T : class, IRecord<T> => Reaches(user.Access(T.Kind).LogScope(user), user, record);

    public static bool CanDelete<T>(this CrmUser user, IOwned record)
        where T : class, IRecord<T> => Reaches(user.Access(T.Kind).DeleteScope(user), user, record);

    /// <summary>Whether the user may create records of the kind at all.</summary>
    public static bool CanCreate<T>(this CrmUser user)
        where T : class, IRecord<T> => user.Access(T.Kind).CanCreate(user);

    /// <summary>Whether the user may change every record of the kind, whoever owns it (e.g. assign any owner).</summary>
    public static bool EditsAll<T>(this CrmUser user)
        where T : class, IRecord<T> => user.Access(T.Kind).EditScope(user) == AccessScope.All;

    /// <summary>
    /// Names the records of the kind the user sees: users with the same audience see the same records (everyone who sees
    /// them all shares "all"), so what is computed over them may be kept once for all of them.
    /// </summary>
    public static string ReadAudience<T>(this CrmUser user)
        where T : class, IRecord<T> => user.Access(T.Kind).ReadScope(user) switch
        {
            AccessScope.All => "all",
            AccessScope.Team when user.Teams.Count > 0 => $"team:{string.Join(',', user.Teams)}:{user.Id}",
            AccessScope.Team => "own:" + user.Id,
            AccessScope.Own => $"own:{user.TeamId}:{user.Id}",
            _ => "none",
        };

    private static IQueryable<T> Within<T>(this IQueryable<T> records, AccessScope scope, CrmUser user)
        where T : class, IOwned
    {
        var me = user.Id;
        var team = user.TeamId;
        var teams = user.Teams.ToArray();
        // A record nobody owns is shared only while it is in no team either: an unassigned ticket in another team's
        // queue is that team's, not everyone's. Own (the private level) keeps the unassigned records of the user's team:
        // its queue is worked by whoever takes a record from it.
        return scope switch
        {
            AccessScope.All => records,
            // A manager's teams: an IN over the ids (one parameter each), which keeps the TeamId indexes usable.
            AccessScope.Team when teams is [var one] => records.Where(r => (r.OwnerId == null && r.TeamId == null) || r.OwnerId == me || r.TeamId == one),
            AccessScope.Team when teams.Length > 0 => records.Where(r => (r.OwnerId == null && r.TeamId == null) || r.OwnerId == me || (r.TeamId != null && teams.Contains(r.TeamId.Value))),
            AccessScope.Own when team is not null => records.Where(r => (r.OwnerId == null && (r.TeamId == null || r.TeamId == team)) || r.OwnerId == me),
            AccessScope.Team or AccessScope.Own => records.Where(r => (r.OwnerId == null && r.TeamId == null) || r.OwnerId == me),
            _ => records.Where(_ => false),
        };
    }

    private static bool Reaches(AccessScope scope, CrmUser user, IOwned record) => scope switch
    {
        AccessScope.All => true,
        AccessScope.Team => (record.OwnerId is null && record.TeamId is null) || record.OwnerId == user.Id || (record.TeamId is int team && user.Teams.Contains(team)),
        AccessScope.Own => (record.OwnerId is null && (record.TeamId is null || record.TeamId == user.TeamId)) || record.OwnerId == user.Id,
        _ => false,
    };
}
