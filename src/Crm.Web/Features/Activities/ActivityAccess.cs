using System.Linq.Expressions;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Activities;

/// <summary>
/// Who sees and changes a timeline entry, written once for every kind: an entry is seen through the record it was
/// logged on (<see cref="Activity.LoggedOn"/>), by that kind's rule; it may be deleted and restored by anyone who may
/// edit that record, or by its author while they may log on records of that kind; it may be edited by its author (on
/// the same terms) or by an admin, since an entry's text is its author's word.
/// </summary>
public static class ActivityAccess
{
    /// <summary>Entries logged on live records the user may see.</summary>
    public static IQueryable<Activity> SeenBy(this IQueryable<Activity> activities, CrmUser user, CrmDbContext db, RecordKinds kinds) =>
        activities.Where(Activity.LoggedOnAny(kinds.All.Select(k => (k.Key, k.VisibleIds(db, user)))));

    /// <summary>Entries the user may delete or restore (a subset of <see cref="SeenBy"/>), on live records.</summary>
    public static IQueryable<Activity> ChangeableBy(this IQueryable<Activity> activities, CrmUser user, CrmDbContext db, RecordKinds kinds)
    {
        var onEditable = Activity.LoggedOnAny(kinds.All.Select(k => (k.Key, k.EditableIds(db, user))));
        return activities.Where(onEditable.Or(OwnWhereLogging(user, db, kinds)));
    }

    /// <summary>Entries the user may edit (a subset of <see cref="SeenBy"/>): their own, or any an admin sees.</summary>
    public static IQueryable<Activity> EditableBy(this IQueryable<Activity> activities, CrmUser user, CrmDbContext db, RecordKinds kinds) =>
        user.IsIn(Roles.Admin) ? activities.SeenBy(user, db, kinds) : activities.Where(OwnWhereLogging(user, db, kinds));

    /// <summary>Whether the user may edit an entry by its author (the in-memory twin of <see cref="EditableBy"/>, for the buttons).</summary>
    public static bool MayEdit(CrmUser user, string? authorId) => user.IsIn(Roles.Admin) || (authorId is not null && authorId == user.Id);

    /// <summary>The user's own entries on records they see, of kinds they may log on.</summary>
    private static Expression<Func<Activity, bool>> OwnWhereLogging(CrmUser user, CrmDbContext db, RecordKinds kinds)
    {
        var userId = user.Id;
        Expression<Func<Activity, bool>> byUser = a => a.CreatedById == userId;
        var onVisible = Activity.LoggedOnAny(kinds.All.Where(k => user.Access(k).LogScope(user) != AccessScope.None).Select(k => (k.Key, k.VisibleIds(db, user))));
        return byUser.And(onVisible);
    }
}
