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
/// with the header, and a type, guessed from the column's first values (a choice takes the column's different values as
/// its options, money the currency of its amounts); it is created when the import is confirmed. An import of contacts
/// may also put them on a static list, existing or new (<see cref="Segments.ImportToList"/>).
/// </summary>
public static class MapImport
{
    /// <summary>How many of a column's first values a new field's type is guessed from and checked against.</summary>
    public const int SampledRows = 20;

    /// <summary>
    /// Columns[i] is the field key of column i, empty to ignore it, or <see cref="NewImportField.Choice"/> for a new field
    /// labelled NewLabels[i], of type NewTypes[i] (for money, its amounts in NewCurrencies[i]). List is empty for no list,
    /// a list's id, or <see cref="Segments.ImportToList.NewChoice"/> for a new list named NewListName.
    /// </summary>
    public sealed record Form(
        List<string?>? Columns,
        DuplicateHandling Duplicates,
        List<string?>? NewLabels = null,
        List<CustomFieldType?>? NewTypes = null,
        List<string?>? NewCurrencies = null,
        string? List = null,
        string? NewListName = null);

    /// <param name="Samples">The values shown (the first three).</param>
    /// <param name="NewLabel">The label a new field from this column takes (the header, or what was posted).</param>
    /// <param name="NewType">Its type (guessed from the column's first values, or what was posted).</param>
    public sealed record Column(int Index, string Header, IReadOnlyList<string> Samples, string? Field, string NewLabel, CustomFieldType NewType)
    {
        /// <summary>The currency of a new money field's amounts (the company's unless another was chosen).</summary>
        public string? NewCurrency { get; init; }
    }

    public sealed record Page(ImportJob Job, RecordKind Kind, IReadOnlyList<Column> Columns, DuplicateHandling Duplicates)
    {
        /// <summary>The kind's import part with its custom fields.</summary>
        public required RecordImport Import { get; init; }

        /// <summary>The user may turn a column into a new custom field (admins).</summary>
        public bool CanAddFields { get; init; }

        /// <summary>The currencies a new money field's column may be in: the company's first, then those with a rate.</summary>
        public IReadOnlyList<string> Currencies { get; init; } = [];

        /// <summary>The static lists the imported records may join; null when this import cannot go to a list.</summary>
        public IReadOnlyList<(int Id, string Name)>? Lists { get; init; }

        /// <summary>The list chosen: empty, a list's id, or <see cref="Segments.ImportToList.NewChoice"/>.</summary>
        public string List { get; init; } = string.Empty;

        public string? NewListName { get; init; }
    }

    public sealed class Handler(CrmDbContext db, ImportPipeline pipeline, Segments.ImportToList lists, Deals.CurrencyRates currencies)
    {
        public async Task<Page> PageForAsync(ImportJob job, CrmUser user, CancellationToken ct, Form? posted = null)
        {
            var page = PageFor(job, user, posted);
            var home = await currencies.DefaultAsync(ct);
            return page with
            {
                Columns = page.Columns.Select(c => c with { NewCurrency = posted?.NewCurrencies?.ElementAtOrDefault(c.Index) is { Length: > 0 } chosen ? chosen : NewImportField.Read(ImportPipeline.Mapping(job).GetValueOrDefault(c.Index))?.Currency ?? home }).ToList(),
                Currencies = page.CanAddFields ? await currencies.UsableAsync(ct) : [],
                Lists = Segments.ImportToList.Offered(job.Target, user) ? await lists.ChoicesAsync(user, ct) : null,
                List = posted is not null ? posted.List ?? string.Empty
                    : job.NewListName is not null ? Segments.ImportToList.NewChoice
                    : job.ListId?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                NewListName = posted is not null ? posted.NewListName : job.NewListName,
            };
        }

        private Page PageFor(ImportJob job, CrmUser user, Form? posted)
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
            // A new choice field's options are its column's different values over the whole file: read in one pass.
            var choiceColumns = Enumerable.Range(0, columns.Count)
                .Where(i => columns[i] == NewImportField.Choice && form.NewTypes?.ElementAtOrDefault(i) is CustomFieldType.Choice or CustomFieldType.MultipleChoice)
                .ToDictionary(i => i, i => form.NewTypes![i] == CustomFieldType.MultipleChoice);
            var options = choiceColumns.Count > 0 && user.IsIn(Roles.Admin) ? Distinct(job, choiceColumns, ct) : [];
            var home = await currencies.DefaultAsync(ct);
            var usable = await currencies.UsableAsync(ct);
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
                    var asked = NewField(header, form.NewLabels?.ElementAtOrDefault(i)?.Trim(), form.NewTypes?.ElementAtOrDefault(i), i < sampled.Length ? sampled[i] : [], labels, keys, errors);
                    asked = asked is null ? null
                        : asked.IsChoice ? WithOptions(asked, header, options.GetValueOrDefault(i), errors)
                        : asked.Type == CustomFieldType.Money ? await WithCurrencyAsync(asked, header, form.NewCurrencies?.ElementAtOrDefault(i), home, usable, errors, ct)
                        : asked;
                    if (asked is not null)
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

