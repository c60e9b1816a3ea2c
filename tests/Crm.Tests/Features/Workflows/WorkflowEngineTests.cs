using Crm.Tests.Features.Deals;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Workflows;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Workflows;

/// <summary>Rules triggered by change events: each trigger, conditions with AND/OR and related records, run once.</summary>
public sealed class WorkflowEngineTests(WorkflowTestApp app) : IClassFixture<WorkflowTestApp>
{
    [Fact]
    public async Task A_new_record_matching_the_conditions_gets_a_task_for_its_owner_due_in_the_days_given()
    {
        var owner = await app.OwnerAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var rule = await app.AddRuleAsync(new WorkflowRule
        {
            RecordKind = ContactKind.Key,
            Trigger = WorkflowTrigger.RecordCreated,
            Conditions = [new("LastName", ConditionOperator.Contains, tag)],
            Actions = [WorkflowTestApp.Task("Call the new lead", days: 1)],
        });

        var matching = await app.AddContactAsync("Lead" + tag, owner.Id);
        var other = await app.AddContactAsync("Other", owner.Id);
        await app.RunJobAsync();

        var runs = await app.RunsAsync(rule);
        var run = Assert.Single(runs, r => r.RecordId == matching);
        Assert.Equal(WorkflowRunStatus.Succeeded, run.Status);
        Assert.True(Assert.Single(run.Conditions).Passed);
        Assert.Equal(WorkflowRunStatus.Skipped, Assert.Single(runs, r => r.RecordId == other).Status);
        var task = await app.WithDbAsync(db => db.Tasks.SingleAsync(t => t.RecordKind == ContactKind.Key && t.RecordId == matching));
        Assert.Equal(owner.Id, task.OwnerId);
        Assert.Equal("Call the new lead", task.Title);
        Assert.InRange(task.DueAt - app.Clock.GetUtcNow().UtcDateTime, TimeSpan.FromHours(23), TimeSpan.FromHours(25));
        Assert.Equal(0, await app.TaskCountAsync(other));

        // The task was saved as a workflow's change, naming the rule and run.
        var created = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.EntityType == "CrmTask" && a.EntityId == task.Id && a.Action == AuditAction.Created));
        Assert.Equal(ChangeSource.Workflow, created.Source);
        Assert.Equal(WorkflowRule.CorrelationOf(rule, run.Id), created.CorrelationId);
    }

    [Fact]
    public async Task A_field_changed_to_the_value_triggers_and_a_change_to_another_value_does_not()
    {
        var owner = await app.OwnerAsync();
        await app.SkipPastEventsAsync();
        var contact = await app.AddContactAsync("Changing", owner.Id);
        var rule = await app.AddRuleAsync(new WorkflowRule
        {
            RecordKind = ContactKind.Key,
            Trigger = WorkflowTrigger.FieldChanged,
            TriggerField = nameof(Contact.LifecycleStage),
            TriggerValue = "customer",
            Actions = [new(WorkflowActionType.AddTag) { Text = "Won customer" }],
        });

        await app.UpdateContactAsync(contact, c => c.LifecycleStage = LifecycleStage.Opportunity);
        await app.RunJobAsync();
        Assert.Empty(await app.RunsAsync(rule));

        await app.UpdateContactAsync(contact, c => c.LifecycleStage = LifecycleStage.Customer);
        await app.RunJobAsync();

        Assert.Equal(WorkflowRunStatus.Succeeded, Assert.Single(await app.RunsAsync(rule)).Status);
        var tags = await app.WithDbAsync(db => db.ContactTags.Where(t => t.ContactId == contact).Select(t => t.Tag!.Name).ToListAsync());
        Assert.Equal(["Won customer"], tags);
    }

    [Fact]
    public async Task Conditions_combine_with_and_or_and_read_the_related_company()
    {
        var owner = await app.OwnerAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var company = await app.WithDbAsync(async db =>
        {
            var c = new Company { Name = "Lyon Co " + tag };
            c.BillingAddress = new Crm.Web.Features.Shared.Address { City = "Lyon" };
            db.Companies.Add(c);
            await db.SaveChangesAsync();
            return c.Id;
        });
        List<WorkflowCondition> conditions =
        [
            new("CompanyId.BillingAddress.City", ConditionOperator.Equals, "lyon"),
            new("JobTitle", ConditionOperator.Equals, "CEO"),
        ];
        var all = await app.AddRuleAsync(new WorkflowRule { RecordKind = ContactKind.Key, Trigger = WorkflowTrigger.RecordCreated, Match = ConditionMatch.All, Conditions = conditions, Actions = [WorkflowTestApp.Task("All " + tag)] });
        var any = await app.AddRuleAsync(new WorkflowRule { RecordKind = ContactKind.Key, Trigger = WorkflowTrigger.RecordCreated, Match = ConditionMatch.Any, Conditions = conditions, Actions = [WorkflowTestApp.Task("Any " + tag)] });

        var inLyon = await app.AddContactAsync("InLyon" + tag, owner.Id, c => { c.CompanyId = company; c.JobTitle = "Buyer"; });
        var ceoInLyon = await app.AddContactAsync("CeoInLyon" + tag, owner.Id, c => { c.CompanyId = company; c.JobTitle = "CEO"; });
        var nowhere = await app.AddContactAsync("Nowhere" + tag, owner.Id, c => c.JobTitle = "Buyer");
        await app.RunJobAsync();

        var allRuns = (await app.RunsAsync(all)).ToDictionary(r => r.RecordId);
        var anyRuns = (await app.RunsAsync(any)).ToDictionary(r => r.RecordId);
        Assert.Equal(WorkflowRunStatus.Skipped, allRuns[inLyon].Status);
        Assert.Equal(WorkflowRunStatus.Succeeded, allRuns[ceoInLyon].Status);
        Assert.Equal(WorkflowRunStatus.Skipped, allRuns[nowhere].Status);
        Assert.Equal(WorkflowRunStatus.Succeeded, anyRuns[inLyon].Status);
        Assert.Equal(WorkflowRunStatus.Succeeded, anyRuns[ceoInLyon].Status);
        Assert.Equal(WorkflowRunStatus.Skipped, anyRuns[nowhere].Status);
        Assert.Equal([true, false], allRuns[inLyon].Conditions.Select(c => c.Passed));
        Assert.Equal("Lyon", allRuns[inLyon].Conditions[0].Actual);
    }

    [Fact]
    public async Task A_deal_moved_into_the_stage_triggers_the_stage_rule_once()
    {
        var owner = await app.OwnerAsync();
        var proposal = await app.WithDbAsync(db => db.PipelineStages.Where(s => s.Name == "Proposal").Select(s => s.Id).FirstAsync());
        var rule = await app.AddRuleAsync(new WorkflowRule
        {
            RecordKind = DealKind.Key,
            Trigger = WorkflowTrigger.StageEntered,
            TriggerStageId = proposal,
            Actions = [WorkflowTestApp.Task("Follow up on the quote", days: 3)],
        });
        var deal = await app.AddDealAsync("Quote deal " + Guid.NewGuid().ToString("N")[..6], new Crm.Tests.Features.RecordPages.TestUser(owner.Id, owner.Email!, null));
        await app.RunJobAsync();
        Assert.DoesNotContain(await app.RunsAsync(rule), r => r.RecordId == deal);

        await app.WithDbAsync(async db =>
        {
            var d = await db.Deals.FirstAsync(x => x.Id == deal);
            d.MoveTo(await db.PipelineStages.FirstAsync(s => s.Id == proposal), owner.Id, app.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        });
        await app.RunJobAsync();
        await app.RunJobAsync();

        Assert.Equal(WorkflowRunStatus.Succeeded, Assert.Single(await app.RunsAsync(rule), r => r.RecordId == deal).Status);
        Assert.Equal(1, await app.TaskCountAsync(deal, DealKind.Key));

        // A deal created straight in the stage entered it too.
        var created = await app.WithDbAsync(async db =>
        {
            var d = new Deal { Name = "Born quoted", OwnerId = owner.Id, Currency = "EUR" };
            d.SetAmount(0, 1m);
            d.Start(await db.PipelineStages.FirstAsync(s => s.Id == proposal), owner.Id, app.Clock.GetUtcNow().UtcDateTime);
            db.Deals.Add(d);
            await db.SaveChangesAsync();
            return d.Id;
        });
        await app.RunJobAsync();
        Assert.Equal(WorkflowRunStatus.Succeeded, Assert.Single(await app.RunsAsync(rule), r => r.RecordId == created).Status);
    }

    [Fact]
    public async Task Reading_the_same_change_events_twice_makes_one_run()
    {
        var owner = await app.OwnerAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var rule = await app.AddRuleAsync(new WorkflowRule
        {
            RecordKind = ContactKind.Key,
            Trigger = WorkflowTrigger.RecordCreated,
            Conditions = [new("LastName", ConditionOperator.Equals, "Twice" + tag)],
            Actions = [WorkflowTestApp.Task("Once")],
        });
        var cursorBefore = await app.WithDbAsync(db => db.WorkflowCursors.Select(c => c.LastEventId).FirstAsync());
        var contact = await app.AddContactAsync("Twice" + tag, owner.Id);
        await app.RunJobAsync();

        // As if the cursor's move had been lost (a crash after the runs committed, a second reader).
        await app.WithDbAsync(db => db.WorkflowCursors.ExecuteUpdateAsync(s => s.SetProperty(c => c.LastEventId, cursorBefore)));
        await app.RunJobAsync();

        Assert.Single(await app.RunsAsync(rule), r => r.RecordId == contact);
        Assert.Equal(1, await app.TaskCountAsync(contact));
    }

    [Fact]
    public async Task Records_quiet_for_the_days_given_fire_once_each_until_there_is_new_activity()
    {
        var owner = await app.OwnerAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var quiet = await app.AddContactAsync("Quiet" + tag, owner.Id);
        var busy = await app.AddContactAsync("Busy" + tag, owner.Id);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == quiet).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastActivityAt, now.AddDays(-40))));
        await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == busy).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastActivityAt, now.AddDays(-2))));
        var rule = await app.AddRuleAsync(new WorkflowRule
        {
            RecordKind = ContactKind.Key,
            Trigger = WorkflowTrigger.NoActivity,
            TriggerDays = 30,
            Conditions = [new("LastName", ConditionOperator.Contains, tag)],
            Actions = [new(WorkflowActionType.Notify) { Text = "Quiet for 30 days", Assignee = WorkflowAssignee.Owner }],
        });

        await app.RunJobAsync();
        await app.RunJobAsync();

        var run = Assert.Single(await app.RunsAsync(rule), r => r.Status != WorkflowRunStatus.Skipped);
        Assert.Equal(quiet, run.RecordId);
        var notification = await app.WithDbAsync(db => db.Notifications.SingleAsync(n => n.Key == $"workflow-{run.Id}-0"));
        Assert.Equal(owner.Id, notification.UserId);
        Assert.Equal($"/Contacts/Details/{quiet}", notification.Link);

        // New activity, then quiet again: a new occurrence.
        await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == quiet).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastActivityAt, now.AddDays(-31))));
        await app.RunJobAsync();
        Assert.Equal(2, (await app.RunsAsync(rule)).Count(r => r.RecordId == quiet));
    }
}
