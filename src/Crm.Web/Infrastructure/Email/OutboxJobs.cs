using Hangfire;

namespace Crm.Web.Infrastructure.Email;

/// <summary>
/// Wakes the outbox sender as soon as mail queued by a request is committed, rather than at the next minute. Without
/// Hangfire (tests, a process with jobs off) it does nothing and the mail waits for a sender run.
/// </summary>
public sealed class OutboxKick(IServiceProvider services)
{
    public void AfterCommit() => services.GetService<IBackgroundJobClient>()?.Enqueue<OutboxSender>(s => s.Run(CancellationToken.None));
}

/// <summary>Schedules the outbox sender every minute and runs it once at start, so mail left pending by a stopped process goes out.</summary>
public sealed class OutboxSchedule(IServiceScopeFactory scopes, ILogger<OutboxSchedule> logger) : BackgroundService
{
    public const string RecurringJobId = "outbox-sender";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (scope.ServiceProvider.GetService<IRecurringJobManager>() is not { } recurring)
        {
            return;
        }

        try
        {
            recurring.AddOrUpdate<OutboxSender>(RecurringJobId, sender => sender.Run(CancellationToken.None), Cron.Minutely());
            scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>().Enqueue<OutboxSender>(sender => sender.Run(CancellationToken.None));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not schedule the outbox sender");
        }
    }
}
