using System.Diagnostics;
using System.Globalization;
using Crm.Web.Features.Tickets;
using Crm.Web.Features.Tickets.Sla;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>
/// <c>--tickets-sla N</c>: N open tickets spread over the demo users — 2 % past their deadline, 5 % past their at-risk
/// share, the rest quiet — then the real escalation sweep (<see cref="SlaEscalationSweeper.Run"/>, as Hangfire calls it
/// every minute) twice: the first escalates, the second finds nothing left (the cost of a quiet minute). The target: each
/// run in seconds, whatever N, because a run reads only the indexed ranges that are due.
/// </summary>
public static class SlaBenchmark
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
                var tickets = Enumerable.Range(start, Math.Min(1000, count - start)).Select(i =>
                {
                    var user = users[i % users.Count];
                    var (due, warn) = (i % 100) switch
                    {
                        < 2 => (now.AddMinutes(-5), now.AddHours(-1)),
                        < 7 => (now.AddHours(1), now.AddMinutes(-1)),
                        _ => (now.AddDays(2 + (i % 5)), now.AddDays(1 + (i % 5))),
                    };
                    return new Ticket
                    {
                        Number = string.Create(CultureInfo.InvariantCulture, $"B-{i:000000}"),
                        Subject = $"Benchmark ticket {i}",
                        Status = i % 3 == 0 ? TicketStatus.New : TicketStatus.Open,
                        Priority = (TicketPriority)(i % 4),
                        OwnerId = user.Id,
                        TeamId = user.TeamId,
                        CreatedAt = now.AddHours(-3),
                        UpdatedAt = now.AddHours(-3),
                        FirstRespondedAt = now.AddHours(-2),
                        ResolutionDueAt = due,
                        ResolutionWarnAt = warn,
                    };
                }).ToList();
                db.Tickets.AddRange(tickets);
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        var seed = watch.Elapsed;
        var (first, firstTime, firstCpu) = await SweepAsync(server);
        var (second, secondTime, secondCpu) = await SweepAsync(server);

        await using var check = server.Services.CreateAsyncScope();
        var read = check.ServiceProvider.GetRequiredService<CrmDbContext>();
        var breached = await read.Tickets.CountAsync(t => t.BreachedAt != null);
        var atRisk = await read.Tickets.CountAsync(t => t.AtRiskAt != null);
        var notifications = await read.Notifications.CountAsync(n => n.Key!.StartsWith("sla-"));
        return string.Create(CultureInfo.InvariantCulture, $"""
            {count} open tickets, {Environment.ProcessorCount} cores · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC
            | Step | Seconds |
            | --- | ---: |
            | seed {count} tickets (benchmark only) | {seed.TotalSeconds:0.0} |
            | first sweep: {first.Breached} breached, {first.AtRisk} at risk (batches of {SlaEscalationSweeper.BatchSize}) | {firstTime.TotalSeconds:0.00} |
            | CPU of the first sweep | {firstCpu.TotalSeconds:0.00} |
            | second sweep, nothing due: {second.Breached} breached, {second.AtRisk} at risk | {secondTime.TotalSeconds:0.00} |
            | CPU of the second sweep | {secondCpu.TotalSeconds:0.00} |
            Tickets breached {breached} · at risk {atRisk} · notifications {notifications}
            """);
    }

    private static async Task<(SlaEscalationSweeper.Result Result, TimeSpan Wall, TimeSpan Cpu)> SweepAsync(BenchmarkServer server)
    {
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await using var scope = server.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<SlaEscalationSweeper>().Run(CancellationToken.None);
        return (result, watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpuBefore);
    }
}
