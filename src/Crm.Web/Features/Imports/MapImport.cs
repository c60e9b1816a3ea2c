using System.Globalization;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Imports;

/// <summary>Step 2: which column goes to which field (guessed from the headers, editable), and what to do with duplicates.</summary>
public static class MapImport
{
    /// <summary>Columns[i] is the field key of column i, or empty to ignore it.</summary>
    public sealed record Form(List<string?>? Columns, DuplicateHandling Duplicates);

    public sealed record Column(int Index, string Header, IReadOnlyList<string> Samples, string? Field);

    public sealed record Page(ImportJob Job, RecordKind Kind, IReadOnlyList<Column> Columns, DuplicateHandling Duplicates)
    {
        /// <summary>The kind's import part with its custom fields.</summary>
        public required RecordImport Import { get; init; }
    }

    public sealed class Handler(CrmDbContext db, ImportPipeline pipeline)
    {
        public Page PageFor(ImportJob job, Form? posted = null)
        {
            var format = pipeline.Format(job);
            var headers = ImportTable.Headers(format, pipeline.Text);
            var samples = ImportTable.DataRows(format, pipeline.Text).Take(3).ToList();
            var mapping = ImportPipeline.Mapping(job);
            var columns = headers.Select((h, i) => new Column(
                i,
                string.IsNullOrWhiteSpace(h) ? string.Format(CultureInfo.CurrentCulture, pipeline.L["Column {0}"], i + 1) : h,
                samples.Select(r => r.Cell(i)).OfType<string>().ToList(),
                posted?.Columns is { } chosen ? chosen.ElementAtOrDefault(i) : mapping.GetValueOrDefault(i))).ToList();
            return new Page(job, pipeline.Importable(job.Target)!, columns, posted?.Duplicates ?? job.Duplicates) { Import = pipeline.Part(job) };
        }

        /// <summary>The errors of the form, by nothing (whole form); empty when the mapping was saved.</summary>
        public async Task<List<string>> Handle(ImportJob job, Form form, CancellationToken ct)
        {
            var l = pipeline.L;
            var part = pipeline.Part(job);
            var mapping = new Dictionary<int, string>();
            var errors = new List<string>();
            var columns = form.Columns ?? [];
            for (var i = 0; i < columns.Count; i++)
            {
                if (string.IsNullOrEmpty(columns[i]))
                {
                    continue;
                }

                var field = part.Find(columns[i]);
                if (field is null)
                {
                    errors.Add(l["Choose a field from the list."]);
                }
                else if (!field.ManyColumns && mapping.ContainsValue(field.Key))
                {
                    errors.Add(string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is chosen for more than one column."], l[field.Label]));
                }
                else
                {
                    mapping[i] = field.Key;
                }
            }

            errors.AddRange(part.MissingFrom(mapping).Select(f => l[f.Missing ?? "Choose a field from the list."].Value));

            if (!Enum.IsDefined(form.Duplicates))
            {
                errors.Add(l["Choose what to do with duplicates."]);
            }

            if (errors.Count > 0)
            {
                return errors.Distinct().ToList();
            }

            var json = ImportPipeline.MappingJson(mapping);
            var saved = await db.ImportJobs.Where(j => j.Id == job.Id && j.Status == ImportStatus.Uploaded)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.MappingJson, json).SetProperty(j => j.Duplicates, form.Duplicates), ct);
            return saved == 1 ? [] : [l["This import has already started; its mapping can no longer change."]];
        }
    }
}
