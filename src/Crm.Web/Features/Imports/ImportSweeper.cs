using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Imports;

/// <summary>
/// The recurring sweeper of import jobs (ARCHITECTURE §6): a job left Running by a crashed process (its heartbeat
/// stopped) goes back to Queued, and every Queued job is handed to the runner. A run claims its row atomically, so
/// handing a job over twice is harmless, and a resumed job starts after its last committed batch.
/// </summary>
public sealed class ImportSweeper(CrmDbContext db, IImportRunner runner, TimeProvider clock, ILogger<ImportSweeper> logger)
{
    /// <summary>A batch takes about a second; a job silent for this long has no process working on it.</summary>
    public static readonly TimeSpan Orphaned = TimeSpan.FromMinutes(10);

    public async Task Run(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - Orphaned;
        var revived = await db.ImportJobs
            .Where(j => j.Status == ImportStatus.Running && (j.HeartbeatAt == null || j.HeartbeatAt < cutoff))
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
    }
}
