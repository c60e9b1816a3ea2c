using Hangfire;

namespace Crm.Web.Features.Imports;

/// <summary>Starts an import job that is queued in the ImportJobs table.</summary>
public interface IImportRunner
{
    Task StartAsync(int jobId);
}

/// <summary>Production: a Hangfire fire-and-forget job, so the upload page answers at once and the progress page polls.</summary>
public sealed class HangfireImportRunner(IBackgroundJobClient jobs) : IImportRunner
{
    public Task StartAsync(int jobId)
    {
        jobs.Enqueue<RunImport>(run => run.Run(jobId, CancellationToken.None));
        return Task.CompletedTask;
    }
}

/// <summary>
/// With Hangfire disabled (tests, one-off tools) the import runs to its end before the request answers, in a scope of its own
/// like a Hangfire job. Synchronous on purpose: a test that posts "run" then reads the result sees a finished job, with no
/// timing to wait for, and the job class under test is the same one Hangfire runs.
/// </summary>
public sealed class InlineImportRunner(IServiceScopeFactory scopes) : IImportRunner
{
    public async Task StartAsync(int jobId)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RunImport>().Run(jobId, CancellationToken.None);
    }
}
