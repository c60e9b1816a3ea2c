using Crm.Web.Infrastructure.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Imports;

/// <summary>
/// At start, hands the import jobs still queued in the database back to Hangfire: with the in-memory storage a restart
/// forgets enqueued jobs, but the ImportJobs table does not (ARCHITECTURE §6). Running one twice is harmless: the job claims its row.
/// </summary>
public sealed class QueuedImportsResumer(IServiceScopeFactory scopes, ILogger<QueuedImportsResumer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (scope.ServiceProvider.GetService<IBackgroundJobClient>() is not { } jobs)
        {
            return;
        }

        try
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var queued = await db.ImportJobs.AsNoTracking().Where(j => j.Status == ImportStatus.Queued).Select(j => j.Id).ToListAsync(stoppingToken);
            foreach (var id in queued)
            {
                jobs.Enqueue<RunImport>(run => run.Run(id, CancellationToken.None));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not resume the queued imports");
        }
    }
}
