using System.Diagnostics;
using System.Globalization;
using Crm.Web.Features.Notifications;
using Crm.Web.Features.Tasks;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>
/// <c>--reminders N</c>: N open tasks spread over the demo users, each with a reminder due in the same minute, then one
/// run of the real sweeper job (<see cref="ReminderSweeper.Run"/>, as Hangfire calls it every minute). Prints the wall and
/// CPU time of the run and what it wrote: the target is every notification and email written within a minute.
/// </summary>
public static class RemindersBenchmark
{
    public static async Task<string> RunAsync(BenchmarkServer server, int count)
    {
        var watch = Stopwatch.StartNew();
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.TeamId }).ToListAsync();
            var now = DateTime.UtcNow;
            for (var start = 0; start < count; start += 1000)
            {
                var tasks = Enumerable.Range(start, Math.Min(1000, count - start)).Select(i =>
                {
                    var user = users[i % users.Count];
                    return new CrmTask { Title = $"Call customer {i}", DueAt = now.AddMinutes(15), RemindMinutesBefore = 15, OwnerId = user.Id, TeamId = user.TeamId };
                }).ToList();
                db.Tasks.AddRange(tasks);
                await db.SaveChangesAsync();
                db.Reminders.AddRange(tasks.Select(t => new Reminder { Source = TaskReminders.Source, SourceId = t.Id, UserId = t.OwnerId!, DueAt = now }));
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        var seed = watch.Elapsed;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        watch.Restart();
        int fired;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            fired = await scope.ServiceProvider.GetRequiredService<ReminderSweeper>().Run(CancellationToken.None);
        }

        var run = watch.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        await using var check = server.Services.CreateAsyncScope();
        var read = check.ServiceProvider.GetRequiredService<CrmDbContext>();
        var notifications = await read.Notifications.CountAsync(n => n.Key!.StartsWith("reminder-"));
        var mails = await read.Outbox.CountAsync(m => m.Key!.StartsWith("reminder-"));
        var pending = await read.Reminders.CountAsync(r => r.FiredAt == null);
        return string.Create(CultureInfo.InvariantCulture, $"""
            {count} reminders due in the same minute, {Environment.ProcessorCount} cores · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC
            | Step | Seconds |
            | --- | ---: |
            | seed {count} tasks and their reminders (benchmark only) | {seed.TotalSeconds:0.0} |
            | one sweeper run (batches of {ReminderSweeper.BatchSize}) | {run.TotalSeconds:0.0} |
            | CPU of the run | {cpu.TotalSeconds:0.0} |
            Fired {fired} · notifications {notifications} · emails queued {mails} · reminders still pending {pending}
            """);
    }
}
