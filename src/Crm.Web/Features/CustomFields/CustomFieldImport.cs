using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.CustomFields;

/// <summary>
/// Custom fields in imports, for any kind: the mapping offers them (header words: their English and French labels and
/// their name), each row's values are read and checked by type like a form's, and the batch writes them in its
/// transaction once its records have ids. A value fills the field (a multiple choice's options are separated by ; or ,);
/// an empty cell leaves the record's value alone.
/// </summary>
public sealed class CustomFieldImport
{
    private IReadOnlyList<CustomField> _mapped = [];
    private readonly List<(Func<int> RecordId, IReadOnlyDictionary<int, IReadOnlyList<StoredValue>> Values)> _pending = [];

    /// <summary>The mapping's columns for the kind's live custom fields.</summary>
    public static IReadOnlyList<ImportField> Fields(CrmDbContext db, string kind) =>
        db.CustomFields.AsNoTracking().Where(f => f.Kind == kind && f.DeletedAt == null).OrderBy(f => f.Position).ThenBy(f => f.Id).ToList()
            .Select(f => new ImportField(f.Name, f.Label(CustomFieldStore.French),
                new[] { f.LabelEn, f.LabelFr, f.Key }.Select(ImportField.HeaderKey).Where(h => h.Length > 0).Distinct().ToArray()))
            .ToList();

    public async Task LoadAsync(CrmDbContext db, string kind, Func<string, bool> maps, CancellationToken ct) =>
        _mapped = (await db.CustomFields.AsNoTracking().Where(f => f.Kind == kind && f.DeletedAt == null).ToListAsync(ct)).Where(f => maps(f.Name)).ToList();

    /// <summary>The row's values of the mapped fields; a bad one adds its error (the row is then not imported).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<StoredValue>> Parse(Func<string, string?> cell, List<string> errors, IStringLocalizer l)
    {
        var values = new Dictionary<int, IReadOnlyList<StoredValue>>();
        foreach (var field in _mapped)
        {
            var text = cell(field.Name)?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                if (field.Required)
                {
                    errors.Add(l["Enter {0}.", field.Label(CustomFieldStore.French)]);
                }

                continue;
            }

            var typed = field.Type == CustomFieldType.MultipleChoice ? ImportRowParser.SplitList(text, ';', ',') : [text];
            var (parsed, error) = CustomFieldInput.Parse(field, typed, l, CustomFieldStore.French);
            if (error is not null)
            {
                errors.Add(error);
            }
            else if (parsed.Count > 0)
            {
                values[field.Id] = parsed;
            }
        }

        return values;
    }

    /// <summary>A record of the batch and its values, written by <see cref="WriteAsync"/> (its id is read then).</summary>
    public void Add(Func<int> recordId, IReadOnlyDictionary<int, IReadOnlyList<StoredValue>> values)
    {
        if (values.Count > 0)
        {
            _pending.Add((recordId, values));
        }
    }

    public void Clear() => _pending.Clear();

    public async Task WriteAsync(CrmDbContext db, CancellationToken ct)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var rows = _pending.Select(p => (Id: p.RecordId(), p.Values)).ToList();
        _pending.Clear();
        var ids = rows.Select(r => r.Id).Distinct().ToList();
        var fieldIds = _mapped.Select(f => f.Id).ToList();
        var existing = await db.CustomFieldValues.Where(v => ids.Contains(v.RecordId) && fieldIds.Contains(v.FieldId)).ToListAsync(ct);
        foreach (var (id, values) in rows)
        {
            db.CustomFieldValues.RemoveRange(existing.Where(v => v.RecordId == id && values.ContainsKey(v.FieldId)));
            db.CustomFieldValues.AddRange(values.SelectMany(v => v.Value.Select(x => new CustomFieldValue
            {
                FieldId = v.Key, RecordId = id, Text = x.Text, TextKey = x.TextKey, Number = x.Number, Date = x.Date,
            })));
        }

        await db.SaveChangesAsync(ct);
    }
}
