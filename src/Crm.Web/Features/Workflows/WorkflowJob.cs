using Hangfire;

namespace Crm.Web.Features.Workflows;

/// <summary>
/// The recurring workflow job (every minute, and once at start): reads the new change events, sweeps the time
/// triggers, then runs the due steps. Each part is safe to run twice and on two instances at once; pending work lives
/// in the workflow tables, so a restart loses none of it (ARCHITECTURE §6).
/// </summary>
public sealed class WorkflowJob(ChangeEventReader reader, TimedTriggerSweeper sweeper, WorkflowStepRunner steps)
{
    public const string RecurringJobId = "workflows";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task Run(CancellationToken ct)
    {
        await reader.Run(ct);
        await sweeper.Run(ct);
        await steps.Run(ct);
    }
}

/// <summary>Schedules the workflow job with Hangfire and runs it once at start (the in-memory storage forgets schedules).</summary>
public sealed class WorkflowJobScheduler(IServiceScopeFactory scopes, ILogger<WorkflowJobScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (scope.ServiceProvider.GetService<IRecurringJobManager>() is not { } recurring)
        {
            return;
        }

        try
        {
            recurring.AddOrUpdate<WorkflowJob>(WorkflowJob.RecurringJobId, job => job.Run(CancellationToken.None), Cron.Minutely());
            scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>().Enqueue<WorkflowJob>(job => job.Run(CancellationToken.None));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not schedule the workflow job");
        }

        await Task.CompletedTask;
    }
}
