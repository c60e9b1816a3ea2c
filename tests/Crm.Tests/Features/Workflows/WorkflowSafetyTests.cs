using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Workflows;

/// <summary>What keeps rules from hurting: loop protection, the dry run, visible failures, retries with backoff.</summary>
public sealed class WorkflowSafetyTests(WorkflowTestApp app) : IClassFixture<WorkflowTestApp>
{
    [Fact]
    public async Task A_rule_never_triggers_itself_and_a_chain_of_rules_stops_at_the_depth_limit()
    {
        var owner = await app.OwnerAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        await app.SkipPastEventsAsync();
        var contact = await app.AddContactAsync("Loop" + tag, owner.Id);
        await app.SkipPastEventsAsync();
        WorkflowRule Setting(string value) => new()
        {
            RecordKind = ContactKind.Key,
            Trigger = WorkflowTrigger.RecordUpdated,
            Conditions = [new("LastName", ConditionOperator.Equals, "Loop" + tag)],
            Actions = [new(WorkflowActionType.SetField) { Field = "JobTitle", Value = value + " " + Guid.NewGuid().ToString("N")[..4] }],
        };
        var ping = await app.AddRuleAsync(Setting("Ping"));
        var pong = await app.AddRuleAsync(Setting("Pong"));

        await app.UpdateContactAsync(contact, c => c.Description = "Start");
        for (var i = 0; i < 12; i++)
        {
            await app.RunJobAsync();
        }

        var runs = (await app.RunsAsync(ping)).Concat(await app.RunsAsync(pong)).Where(r => r.RecordId == contact).ToList();

        // Each rule's own change is not taken for a trigger of itself...
        Assert.Contains(runs, r => r.Status == WorkflowRunStatus.Skipped && Reason(r).Contains("this rule's own action", StringComparison.Ordinal));

        // ...and the ping-pong between the two stops after depth 5, logged.
        Assert.Contains(runs, r => Reason(r).Contains("triggered each other", StringComparison.Ordinal) && r.Depth == 6 && r.Status == WorkflowRunStatus.Skipped);
        Assert.Equal(6, runs.Max(r => r.Depth));
        Assert.Equal(5, runs.Where(r => r.Status == WorkflowRunStatus.Succeeded).Max(r => r.Depth));
        Assert.DoesNotContain(runs, r => r.Status is WorkflowRunStatus.Pending or WorkflowRunStatus.Running);

        // It has stopped for good.
        await app.RunJobAsync();
        Assert.Equal(runs.Count, (await app.RunsAsync(ping)).Concat(await app.RunsAsync(pong)).Count(r => r.RecordId == contact));
    }

    private static string Reason(WorkflowRun run) => WorkflowMessage.Decode(run.Reason)?.Text ?? string.Empty;

