using Crm.Web.Infrastructure.Localization;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Imports;

/// <summary>Step 5: where a job stands, for the status page and its polling endpoint.</summary>
public static class ImportProgress
{
    public sealed record Model(
        int Id,
        string Target,
        string FileName,
        string Status,
        string StatusText,
        bool Finished,
        int Total,
        int Processed,
        int Percent,
        int Created,
        int Updated,
        int Skipped,
        int Errors,
        int Possible,
        string? Message,
        string? ErrorFileUrl,
        string CreatedAt)
    {
        /// <summary>The static list the imported records joined (or join at the end).</summary>
        public int? ListId { get; init; }
    }

    public sealed class Handler(IStringLocalizer<SharedResource> l, UserTime time)
    {
        public Model Handle(ImportJob job)
        {
            var finished = job.Status is ImportStatus.Completed or ImportStatus.Failed;
            var percent = job.TotalRows == 0 ? (finished ? 100 : 0) : (int)Math.Min(100, job.ProcessedRows * 100L / job.TotalRows);
            return new Model(
                job.Id,
                job.Target,
                job.FileName,
                job.Status.ToString(),
                l[job.Status.ToString()],
                finished,
                job.TotalRows,
                job.ProcessedRows,
                job.Status == ImportStatus.Completed ? 100 : percent,
                job.CreatedCount,
                job.UpdatedCount,
                job.SkippedCount,
                job.ErrorCount,
                job.PossibleDuplicateCount,
                job.Message,
                job.ErrorCount > 0 ? $"/Imports/Errors/{job.Id}" : null,
                time.Format(job.CreatedAt))
            {
                ListId = job.ListId,
            };
        }
    }
}
