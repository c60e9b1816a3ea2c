using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Imports;

/// <summary>Step 3: the first rows as the import will treat them: created, updated, skipped as duplicates, or in error and why.</summary>
public static class PreviewImport
{
    public sealed record Row(int Number, RowAction Action, IReadOnlyList<string> Errors, IReadOnlyList<string> Values, int? MatchId, string? MatchName, string? MatchReason);

    public sealed record Page(ImportJob Job, RecordKind Kind, IReadOnlyList<string> Headers, IReadOnlyList<Row> Rows);

    public sealed class Handler(CrmDbContext db, ImportPipeline pipeline, IOptions<ImportOptions> options)
    {
        public async Task<Page> Handle(ImportJob job, CrmUser user, CancellationToken ct)
        {
            var importer = pipeline.Importer(job);
            await importer.LoadAsync(user, job.Duplicates, ct);
            var plans = ImportTable.DataRows(pipeline.Format(job), pipeline.Text, ct).Take(options.Value.PreviewRows).Select(importer.Plan).ToList();

            var part = pipeline.Part(job);
            var ids = plans.Select(p => p.MatchId).OfType<int>().Distinct().ToList();
            var names = await part.NamesAsync(db, user, ids, ct);
            var headers = part.PreviewHeaders.Select(h => pipeline.L[h].Value).ToList();

            var previewRows = plans.Select(p => new Row(
                p.Row.Number,
                p.Action,
                p.Errors,
                p.Values.Select(v => v ?? string.Empty).ToList(),
                p.MatchId,
                p.MatchId is int id ? names.GetValueOrDefault(id) : null,
                p.MatchReason)).ToList();
            return new Page(job, pipeline.Importable(job.Target)!, headers, previewRows);
        }
    }
}
