using Crm.Web.Features.Contacts;
using Crm.Web.Features.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Workflows;

/// <summary>Pending work lives in the workflow tables: another instance on the same database carries it on.</summary>
public sealed class WorkflowRestartTests
{
    [Fact]
    public async Task A_second_instance_on_the_same_database_resumes_a_waiting_run_and_takes_back_a_step_left_running()
    {
        await using var first = new WorkflowTestApp();
        var owner = await first.OwnerAsync();
        var waiting = await first.AddRuleAsync(new WorkflowRule
        {
            RecordKind = ContactKind.Key,
            Trigger = WorkflowTrigger.RecordCreated,
            Conditions = [new("LastName", ConditionOperator.Equals, "Sequence")],
            Actions = [new(WorkflowActionType.Wait) { Days = 3 }, WorkflowTestApp.Task("After three days")],
        });
        var crashed = await first.AddRuleAsync(new WorkflowRule
        {
            RecordKind = ContactKind.Key,
            Trigger = WorkflowTrigger.RecordCreated,
            Conditions = [new("LastName", ConditionOperator.Equals, "Crashed")],
            Actions = [WorkflowTestApp.Task("Left running")],
        });
        var sequence = await first.AddContactAsync("Sequence", owner.Id);
        var crash = await first.AddContactAsync("Crashed", owner.Id);
        await first.RunJobAsync();
        Assert.Equal(WorkflowRunStatus.Waiting, Assert.Single(await first.RunsAsync(waiting), r => r.RecordId == sequence).Status);

        // The crash run's step was claimed by a process that died before finishing it.
        await first.WithDbAsync(async db =>
        {
            var runId = await db.WorkflowRuns.Where(r => r.RuleId == crashed && r.RecordId == crash).Select(r => r.Id).SingleAsync();
            await db.WorkflowRunSteps.Where(s => s.RunId == runId).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, WorkflowRunStatus.Running)
                .SetProperty(x => x.ClaimedAt, first.Clock.GetUtcNow().UtcDateTime)
                .SetProperty(x => x.NextAttemptAt, first.Clock.GetUtcNow().UtcDateTime)
                .SetProperty(x => x.FinishedAt, (DateTime?)null)
                .SetProperty(x => x.Attempts, 0));
            await db.Tasks.Where(t => t.RecordId == crash && t.RecordKind == ContactKind.Key).ExecuteDeleteAsync();
            await db.WorkflowRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, WorkflowRunStatus.Running).SetProperty(x => x.FinishedAt, (DateTime?)null));
        });

        await using var second = first.SecondInstance();
        second.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        await second.RunJobAsync();

        var resumed = Assert.Single(await second.RunsAsync(waiting), r => r.RecordId == sequence);
        Assert.Equal(WorkflowRunStatus.Succeeded, resumed.Status);
        Assert.Equal(1, await second.TaskCountAsync(sequence));
        Assert.Equal(WorkflowRunStatus.Succeeded, Assert.Single(await second.RunsAsync(crashed), r => r.RecordId == crash).Status);
        Assert.Equal(1, await second.TaskCountAsync(crash));
    }
}
