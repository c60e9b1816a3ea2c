using System.Globalization;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Imports;

/// <summary>Step 1: the upload. The file is checked by content and read through once before anything is recorded.</summary>
public static class UploadImport
{
    /// <summary>The upload page: the form and the user's recent imports of this kind.</summary>
    public sealed record Page(RecordKind Kind, long MaxUploadBytes, IReadOnlyList<RecentImport> Recent, string? Error = null)
    {
        public RecordImport Import => Kind.Importing!;
    }

    public sealed record RecentImport(int Id, string FileName, ImportStatus Status, DateTime CreatedAt, int TotalRows, int CreatedCount, int UpdatedCount, int ErrorCount);

    public sealed record Result(int? JobId, string? Error, bool TooLarge = false);

    public sealed class Handler(CrmDbContext db, ImportPipeline pipeline, IOptions<ImportOptions> options, TimeProvider clock)
    {
        /// <summary>The upload page of an importable kind.</summary>
        public async Task<Page> PageAsync(RecordKind kind, CrmUser user, string? error, CancellationToken ct)
        {
            var target = kind.Key;
            var recent = await db.ImportJobs.AsNoTracking()
                .Where(j => j.UserId == user.Id && j.Target == target)
                .OrderByDescending(j => j.Id)
                .Take(10)
                .Select(j => new RecentImport(j.Id, j.FileName, j.Status, j.CreatedAt, j.TotalRows, j.CreatedCount, j.UpdatedCount, j.ErrorCount))
                .ToListAsync(ct);
            return new Page(kind, options.Value.MaxUploadBytes, recent, error);
        }

        public async Task<Result> Handle(string target, IFormFile? file, CrmUser user, CancellationToken ct)
        {
            var l = pipeline.L;
            var import = pipeline.PartFor(target) ?? throw new ArgumentException($"'{target}' is not an importable kind.", nameof(target));
            if (file is null)
            {
                return new Result(null, l["Choose a CSV, Excel (.xlsx) or vCard (.vcf) file to import."]);
            }

            if (file.Length > options.Value.MaxUploadBytes)
            {
                return new Result(null, TooLarge(pipeline, options.Value.MaxUploadBytes), TooLarge: true);
            }

            var stored = Guid.NewGuid().ToString("N") + ".upload";
            var path = pipeline.PathOf(stored);
            await using (var output = File.Create(path))
            {
                await file.CopyToAsync(output, ct);
            }

            try
            {
                var format = ImportTable.Sniff(path, pipeline.Text, pipeline.Limits);
                if (format.Kind == ImportFileKind.VCard && !import.TakesVCards)
                {
                    throw new ImportFileException(l["A vCard file holds contacts: import it from the contacts page."]);
                }

                var (total, headers) = ImportTable.CheckAndCount(format, pipeline.Text, ct);
                var job = new ImportJob
                {
                    Target = target,
                    UserId = user.Id,
                    FileName = Truncate(Path.GetFileName(file.FileName), 260),
                    StoredPath = stored,
                    Encoding = format.Encoding,
                    Separator = format.Kind == ImportFileKind.Csv ? format.Separator.ToString() : null,
                    MappingJson = ImportPipeline.MappingJson(import.Guess(headers)),
                    Duplicates = DuplicateHandling.Skip,
                    Status = ImportStatus.Uploaded,
                    TotalRows = total,
                    CreatedAt = clock.GetUtcNow().UtcDateTime,
                };
                db.ImportJobs.Add(job);
                await db.SaveChangesAsync(ct);
                return new Result(job.Id, null);
            }
            catch (ImportFileException e)
            {
                File.Delete(path);
                return new Result(null, e.Message);
            }
            catch
            {
                File.Delete(path);
                throw;
            }
        }

        private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
    }

    public static string TooLarge(ImportPipeline pipeline, long maxBytes) =>
        string.Format(CultureInfo.CurrentCulture, pipeline.L["The file is too large: the limit is {0} MB. Split it into smaller files."],
            Math.Round(maxBytes / 1024d / 1024d, 1));
}
