using Crm.Web.Features.Contacts;
using Crm.Web.Features.Tasks;
using Crm.Web.Features.Workflows;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Workflows;

/// <summary>The app with tasks registered as a kind (the tasks part of issue 10 registers it; main has only the table).</summary>
public sealed class TasksKindApp : WorkflowTestApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddRecordKind<CrmTask>());
    }
}

public sealed class WorkflowTaskOverdueTests(TasksKindApp app) : IClassFixture<TasksKindApp>
{
    [Fact]
    public async Task An_open_task_past_its_due_time_fires_once_and_a_done_one_never()
    {
        var owner = await app.OwnerAsync();
        var rule = await app.AddRuleAsync(new WorkflowRule
        {
            RecordKind = TaskKind.Key,
            Trigger = WorkflowTrigger.TaskOverdue,
            Actions = [new(WorkflowActionType.Notify) { Text = "A task is overdue", Assignee = WorkflowAssignee.Owner }],
        });
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var (late, done, later) = await app.WithDbAsync(async db =>
        {
            CrmTask Task(string title, DateTime due, DateTime? completed = null) => new() { Title = title, DueAt = due, CompletedAt = completed, OwnerId = owner.Id };
            var l = Task("Late", now.AddHours(-2));
            var d = Task("Done", now.AddHours(-2), now.AddHours(-3));
            var f = Task("Future", now.AddHours(5));
            db.Tasks.AddRange(l, d, f);
            await db.SaveChangesAsync();
            return (l.Id, d.Id, f.Id);
        });

        await app.RunJobAsync();
        await app.RunJobAsync();

        var run = Assert.Single(await app.RunsAsync(rule));
        Assert.Equal(late, run.RecordId);
        Assert.Equal(WorkflowRunStatus.Succeeded, run.Status);
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == owner.Id && n.Key == $"workflow-{run.Id}-0" && n.Link == $"/Tasks/Details/{late}")));

        // The later task falls due: its own occurrence.
        app.Clock.Advance(TimeSpan.FromHours(6));
        await app.RunJobAsync();
        Assert.Equal([late, later], (await app.RunsAsync(rule)).Select(r => r.RecordId));
        Assert.DoesNotContain(await app.RunsAsync(rule), r => r.RecordId == done);
    }

    [Fact]
    public async Task The_overdue_trigger_is_refused_on_a_kind_other_than_tasks()
    {
        List<Crm.Web.Features.Shared.FieldError> checks = [];
        await app.WithScopeAsync(async sp => checks = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<WorkflowRuleChecks>(sp)
            .CheckAsync(new WorkflowRuleForm { Name = "x", RecordKind = ContactKind.Key, Trigger = WorkflowTrigger.TaskOverdue, Actions = [new() { Type = WorkflowActionType.Wait, Days = 1 }] }, CancellationToken.None));

        Assert.Contains(checks, e => e.Field == "Trigger");
    }
}
