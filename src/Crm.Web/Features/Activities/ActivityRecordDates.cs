using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Activities;

/// <summary>How a timeline entry that appears (logged, or back from the recycle bin) reaches its records.</summary>
public static class ActivityRecordDates
{
    /// <summary>
    /// Saves the pending changes (the entry) and moves the LastActivityAt of every record it is attached to forward (the
    /// rule of Contact.TouchActivity, as one conditional UPDATE per record, <see cref="RecordKind.TouchLastActivityAsync"/>).
    /// Done in SQL rather than through the tracked entities so that logging a call bumps no version: someone editing the
    /// contact meanwhile must not get a false conflict, and two people logging at once cannot lose each other's date.
    /// </summary>
    /// <param name="alsoWrite">What else the same transaction writes once the entry has its id (a meeting's reminder).</param>
    public static async Task SaveAndTouchRecordsAsync(CrmDbContext db, RecordKinds kinds, Activity activity, CancellationToken ct, Func<CancellationToken, Task>? alsoWrite = null)
    {
        var at = activity.OccurredAt;
        // SQL Server retries on transient errors; a transaction of our own must then run inside the strategy.
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            if (alsoWrite is not null)
            {
                await alsoWrite(ct);
            }

            foreach (var record in activity.AttachedRecords)
            {
                if (kinds.Find(record.Kind) is { } kind)
                {
                    await kind.TouchLastActivityAsync(db, record.Id, at, ct);
                }
            }

            await transaction.CommitAsync(ct);
        });
    }
}
