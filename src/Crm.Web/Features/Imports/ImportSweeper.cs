using System.Linq.Expressions;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Imports;

/// <summary>
/// The recurring sweeper of import jobs (ARCHITECTURE §6): a job left Running by a crashed process (its heartbeat
/// stopped) goes back to Queued, and every Queued job is handed to the runner. A run claims its row atomically, so
/// handing a job over twice is harmless, and a resumed job starts after its last committed batch. It also deletes the
/// files of imports finished more than <see cref="ImportOptions.KeepFilesDays"/> ago, so uploads do not fill the disk.
/// </summary>
public sealed class ImportSweeper(CrmDbContext db, IImportRunner runner, ImportPipeline pipeline, IOptions<ImportOptions> options, TimeProvider clock, ILogger<ImportSweeper> logger)
{
    /// <summary>A batch takes about a second; a job silent for this long has no process working on it.</summary>
    public static readonly TimeSpan Orphaned = TimeSpan.FromMinutes(10);

    /// <summary>The recurring sweep: a Running job is orphaned once its heartbeat has stopped.</summary>
    public Task Run(CancellationToken ct) => SweepAsync(null, ct);

    /// <summary>
    /// The sweep at start of a process that runs every job itself (Hangfire's in-memory storage): a job whose last
    /// heartbeat is older than this process was left by one that is gone, and resumes at once rather than in ten minutes.
    /// </summary>
    public Task RunAtStart(DateTime processStartedAt, CancellationToken ct) => SweepAsync(processStartedAt, ct);

    /// <summary>
    /// The Running jobs no process works on. When several instances share the database (SQL Server), another one may
    /// be running a job: only a heartbeat silent for <see cref="Orphaned"/> tells. A process alone on its data since
    /// <paramref name="aloneSince"/> knows that any heartbeat before it came from a dead process.
    /// </summary>
    public static Expression<Func<ImportJob, bool>> OrphanedJobs(DateTime now, DateTime? aloneSince)
    {
        var cutoff = now - Orphaned;
        if (aloneSince > cutoff)
        {
            cutoff = aloneSince.Value;
        }

        return j => j.Status == ImportStatus.Running && (j.HeartbeatAt == null || j.HeartbeatAt < cutoff);
    }

    private async Task SweepAsync(DateTime? aloneSince, CancellationToken ct)
    {
        var revived = await db.ImportJobs
            .Where(OrphanedJobs(clock.GetUtcNow().UtcDateTime, aloneSince))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ImportStatus.Queued), ct);
        if (revived > 0)
        {
            logger.LogWarning("{Count} import job(s) had stopped without finishing; they are queued again", revived);
        }

        var queued = await db.ImportJobs.AsNoTracking().Where(j => j.Status == ImportStatus.Queued).OrderBy(j => j.Id).Select(j => j.Id).ToListAsync(ct);
        foreach (var id in queued)
        {
            await runner.StartAsync(id);
        }

        await DeleteOldFilesAsync(ct);
    }

    private async Task DeleteOldFilesAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.KeepFilesDays);
        var old = await db.ImportJobs.AsNoTracking()
            .Where(j => j.FinishedAt != null && j.FinishedAt < before)
            .Select(j => new { j.StoredPath, j.ErrorFilePath })
            .ToListAsync(ct);
        foreach (var name in old.SelectMany(j => new[] { j.StoredPath, j.ErrorFilePath }).OfType<string>().Where(n => n.Length > 0))
        {
            var path = pipeline.PathOf(name);
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }
}
