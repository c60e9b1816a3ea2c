using Crm.Web.Features.Contacts;
using Crm.Web.Features.Companies;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Activities;

/// <summary>
/// Puts a deleted timeline entry back on its record's timeline (the save interceptor records it as Restored); the
/// record's LastActivityAt moves forward when the entry is its latest, as when it was logged.
/// </summary>
public sealed class RestoreActivity(CrmDbContext db, DeletedActivities deleted, ChangeScope changes)
{
    /// <summary>The page of the entry's record, or null when the user may not restore it or it is not in the bin.</summary>
    public async Task<string?> Handle(int id, CrmUser user, CancellationToken ct)
    {
        var activity = await deleted.Restorable(user).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (activity is null)
        {
            return null;
        }

        using var scope = changes.Begin(ChangeSource.Restore);
        activity.DeletedAt = null;
        // As when it was logged: the records' last activity moves forward, no version is bumped.
        await ActivityRecordDates.SaveAndTouchRecordsAsync(db, activity, ct);

        return activity.ContactId is int contact ? Contact.Kind.DetailsPath(contact) : Company.Kind.DetailsPath(activity.CompanyId!.Value);
    }
}