    [Fact]
    public async Task The_dry_run_shows_what_would_happen_and_writes_nothing()
    {
        var owner = await app.OwnerAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var contact = await app.AddContactAsync("Dry" + tag, owner.Id, c => c.JobTitle = "CEO");
        var rule = await app.AddRuleAsync(new WorkflowRule
        {
            RecordKind = ContactKind.Key,
            Trigger = WorkflowTrigger.FieldChanged,
            TriggerField = "Description",
            TriggerValue = "never " + tag,
            Conditions = [new("JobTitle", ConditionOperator.Equals, "ceo")],
            Actions =
            [
                WorkflowTestApp.Task("Call"),
                new(WorkflowActionType.Notify) { Text = "Look", Assignee = WorkflowAssignee.Owner },
                new(WorkflowActionType.SetField) { Field = "JobTitle", Value = "Chief" },
                new(WorkflowActionType.AddTag) { Text = "Dry tag " + tag },
            ],
        });
        await app.RunJobAsync();
        var counts = await CountsAsync();

        var client = await app.SignInAsync();
        var page = await client.GetStringAsync($"/Admin/Workflows/{rule}/Test?recordId={contact}");

        Assert.Contains("The conditions hold", page, StringComparison.Ordinal);
        Assert.Contains("Would create the task", page, StringComparison.Ordinal);
        Assert.Contains("Would set Job title from", page, StringComparison.Ordinal);
        Assert.Contains("Would add the tag", page, StringComparison.Ordinal);
        Assert.Equal(counts, await CountsAsync());
        Assert.Equal("CEO", await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == contact).Select(c => c.JobTitle).FirstAsync()));
        Assert.False(await app.WithDbAsync(db => db.Tags.AnyAsync(t => t.Name == "Dry tag " + tag)));
    }

    private Task<(int, int, long, int, int)> CountsAsync() => app.WithDbAsync(async db => (
        await db.Tasks.CountAsync(), await db.Notifications.CountAsync(), await db.AuditEntries.LongCountAsync(), await db.WorkflowRuns.CountAsync(), await db.Tags.CountAsync()));

    [Fact]
    public async Task A_condition_on_a_field_the_kind_no_longer_declares_fails_the_run_with_the_error_in_its_log()
    {
        var owner = await app.OwnerAsync();
        var rule = await app.AddRuleAsync(new WorkflowRule
        {
            RecordKind = ContactKind.Key,
            Trigger = WorkflowTrigger.RecordCreated,
            Conditions = [new("Shoesize", ConditionOperator.Equals, "42")],
            Actions = [WorkflowTestApp.Task("Never")],
        });
        var contact = await app.AddContactAsync("Gone field", owner.Id);
        await app.RunJobAsync();

        var run = Assert.Single(await app.RunsAsync(rule), r => r.RecordId == contact);
        Assert.Equal(WorkflowRunStatus.Failed, run.Status);
        Assert.Contains("Shoesize", string.Join(" ", WorkflowMessage.Decode(run.Reason)!.Args), StringComparison.Ordinal);
        Assert.Equal(0, await app.TaskCountAsync(contact));

        var client = await app.SignInAsync();
        var log = await client.GetStringAsync($"/Admin/Workflows/{rule}/Runs");
        Assert.Contains("The field Shoesize is not declared on contacts.", log, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"failed-runs\"", await client.GetStringAsync("/Admin/Workflows"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_set_field_on_a_field_no_longer_declared_fails_at_once_without_retries()
    {
        var owner = await app.OwnerAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var rule = await app.AddRuleAsync(new WorkflowRule
        {
            RecordKind = ContactKind.Key,
            Trigger = WorkflowTrigger.RecordCreated,
            Conditions = [new("LastName", ConditionOperator.Equals, "Setter" + tag)],
            Actions = [new(WorkflowActionType.SetField) { Field = "Nickname", Value = "x" }],
        });
        var contact = await app.AddContactAsync("Setter" + tag, owner.Id);
        await app.RunJobAsync();

        var run = Assert.Single(await app.RunsAsync(rule), r => r.RecordId == contact);
        Assert.Equal(WorkflowRunStatus.Failed, run.Status);
        var step = Assert.Single(run.Steps);
        Assert.Equal(WorkflowRunStatus.Failed, step.Status);
        Assert.Equal(1, step.Attempts);
        Assert.Contains("Nickname", step.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_action_is_retried_with_growing_waits_then_succeeds_and_a_retry_resumes_a_failed_run()
    {
        var owner = await app.OwnerAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var rule = await app.AddRuleAsync(new WorkflowRule
        {
            RecordKind = ContactKind.Key,
            Trigger = WorkflowTrigger.RecordCreated,
            Conditions = [new("LastName", ConditionOperator.Equals, "Retry" + tag)],
            Actions = [WorkflowTestApp.Task("Retried " + tag)],
        });

        // The database refuses new tasks for a while: a failure no retry can rule out.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("CREATE TRIGGER NoTasks BEFORE INSERT ON Tasks BEGIN SELECT RAISE(ABORT, 'tasks are refused'); END"));
        var contact = await app.AddContactAsync("Retry" + tag, owner.Id);
        await app.RunJobAsync();

        var step = Assert.Single(Assert.Single(await app.RunsAsync(rule), r => r.RecordId == contact).Steps);
        Assert.Equal(WorkflowRunStatus.Pending, step.Status);
        Assert.Equal(1, step.Attempts);
        Assert.InRange(step.NextAttemptAt!.Value - app.Clock.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(61));

        await app.RunJobAsync();
        Assert.Equal(1, Assert.Single(Assert.Single(await app.RunsAsync(rule), r => r.RecordId == contact).Steps).Attempts);

        app.Clock.Advance(TimeSpan.FromSeconds(61));
        await app.RunJobAsync();
        step = Assert.Single(Assert.Single(await app.RunsAsync(rule), r => r.RecordId == contact).Steps);
        Assert.Equal(2, step.Attempts);
        Assert.InRange(step.NextAttemptAt!.Value - app.Clock.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(115), TimeSpan.FromSeconds(121));

        // Every attempt fails: the run fails and shows up for admins.
        for (var i = 0; i < 4; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(20));
            await app.RunJobAsync();
        }

        var run = Assert.Single(await app.RunsAsync(rule), r => r.RecordId == contact);
        Assert.Equal(WorkflowRunStatus.Failed, run.Status);
        Assert.Equal(5, run.Steps[0].Attempts);
        Assert.Contains("tasks are refused", run.Steps[0].Error, StringComparison.Ordinal);

        // An admin retries it once the cause is gone.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TRIGGER NoTasks"));
        var client = await app.SignInAsync();
        var response = await client.PostFormAsync($"/Admin/Workflows/{rule}/Runs/{run.Id}/Retry", new(), $"/Admin/Workflows/{rule}/Runs");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        await app.RunJobAsync();

        Assert.Equal(WorkflowRunStatus.Succeeded, Assert.Single(await app.RunsAsync(rule), r => r.RecordId == contact).Status);
        Assert.Equal(1, await app.TaskCountAsync(contact));
    }
}
