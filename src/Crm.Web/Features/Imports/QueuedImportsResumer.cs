using Crm.Web.Infrastructure.Jobs;
using Hangfire;

namespace Crm.Web.Features.Imports;

/// <summary>
/// At start, sweeps the import jobs once (the in-memory Hangfire storage forgets enqueued jobs on restart, the
/// ImportJobs table does not), then leaves the sweeper to Hangfire every five minutes. With the in-memory storage this
/// process runs every job, so a job found Running from before it started resumes at once (<see cref="ImportSweeper.RunAtStart"/>).
/// </summary>
public sealed class QueuedImportsResumer(IServiceScopeFactory scopes, TimeProvider clock, ILogger<QueuedImportsResumer> logger) : BackgroundService
{
    public const string RecurringJobId = "import-sweeper";

    private readonly DateTime _startedAt = clock.GetUtcNow().UtcDateTime;

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
            var sweeper = scope.ServiceProvider.GetRequiredService<ImportSweeper>();
            await (JobsSetup.RunsJobsAlone(scope.ServiceProvider) ? sweeper.RunAtStart(_startedAt, stoppingToken) : sweeper.Run(stoppingToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not resume the queued imports");
        }
    }
}
