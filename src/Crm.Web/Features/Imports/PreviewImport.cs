using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Imports;

/// <summary>
/// Step 3: every row of the file decided as the job will decide it (the importer's one <see cref="IRowImporter.Plan"/>,
/// in file order, so a row repeating an earlier one shows as a duplicate), counted for the whole file; the first rows
/// are shown with their reasons. The file is streamed: only the shown rows are kept.
/// </summary>
public static class PreviewImport
{
    public sealed record Row(int Number, RowAction Action, IReadOnlyList<string> Errors, IReadOnlyList<string> Values, int? MatchId, string? MatchName, string? MatchReason, bool Possible);

    /// <summary>What the import will do with the whole file.</summary>
    public sealed record Counts(int New, int Update, int Duplicate, int Error, int Possible);

    public sealed record Page(ImportJob Job, RecordKind Kind, IReadOnlyList<string> Headers, IReadOnlyList<Row> Rows, Counts Totals)
    {
        /// <summary>The custom fields the mapping asks for, created when the import is started.</summary>
        public IReadOnlyList<CustomFields.NewImportField> NewFields { get; init; } = [];

        /// <summary>The name of the list the imported records join (a new one when <see cref="NewList"/>); null for none.</summary>
        public string? ListName { get; init; }

        public bool NewList { get; init; }
    }

    public sealed class Handler(CrmDbContext db, ImportPipeline pipeline, IOptions<ImportOptions> options)
    {
        public async Task<Page> Handle(ImportJob job, CrmUser user, CancellationToken ct)
        {
            var importer = pipeline.Importer(job);
            await importer.LoadAsync(user, job.Duplicates, ct);
            var shown = new List<RowPlan>();
            int created = 0, updated = 0, skipped = 0, errors = 0, possible = 0;
            foreach (var row in ImportTable.DataRows(pipeline.Format(job), pipeline.Text, ct))
            {
                var plan = importer.Plan(row);
                switch (plan.Action)
                {
                    case RowAction.Create: created++; break;
                    case RowAction.Update: updated++; break;
                    case RowAction.Skip: skipped++; break;
                    default: errors++; break;
                }

                possible += plan.Possible ? 1 : 0;
                if (shown.Count < options.Value.PreviewRows)
                {
                    shown.Add(plan);
                }
            }

            var part = pipeline.Part(job);
            var ids = shown.Select(p => p.MatchId).OfType<int>().Distinct().ToList();
            var names = await part.NamesAsync(db, user, ids, ct);
            var headers = part.PreviewHeaders.Select(h => pipeline.L[h].Value).ToList();

            var previewRows = shown.Select(p => new Row(
                p.Row.Number,
                p.Action,
                p.Errors,
                p.Values.Select(v => v ?? string.Empty).ToList(),
                p.MatchId,
                p.MatchId is int id ? names.GetValueOrDefault(id) : null,
                p.MatchReason,
                p.Possible)).ToList();
            return new Page(job, pipeline.Importable(job.Target)!, headers, previewRows, new Counts(created, updated, skipped, errors, possible))
            {
                ListName = job.NewListName
                    ?? (job.ListId is int listId ? await db.Segments.AsNoTracking().Where(s => s.Id == listId).Select(s => s.Name).FirstOrDefaultAsync(ct) : null),
                NewList = job.NewListName is not null,
                NewFields = ImportPipeline.Mapping(job).Values.Select(CustomFields.NewImportField.Read).OfType<CustomFields.NewImportField>().DistinctBy(n => n.Key).ToList(),
            };
        }
    }
}
