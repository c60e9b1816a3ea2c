using System.Diagnostics;
using System.Globalization;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Workflows;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>
/// <c>--workflow-records N</c>: a "no activity for 30 days" rule with a condition, over N contacts all quiet for 40 days,
/// evaluated by the real sweeper (<see cref="TimedTriggerSweeper"/>, as the recurring job runs it): wall and CPU seconds,
/// runs written, and the longest write transaction (how long users' saves may wait behind it); then a second sweep,
/// which must write nothing.
/// </summary>
public static class WorkflowBenchmark
{
    public static async Task<string> RunAsync(BenchmarkServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CrmDbContext>();
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Contacts.ExecuteUpdateAsync(s => s.SetProperty(c => c.LastActivityAt, now.AddDays(-40)));
        var contacts = await db.Contacts.CountAsync();
        db.WorkflowRules.Add(new WorkflowRule
        {
            Name = "Benchmark: quiet for 30 days",
            Enabled = true,
            RecordKind = ContactKind.Key,
            Trigger = WorkflowTrigger.NoActivity,
            TriggerDays = 30,
            Conditions = [new(nameof(Contact.LastName), ConditionOperator.IsNotEmpty, null)],
            Actions = [new(WorkflowActionType.Notify) { Text = "Quiet for 30 days", Assignee = WorkflowAssignee.Owner }],
            CreatedAt = now,
            UpdatedAt = now,
        });
        await db.SaveChangesAsync();

        var sweeper = services.GetRequiredService<TimedTriggerSweeper>();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var started = await sweeper.Run(CancellationToken.None);
        var wall = watch.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var longest = sweeper.LongestWrite;

        watch.Restart();
        var again = await services.GetRequiredService<TimedTriggerSweeper>().Run(CancellationToken.None);
        var second = watch.Elapsed;
        var runs = await db.WorkflowRuns.CountAsync();
        var steps = await db.WorkflowRunSteps.CountAsync();
        return string.Create(CultureInfo.InvariantCulture, $"""
            Workflow rule "no activity for 30 days" with one condition over {contacts} quiet contacts, {Environment.ProcessorCount} cores · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC
            | Measure | Value |
            | --- | ---: |
            | sweep: wall seconds | {wall.TotalSeconds:0.0} |
            | sweep: CPU seconds | {cpu.TotalSeconds:0.0} |
            | longest write transaction (ms) | {longest.TotalMilliseconds:0} |
            | write transactions: count, median, 2nd longest (ms) | {sweeper.Writes.Count}, {sweeper.Writes.Order().ElementAt(sweeper.Writes.Count / 2).TotalMilliseconds:0}, {sweeper.Writes.OrderDescending().Skip(1).FirstOrDefault().TotalMilliseconds:0} |
            | time in writes (s) | {sweeper.Writes.Sum(w => w.TotalSeconds):0.0} |
            | runs started | {started} |
            | second sweep: seconds, runs started | {second.TotalSeconds:0.0}, {again} |
            Runs {runs} · steps {steps}
            """);
    }
}
