using Crm.Web.Features.Activities;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tasks;

/// <summary>A task's page: what, when, for whom, about which record, its timeline and history.</summary>
public static class TaskDetails
{
    public sealed record Facts(
        int Id,
        string Title,
        string? Notes,
        DateTime DueAt,
        TaskPriority Priority,
        TaskRecurrence Recurrence,
        int? RemindMinutesBefore,
        string? RecordKind,
        int? RecordId,
        DateTime? CompletedAt,
        string? CompletedByName,
        string? OwnerId,
        string? OwnerName,
        int? TeamId,
        string? TeamName,
        DateTime CreatedAt,
        int Version);

    public sealed record View(RecordDetailsFrame Frame, Facts Task, IReadOnlyList<string> Tags, RegardedRecord? Regarding, bool Overdue) : RecordDetailsPage(Frame);

    public sealed class Handler(CrmDbContext db, ActivityTimeline.Handler timeline, RecordHistory history, TaskRegarding regarding, TimeProvider clock)
        : IRecordDetails<CrmTask>
    {
        public async Task<RecordDetailsPage?> HandleAsync(int id, CrmUser user, string? after, ActivityKind? type, bool allHistory, CancellationToken ct)
        {
            var facts = await db.Tasks.AsNoTracking().VisibleTo(user)
                .Where(t => t.Id == id)
                .Select(t => new Facts(
                    t.Id, t.Title, t.Notes, t.DueAt, t.Priority, t.Recurrence, t.RemindMinutesBefore, t.RecordKind, t.RecordId, t.CompletedAt,
                    db.Users.Where(u => u.Id == t.CompletedById).Select(u => u.DisplayName).FirstOrDefault(),
                    t.OwnerId, t.Owner != null ? t.Owner.DisplayName : null, t.TeamId, t.Team != null ? t.Team.Name : null, t.CreatedAt, t.Version))
                .FirstOrDefaultAsync(ct);
            if (facts is null)
            {
                return null;
            }

            var tags = await db.TaskTags.AsNoTracking().Where(t => t.TaskId == id).OrderBy(t => t.Tag!.Name).Select(t => t.Tag!.Name).ToListAsync(ct);
            var entries = await timeline.ForAsync<CrmTask>(id, after, user, ct, type: type);
            var frame = await RecordDetailsFrame.ReadAsync<CrmTask>(history, user, id, facts.Title, new OwnedRef(facts.OwnerId, facts.TeamId), entries, after, type, allHistory, ct);
            var record = await regarding.FindAsync(facts.RecordKind, facts.RecordId, user, ct);
            return new View(frame, facts, tags, record, facts.CompletedAt is null && facts.DueAt < clock.GetUtcNow().UtcDateTime);
        }
    }
}