            var (listId, newList) = await lists.ReadAsync(job.Target, form.List, form.NewListName, user, errors, ct);
            if (errors.Count > 0)
            {
                return errors.Distinct().ToList();
            }

            var json = ImportPipeline.MappingJson(mapping);
            var saved = await db.ImportJobs.Where(j => j.Id == job.Id && j.Status == ImportStatus.Uploaded)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.MappingJson, json).SetProperty(j => j.Duplicates, form.Duplicates)
                    .SetProperty(j => j.ListId, listId).SetProperty(j => j.NewListName, newList), ct);
            return saved == 1 ? [] : [l["This import has already started; its mapping can no longer change."]];
        }

        /// <summary>
        /// The different values of each column (case aside, first spelling kept, a multiple choice's cells split at ; and ,)
        /// over the whole file; null for a column with more than <see cref="NewImportField.MaxOptions"/>.
        /// </summary>
        private Dictionary<int, List<string>?> Distinct(ImportJob job, Dictionary<int, bool> columns, CancellationToken ct)
        {
            var seen = columns.Keys.ToDictionary(i => i, _ => new HashSet<string>(StringComparer.OrdinalIgnoreCase));
            var found = columns.Keys.ToDictionary(i => i, _ => (List<string>?)[]);
            foreach (var row in ImportTable.DataRows(pipeline.Format(job), pipeline.Text, ct))
            {
                foreach (var (i, multiple) in columns)
                {
                    if (found[i] is not { } values || row.Cell(i) is not { } cell)
                    {
                        continue;
                    }

                    foreach (var value in multiple ? ImportRowParser.SplitList(cell, ';', ',') : [cell.Trim()])
                    {
                        if (seen[i].Add(value))
                        {
                            values.Add(value);
                        }
                    }

                    if (values.Count > NewImportField.MaxOptions)
                    {
                        found[i] = null;
                    }
                }
            }

            return found;
        }

        /// <summary>A new choice field with the column's values as options; null (with every reason) when they cannot be.</summary>
        private NewImportField? WithOptions(NewImportField asked, string header, List<string>? values, List<string> errors)
        {
            var l = pipeline.L;
            if (values is null)
            {
                errors.Add(l["Column “{0}” holds more than {1} different values: too many for a choice. Choose the type Text.", header, NewImportField.MaxOptions]);
                return null;
            }

            if (values.Count == 0)
            {
                errors.Add(l["Column “{0}” holds no value to make the choices of.", header]);
                return null;
            }

            var count = errors.Count;
            var keys = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var value in values)
            {
                var key = CustomFieldAdmin.KeyFrom(value);
                if (value.Length > CustomField.MaxLabelLength)
                {
                    errors.Add(l["Column “{0}”: “{1}” is longer than {2} characters, too long for a choice.", header, value, CustomField.MaxLabelLength]);
                }
                else if (value.Contains('|', StringComparison.Ordinal) || value.Any(char.IsControl) || key.Length == 0)
                {
                    errors.Add(l["Column “{0}”: “{1}” cannot be a choice (a choice needs a letter or a digit, and no |).", header, value]);
                }
                else if (!keys.TryAdd(key, value))
                {
                    errors.Add(l["Column “{0}”: “{1}” and “{2}” would be the same choice; write them the same way in the file.", header, keys[key], value]);
                }
            }

            return errors.Count == count ? asked with { Options = values } : null;
        }

        /// <summary>A new money field whose column is in <paramref name="chosen"/>: converted at that currency's rate unless it is the company's.</summary>
        private async Task<NewImportField?> WithCurrencyAsync(
            NewImportField asked, string header, string? chosen, string home, IReadOnlyList<string> usable, List<string> errors, CancellationToken ct)
        {
            if (string.IsNullOrEmpty(chosen) || chosen == home)
            {
                return asked;
            }

            if (usable.Contains(chosen) && await currencies.RateAsync(chosen, ct) is { } rate and > 0)
            {
                return asked with { Currency = chosen, Rate = rate };
            }

            errors.Add(pipeline.L["Column “{0}”: choose the currency of the amounts from the list.", header]);
            return null;
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
            else if (chosen is not (CustomFieldType.Choice or CustomFieldType.MultipleChoice) && samples.FirstOrDefault(v => !NewImportField.Reads(chosen, v, l)) is { } misfit)
            {
                errors.Add(l["Column “{0}”: “{1}” is not a value of the type {2}; choose another type.", header, misfit, l[CustomFieldTypes.LabelOf(chosen)]]);
            }

            return errors.Count == count ? new NewImportField(label!, type!.Value) : null;
        }
    }
}
