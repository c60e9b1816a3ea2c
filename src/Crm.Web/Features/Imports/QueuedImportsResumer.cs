using Hangfire;

namespace Crm.Web.Features.Imports;

/// <summary>
/// At start, sweeps the import jobs once (the in-memory Hangfire storage forgets enqueued jobs on restart, the
/// ImportJobs table does not), then leaves the sweeper to Hangfire every five minutes.
/// </summary>
public sealed class QueuedImportsResumer(IServiceScopeFactory scopes, ILogger<QueuedImportsResumer> logger) : BackgroundService
{
    public const string RecurringJobId = "import-sweeper";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (scope.ServiceProvider.GetService<IRecurringJobManager>() is not { } recurring)
        {
            return;
        }

        try
        {
            recurring.AddOrUpdate<ImportSweeper>(RecurringJobId, sweeper => sweeper.Run(CancellationToken.None), "*/5 * * * *");
            await scope.ServiceProvider.GetRequiredService<ImportSweeper>().Run(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not resume the queued imports");
        }
    }
}
