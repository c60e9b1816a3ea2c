using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Activities;

/// <summary>
/// Puts a deleted timeline entry back on its record's timeline (the save interceptor records it as Restored); the
/// records' LastActivityAt moves forward when the entry is their latest, as when it was logged.
/// </summary>
public sealed class RestoreActivity(CrmDbContext db, RecordKinds kinds, DeletedActivities deleted, ChangeScope changes)
{
    /// <summary>The page of the entry's record, or null when the user may not restore it or it is not in the bin.</summary>
    public async Task<string?> Handle(int id, CrmUser user, CancellationToken ct)
    {
        var activity = await deleted.Restorable(user).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (activity is null || kinds.Find(activity.LoggedOn.Kind) is not { } kind)
        {
            return null;
        }

        using var scope = changes.Begin(ChangeSource.Restore);
        activity.DeletedAt = null;
        // As when it was logged: the records' last activity moves forward, no version is bumped.
        await ActivityRecordDates.SaveAndTouchRecordsAsync(db, kinds, activity, ct);
        return kind.DetailsPath(activity.LoggedOn.Id);
    }
}
