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
    public static async Task SyncAsync(CrmDbContext db, CrmTask task, CancellationToken ct)
    {
        var pending = await db.Reminders.FirstOrDefaultAsync(r => r.Source == Source && r.SourceId == task.Id && r.FiredAt == null, ct);
        var due = task.IsDone || task.DeletedAt is not null || task.OwnerId is null ? null : task.RemindAt;
        if (due is not DateTime at)
        {
            if (pending is not null)
            {
                db.Reminders.Remove(pending);
            }

            return;
        }

        if (pending is null)
        {
            db.Reminders.Add(new Reminder { Source = Source, SourceId = task.Id, UserId = task.OwnerId!, DueAt = at });
        }
        else if (pending.DueAt != at || pending.UserId != task.OwnerId)
        {
            pending.DueAt = at;
            pending.UserId = task.OwnerId!;
            pending.ClaimedAt = null;
        }
    }
}
