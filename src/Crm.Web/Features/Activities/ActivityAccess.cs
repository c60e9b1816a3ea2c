using System.Linq.Expressions;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Activities;

/// <summary>
/// Who sees and changes a timeline entry, written once for every kind: an entry is seen through the record it was
/// logged on (<see cref="Activity.LoggedOn"/>), by that kind's rule; it may be deleted and restored by anyone who may
/// edit that record, or by its author while they may create records of that kind.
/// </summary>
public static class ActivityAccess
{
    /// <summary>Entries logged on live records the user may see.</summary>
    public static IQueryable<Activity> SeenBy(this IQueryable<Activity> activities, CrmUser user, CrmDbContext db, RecordKinds kinds) =>
        activities.Where(Activity.LoggedOnAny(kinds.All.Select(k => (k.Key, k.VisibleIds(db, user)))));

    /// <summary>Entries the user may delete or restore (a subset of <see cref="SeenBy"/>), on live records.</summary>
    public static IQueryable<Activity> ChangeableBy(this IQueryable<Activity> activities, CrmUser user, CrmDbContext db, RecordKinds kinds)
    {
        var userId = user.Id;
        Expression<Func<Activity, bool>> byUser = a => a.CreatedById == userId;
        var onEditable = Activity.LoggedOnAny(kinds.All.Select(k => (k.Key, k.EditableIds(db, user))));
        var ownOnVisible = Activity.LoggedOnAny(kinds.All.Where(k => k.Access.CanCreate(user)).Select(k => (k.Key, k.VisibleIds(db, user))));
        return activities.Where(onEditable.Or(byUser.And(ownOnVisible)));
    }
}
