using Crm.Web.Features.Notifications;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tasks;

/// <summary>
/// Keeps a task's one pending reminder in step with the task, in the unit of work that saves the task: written when it
/// gets a reminder, moved with its due time or assignee, removed when it is done or loses its reminder. A fired
/// reminder stays as the record of what was sent.
/// </summary>
public static class TaskReminders
{
    public const string Source = TaskKind.Key;

    /// <summary>Tracks the change; the caller's SaveChanges writes it. The task must have its id.</summary>
    /// <param name="now">When given, a task already past its due time gets no reminder (reopening last week's task does not
    /// remind of it at once); one due later whose reminder time has passed is reminded at once.</param>
    public static async Task SyncAsync(CrmDbContext db, CrmTask task, CancellationToken ct, DateTime? now = null)
    {
        var rows = await db.Reminders.Where(r => r.Source == Source && r.SourceId == task.Id).ToListAsync(ct);
        var pending = rows.FirstOrDefault(r => r.FiredAt == null);
        var due = task.IsDone || task.DeletedAt is not null || task.OwnerId is null || task.DueAt < now ? null : task.RemindAt;
        if (due is not DateTime at)
        {
            if (pending is not null)
            {
                db.Reminders.Remove(pending);
            }

            return;
        }

        var owner = task.OwnerId!;
        if (pending is not null && pending.DueAt == at && pending.UserId == owner)
        {
            return;
        }

        // One row per task and user (a unique index): a reminder that already fired for this user makes way; what it
        // sent stays in the notifications and the outbox. A pending row a sweeper has claimed may be being fired now:
        // it goes too, and a new row (a new id, so a new notification key) takes its place.
        foreach (var old in rows.Where(r => r.FiredAt is not null && r.UserId == owner))
        {
            db.Reminders.Remove(old);
        }

        if (pending is not null && pending.ClaimedAt is null)
        {
            pending.DueAt = at;
            pending.UserId = owner;
            return;
        }

        if (pending is not null)
        {
            db.Reminders.Remove(pending);
        }

        db.Reminders.Add(new Reminder { Source = Source, SourceId = task.Id, UserId = owner, DueAt = at });
    }
}
