using Crm.Web.Features.Contacts;
using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Workflows;

/// <summary>
/// The shipped example rules, written once at start when missing and disabled: an admin reads them, adapts them and
/// turns them on. A removed or edited example is never written over (each is found by its <see cref="WorkflowRule.Example"/> key).
/// A new install's change-event cursor starts at the end of the log: rules act on changes made after the engine exists.
/// </summary>
public sealed class WorkflowExamples(CrmDbContext db, TimeProvider clock) : IStartupData
{
    public async Task EnsureAsync(CancellationToken ct)
    {
        if (!await db.WorkflowCursors.AnyAsync(c => c.Id == WorkflowCursor.ChangeEvents, ct))
        {
            db.WorkflowCursors.Add(new WorkflowCursor { LastEventId = await db.AuditEntries.MaxAsync(a => (long?)a.Id, ct) ?? 0 });
        }

        var present = await db.WorkflowRules.Where(r => r.Example != null).Select(r => r.Example).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var proposal = await db.PipelineStages.AsNoTracking()
            .Where(s => s.RemovedAt == null && (s.Name == "Proposal" || s.Name == "Quote" || s.Name == "Proposition"))
            .OrderBy(s => s.PipelineId).ThenBy(s => s.Position).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct);
        WorkflowRule[] examples =
        [
            new()
            {
                Example = "new-lead-call",
                Name = "New lead: call task for the owner tomorrow",
                RecordKind = ContactKind.Key,
                Trigger = WorkflowTrigger.RecordCreated,
                Conditions = [new(nameof(Contact.LifecycleStage), ConditionOperator.Equals, nameof(LifecycleStage.Lead))],
                Actions = [new(WorkflowActionType.CreateTask) { Text = "Call the new lead", Days = 1, Assignee = WorkflowAssignee.Owner }],
            },
            new()
            {
                Example = "deal-untouched",
                Name = "Deal untouched for 14 days: remind the owner",
                RecordKind = DealKind.Key,
                Trigger = WorkflowTrigger.NoActivity,
                TriggerDays = 14,
                Conditions = [new(nameof(Deal.Status), ConditionOperator.Equals, nameof(DealStatus.Open))],
                Actions = [new(WorkflowActionType.Notify) { Text = "This deal has had no activity for 14 days", Assignee = WorkflowAssignee.Owner }],
            },
            new()
            {
                Example = "quote-follow-up",
                Name = "Quote sent: follow-up task in 3 days",
                RecordKind = DealKind.Key,
                Trigger = WorkflowTrigger.StageEntered,
                TriggerStageId = proposal,
                Actions = [new(WorkflowActionType.CreateTask) { Text = "Follow up on the quote", Days = 3, Assignee = WorkflowAssignee.Owner }],
            },
        ];
        foreach (var example in examples.Where(e => !present.Contains(e.Example) && (e.Trigger != WorkflowTrigger.StageEntered || e.TriggerStageId is not null)))
        {
            example.CreatedAt = example.UpdatedAt = now;
            db.WorkflowRules.Add(example);
        }

        await db.SaveChangesAsync(ct);
    }
}
