using Crm.Web.Infrastructure.Auth;

namespace Crm.Web.Infrastructure.Records;

/// <summary>
/// Who sees and edits what: the one rule (ARCHITECTURE §4). Every list, detail, search, export,
/// report and API call filters through <see cref="VisibleTo{T}"/>; every write checks <see cref="CanEdit"/>.
/// Admins and managers see and edit everything; sales see and edit what they or their team own and
/// records with no owner; support and marketing read everything and edit nothing.
/// </summary>
public static class RecordAccess
{
    public static bool SeesEverything(this CrmUser user) =>
        user.IsIn(Roles.Admin) || user.IsIn(Roles.Manager) || user.IsIn(Roles.Support) || user.IsIn(Roles.Marketing);

    public static bool EditsEverything(this CrmUser user) =>
        user.IsIn(Roles.Admin) || user.IsIn(Roles.Manager);

    public static bool EditsOwnRecords(this CrmUser user) => user.EditsEverything() || user.IsIn(Roles.Sales);

    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> records, CrmUser user)
        where T : class, IOwned
    {
        if (user.SeesEverything())
        {
            return records;
        }

        if (!user.IsIn(Roles.Sales))
        {
            return records.Where(_ => false);
        }

        var me = user.Id;
        var team = user.TeamId;
        return team is null
            ? records.Where(r => r.OwnerId == null || r.OwnerId == me)
            : records.Where(r => r.OwnerId == null || r.OwnerId == me || r.TeamId == team);
    }

    /// <summary>Records the user may change: a subset of what they see.</summary>
    public static IQueryable<T> EditableBy<T>(this IQueryable<T> records, CrmUser user)
        where T : class, IOwned =>
        user.EditsEverything() ? records
        : user.IsIn(Roles.Sales) ? records.VisibleTo(WithoutReadAll(user))
        : records.Where(_ => false);

    public static bool CanSee(this CrmUser user, IOwned record) =>
        user.SeesEverything() || (user.IsIn(Roles.Sales) && OwnsOrShares(user, record));

    public static bool CanEdit(this CrmUser user, IOwned record) =>
        user.EditsEverything() || (user.IsIn(Roles.Sales) && OwnsOrShares(user, record));

    /// <summary>Whether the user may create records at all (support and marketing read only).</summary>
    public static bool CanCreate(this CrmUser user) => user.EditsOwnRecords();

    private static bool OwnsOrShares(CrmUser user, IOwned record) =>
        record.OwnerId is null || record.OwnerId == user.Id || (user.TeamId is not null && record.TeamId == user.TeamId);

    // A sales user who also holds a read-all role still edits only their own records.
    private static CrmUser WithoutReadAll(CrmUser user) =>
        user with { Roles = new HashSet<string>([Roles.Sales], StringComparer.Ordinal) };
}
