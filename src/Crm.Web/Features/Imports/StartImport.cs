using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Imports;

/// <summary>Step 4: queue the job and hand it to the runner. Only an uploaded job starts, and only once.</summary>
public static class StartImport
{
    public sealed class Handler(CrmDbContext db, IImportRunner runner)
    {
        public async Task Handle(ImportJob job, CancellationToken ct)
        {
            var queued = await db.ImportJobs.Where(j => j.Id == job.Id && j.Status == ImportStatus.Uploaded)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ImportStatus.Queued), ct);
            if (queued == 1)
            {
                await runner.StartAsync(job.Id);
            }
        }
    }
}
