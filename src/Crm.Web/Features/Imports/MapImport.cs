using System.Globalization;
using Crm.Web.Features.CustomFields;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Imports;

/// <summary>
/// Step 2: which column goes to which field (guessed from the headers, editable), and what to do with duplicates. An
/// admin may turn a column no field takes into a new custom field (<see cref="NewImportField"/>): a label, prefilled
/// with the header, and a type, guessed from the column's first values; it is created when the import is confirmed.
/// </summary>
public static class MapImport
{
    /// <summary>How many of a column's first values a new field's type is guessed from and checked against.</summary>
    public const int SampledRows = 20;

    /// <summary>
    /// Columns[i] is the field key of column i, empty to ignore it, or <see cref="NewImportField.Choice"/> for a new field
    /// labelled NewLabels[i], of type NewTypes[i].
    /// </summary>
    public sealed record Form(List<string?>? Columns, DuplicateHandling Duplicates, List<string?>? NewLabels = null, List<CustomFieldType?>? NewTypes = null);

    /// <param name="Samples">The values shown (the first three).</param>
    /// <param name="NewLabel">The label a new field from this column takes (the header, or what was posted).</param>
    /// <param name="NewType">Its type (guessed from the column's first values, or what was posted).</param>
    public sealed record Column(int Index, string Header, IReadOnlyList<string> Samples, string? Field, string NewLabel, CustomFieldType NewType);

    public sealed record Page(ImportJob Job, RecordKind Kind, IReadOnlyList<Column> Columns, DuplicateHandling Duplicates)
    {
        /// <summary>The kind's import part with its custom fields.</summary>
        public required RecordImport Import { get; init; }

        /// <summary>The user may turn a column into a new custom field (admins).</summary>
        public bool CanAddFields { get; init; }
    }

    public sealed class Handler(CrmDbContext db, ImportPipeline pipeline)
    {
        public Page PageFor(ImportJob job, CrmUser user, Form? posted = null)
        {
            var format = pipeline.Format(job);
            var headers = ImportTable.Headers(format, pipeline.Text);
            var sampled = Sampled(job, headers.Count);
            var mapping = ImportPipeline.Mapping(job);
            var columns = headers.Select((h, i) =>
            {
                var header = string.IsNullOrWhiteSpace(h) ? string.Format(CultureInfo.CurrentCulture, pipeline.L["Column {0}"], i + 1) : h.Trim();
                var field = posted?.Columns is { } chosen ? chosen.ElementAtOrDefault(i) : mapping.GetValueOrDefault(i);
                var asked = NewImportField.Read(field);
                var label = posted?.NewLabels?.ElementAtOrDefault(i) ?? asked?.Label ?? header;
                var type = posted?.NewTypes?.ElementAtOrDefault(i) ?? asked?.Type ?? NewImportField.Guess(sampled[i], pipeline.L);
                return new Column(i, header, sampled[i].Take(3).ToList(), asked is null ? field : NewImportField.Choice, label, type);
            }).ToList();
            return new Page(job, pipeline.Importable(job.Target)!, columns, posted?.Duplicates ?? job.Duplicates)
            {
                Import = pipeline.PartFor(job.Target)!,
                CanAddFields = user.IsIn(Roles.Admin),
            };
        }

        /// <summary>The non-empty values of each column in the file's first <see cref="SampledRows"/> rows.</summary>
        private List<string>[] Sampled(ImportJob job, int count)
        {
            var sampled = Enumerable.Range(0, count).Select(_ => new List<string>()).ToArray();
            foreach (var row in ImportTable.DataRows(pipeline.Format(job), pipeline.Text).Take(SampledRows))
            {
                for (var i = 0; i < count; i++)
                {
                    if (row.Cell(i) is { } cell)
                    {
                        sampled[i].Add(cell);
                    }
                }
            }

            return sampled;
        }

        /// <summary>The errors of the form, by nothing (whole form); empty when the mapping was saved.</summary>
        public async Task<List<string>> Handle(ImportJob job, Form form, CrmUser user, CancellationToken ct)
        {
            var l = pipeline.L;
            var part = pipeline.PartFor(job.Target)!;
            var mapping = new Dictionary<int, string>();
            var errors = new List<string>();
            var columns = form.Columns ?? [];
            var headers = ImportTable.Headers(pipeline.Format(job), pipeline.Text, ct);
            var sampled = columns.Any(c => c == NewImportField.Choice) ? Sampled(job, headers.Count) : [];
            var others = await db.CustomFields.AsNoTracking().Where(f => f.Kind == job.Target)
                .Select(f => new { f.Key, f.LabelEn, f.LabelFr, Live = f.DeletedAt == null }).ToListAsync(ct);
            var labels = new HashSet<string>(others.Where(o => o.Live).SelectMany(o => new[] { o.LabelEn, o.LabelFr }), StringComparer.OrdinalIgnoreCase);
            var keys = new HashSet<string>(others.Select(o => o.Key), StringComparer.Ordinal);
            for (var i = 0; i < columns.Count; i++)
            {
                if (string.IsNullOrEmpty(columns[i]))
                {
                    continue;
                }

                if (columns[i] == NewImportField.Choice && user.IsIn(Roles.Admin))
                {
                    var header = i < headers.Count && !string.IsNullOrWhiteSpace(headers[i]) ? headers[i].Trim() : string.Format(CultureInfo.CurrentCulture, l["Column {0}"], i + 1);
                    if (NewField(header, form.NewLabels?.ElementAtOrDefault(i)?.Trim(), form.NewTypes?.ElementAtOrDefault(i), i < sampled.Length ? sampled[i] : [], labels, keys, errors) is { } asked)
                    {
                        mapping[i] = asked.Key;
                    }

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

        /// <summary>A new field asked for a column, checked as the fields page checks one, and against the column's first values.</summary>
        private NewImportField? NewField(
            string header, string? label, CustomFieldType? type, IReadOnlyList<string> samples, HashSet<string> labels, HashSet<string> keys, List<string> errors)
        {
            var l = pipeline.L;
            var count = errors.Count;
            if (string.IsNullOrEmpty(label))
            {
                errors.Add(l["Column “{0}”: enter the label of the new field.", header]);
            }
            else if (label.Length > CustomField.MaxLabelLength)
            {
                errors.Add(l["Column “{0}”: the label is longer than {1} characters.", header, CustomField.MaxLabelLength]);
            }
            else if (!labels.Add(label))
            {
                errors.Add(l["Column “{0}”: another field already has the label {1}.", header, label]);
            }
            else if (CustomFieldAdmin.KeyFrom(label) is var key && (key.Length == 0 || !keys.Add(key)))
            {
                errors.Add(key.Length == 0 ? l["Column “{0}”: the label needs a letter or a digit.", header] : l["Column “{0}”: another field already has the name {1}.", header, key]);
            }

            if (type is not { } chosen || !NewImportField.Types.Contains(chosen))
            {
                errors.Add(l["Column “{0}”: choose the type of the new field.", header]);
            }
            else if (samples.FirstOrDefault(v => !NewImportField.Reads(chosen, v, l)) is { } misfit)
            {
                errors.Add(l["Column “{0}”: “{1}” is not a value of the type {2}; choose another type.", header, misfit, l[CustomFieldTypes.LabelOf(chosen)]]);
            }

            return errors.Count == count ? new NewImportField(label!, type!.Value) : null;
        }
    }
}
