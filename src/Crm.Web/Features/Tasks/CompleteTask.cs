using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tasks;

/// <summary>
/// Ticks a task done, or reopens it, from a list or its page: only a task the user may edit (not seen: 404). Completing a
/// repeating task opens the next one in the same save; the reminder of a done task goes, a reopened one's comes back.
/// </summary>
public sealed class CompleteTask(CrmDbContext db, UserTime time, TimeProvider clock)
{
    /// <summary>Done with the next occurrence's id, or null when the task does not repeat (or was done already).</summary>
    public async Task<Outcome<int?>> CompleteAsync(int id, CrmUser user, CancellationToken ct)
    {
        var task = await db.Tasks.VisibleTo(user).Include(t => t.Tags).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (RecordEditing.Refuses(task, user, out var refused))
        {
            return refused;
        }

        var next = task.Complete(user.Id, clock.GetUtcNow().UtcDateTime, time.Zone);
        await TaskReminders.SyncAsync(db, task, ct, clock.GetUtcNow().UtcDateTime);
        if (next is null)
        {
            await db.SaveChangesAsync(ct);
            return Outcome.Done<int?>(null);
        }

        // The next occurrence's reminder names its id: the three rows commit together.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            db.Tasks.Add(next);
            await db.SaveChangesAsync(token);
            await TaskReminders.SyncAsync(db, next, token, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
        }, ct);
        return Outcome.Done<int?>(next.Id);
    }

    public async Task<Outcome<int>> ReopenAsync(int id, CrmUser user, CancellationToken ct)
    {
        var task = await db.Tasks.VisibleTo(user).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (RecordEditing.Refuses(task, user, out var refused))
        {
            return refused;
        }

        if (task.CompletedAt is DateTime completedAt && task.Recurrence != TaskRecurrence.None)
        {
            // Undoing a tick takes back the occurrence it opened, while nobody has done it yet.
            var nextDue = CrmTask.NextDue(task.DueAt, task.Recurrence, time.Zone);
            var opened = await db.Tasks.EditableBy(user)
                .Where(t => t.Id != task.Id && t.CompletedAt == null && t.CreatedAt >= completedAt && t.DueAt == nextDue
                    && t.Title == task.Title && t.OwnerId == task.OwnerId && t.RecordKind == task.RecordKind && t.RecordId == task.RecordId)
                .OrderBy(t => t.Id).FirstOrDefaultAsync(ct);
            if (opened is not null)
            {
                opened.DeletedAt = clock.GetUtcNow().UtcDateTime;
                await TaskReminders.SyncAsync(db, opened, ct, clock.GetUtcNow().UtcDateTime);
            }
        }

        task.Reopen();
        await TaskReminders.SyncAsync(db, task, ct, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return Outcome.Done(task.Id);
    }
}
