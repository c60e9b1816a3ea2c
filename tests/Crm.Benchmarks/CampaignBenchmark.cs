using System.Diagnostics;
using System.Globalization;
using Crm.Web.Features.Campaigns;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>
/// <c>--campaign N</c>: N demo contacts, all with consent granted (benchmark only), added to an email campaign in one
/// INSERT … SELECT; then the real sender queues the send (batches of the configured size, one transaction each) and the
/// real outbox sender drains it to the pickup folder. Prints wall and CPU seconds of each step; the targets are the queue
/// in under 30 s and the drain at 200 messages a second on two cores.
/// </summary>
public static class CampaignBenchmark
{
    public static async Task<string> RunAsync(BenchmarkServer server)
    {
        int campaignId;
        int contacts;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            await db.Contacts.Where(c => c.Email != null).ExecuteUpdateAsync(s => s.SetProperty(c => c.Consent, ConsentState.Granted).SetProperty(c => c.Status, ContactStatus.Active));
            contacts = await db.Contacts.CountAsync(c => c.Email != null);
            var campaign = new Campaign { Name = "Benchmark send " + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture), MailTemplateId = 3 };
            db.Campaigns.Add(campaign);
            await db.SaveChangesAsync();
            campaignId = campaign.Id;
        }

        var (add, addCpu, added) = await TimedAsync(server, services =>
            services.GetRequiredService<CampaignMembers>().AddAsync(campaignId, services.GetRequiredService<CrmDbContext>().Contacts.Where(c => c.Email != null).Select(c => c.Id), CancellationToken.None));
        await using (var scope = server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Campaigns.Where(c => c.Id == campaignId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.SendAt, DateTime.UtcNow.AddSeconds(-1)));
        }

        var (queue, queueCpu, queued) = await TimedAsync(server, services => services.GetRequiredService<CampaignSender>().Run(campaignId, CancellationToken.None));
        var (drain, drainCpu, sent) = await TimedAsync(server, services => services.GetRequiredService<OutboxSender>().Run(CancellationToken.None));
        var files = Directory.Exists(Path.Combine(server.DataDirectory, "mail")) ? Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "mail"), "*.eml").Count() : 0;
        return string.Create(CultureInfo.InvariantCulture, $"""
            Campaign send to {added} members ({contacts} contacts with an address), {Environment.ProcessorCount} cores · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC
            | Step | Seconds | CPU seconds | Rate |
            | --- | ---: | ---: | ---: |
            | add every contact as a member (one INSERT … SELECT) | {add.TotalSeconds:0.0} | {addCpu.TotalSeconds:0.0} | |
            | queue the send into the outbox ({queued} messages) | {queue.TotalSeconds:0.0} | {queueCpu.TotalSeconds:0.0} | {queued / Math.Max(0.001, queue.TotalSeconds):0} msg/s |
            | drain the outbox to the pickup folder ({sent} messages) | {drain.TotalSeconds:0.0} | {drainCpu.TotalSeconds:0.0} | {sent / Math.Max(0.001, drain.TotalSeconds):0} msg/s |
            .eml files in the pickup folder: {files}
            """);
    }

    private static async Task<(TimeSpan Wall, TimeSpan Cpu, int Result)> TimedAsync(BenchmarkServer server, Func<IServiceProvider, Task<int>> step)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = await step(scope.ServiceProvider);
        return (watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu, result);
    }
}
