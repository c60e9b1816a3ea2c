using System.Text.Json;
using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.CustomFields;

/// <summary>
/// Custom fields in imports, for any kind: the mapping offers them (header words: their English and French labels and
/// their name), each row's values are read and checked by type like a form's, and the batch writes them in its
/// transaction once its records have ids, each change told in the record's history (the "created" entry of a record the
/// import creates, the import's "updated" entry of one it updates). A value fills the field (a multiple choice's options
/// are separated by ; or ,); an empty cell leaves the record's value alone. A column the mapping turns into a new field
/// (<see cref="NewImportField"/>) is read by the field's type before the field exists, so the preview shows its errors.
/// </summary>
public sealed class CustomFieldImport
{
    private IReadOnlyList<(CustomField Field, string Column, decimal? Rate)> _mapped = [];
    private readonly List<(Func<int> RecordId, IReadOnlyDictionary<int, IReadOnlyList<StoredValue>> Values, bool Created)> _pending = [];

    /// <summary>The mapping's columns for the kind's live custom fields.</summary>
    public static IReadOnlyList<ImportField> Fields(CrmDbContext db, string kind) =>
        db.CustomFields.AsNoTracking().Where(f => f.Kind == kind && f.DeletedAt == null).OrderBy(f => f.Position).ThenBy(f => f.Id).ToList()
            .Select(f => new ImportField(f.Name, f.Label(CustomFieldStore.French),
                new[] { f.LabelEn, f.LabelFr, f.Key }.Select(ImportField.HeaderKey).Where(h => h.Length > 0).Distinct().ToArray()))
            .ToList();

    /// <summary>Loads the mapped fields: live ones by name, and the new ones the mapping asks for (not yet created: negative ids).</summary>
    public async Task LoadAsync(CrmDbContext db, string kind, Func<string, bool> maps, IEnumerable<string> columns, CancellationToken ct)
    {
        var keys = columns.ToList();
        var byName = (await db.CustomFields.AsNoTracking().Where(f => f.Kind == kind && f.DeletedAt == null).ToListAsync(ct)).ToDictionary(f => f.Name, StringComparer.Ordinal);
        // A money field created from a column of another currency is mapped as "cf.budget@USD=0.92": converted at that rate.
        var live = keys.Select(key => (Key: key, Created: NewImportField.ReadCreated(key)))
            .Where(k => maps(k.Key) && byName.ContainsKey(k.Created.Name))
            .Select(k => (byName[k.Created.Name], k.Key, byName[k.Created.Name].Type == CustomFieldType.Money ? k.Created.Rate : null));
        var planned = keys.Select(NewImportField.Read).OfType<NewImportField>().DistinctBy(n => n.Key)
            .Select((n, i) => (n.Transient(kind, -(i + 1)), n.Key, n.Rate));
        _mapped = [.. live, .. planned];
    }

    /// <summary>Whether the job maps any custom field (when not, a row has nothing to read here).</summary>
    public bool Any => _mapped.Count > 0;

    /// <summary>The values of a row that holds none.</summary>
    public static IReadOnlyDictionary<int, IReadOnlyList<StoredValue>> NoValues { get; } = new Dictionary<int, IReadOnlyList<StoredValue>>();

    /// <summary>The row's values of the mapped fields; a bad one adds its error (the row is then not imported).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<StoredValue>> Parse(Func<string, string?> cell, List<string> errors, IStringLocalizer l)
    {
        var values = new Dictionary<int, IReadOnlyList<StoredValue>>();
        foreach (var (field, column, rate) in _mapped)
        {
            var text = cell(column)?.Trim();
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
                values[field.Id] = rate is { } r ? parsed.Select(v => v with { Number = v.Number is { } cents ? (double)decimal.Round((decimal)cents * r, MidpointRounding.AwayFromZero) : null }).ToList() : parsed;
            }
        }

        return values;
    }

    /// <summary>A record of the batch and its values, written by <see cref="WriteAsync"/> (its id is read then); <paramref name="created"/>: the batch creates it.</summary>
    public void Add(Func<int> recordId, IReadOnlyDictionary<int, IReadOnlyList<StoredValue>> values, bool created)
    {
        if (values.Count > 0)
        {
            _pending.Add((recordId, values, created));
        }
    }

    public void Clear() => _pending.Clear();

    /// <summary>
    /// Writes the batch's values that change something, and tells each change in the record's history: in the entry the
    /// batch already wrote for the record under the import's correlation id (created or updated), else in a new
    /// "updated" entry.
    /// </summary>
    public async Task WriteAsync(CrmDbContext db, RecordKind kind, ChangeScope scope, string? userId, DateTime now, CancellationToken ct)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var rows = _pending.Select(p => (Id: p.RecordId(), p.Values, p.Created)).ToList();
        _pending.Clear();
        var ids = rows.Select(r => r.Id).Distinct().ToList();
        var fields = _mapped.DistinctBy(m => m.Field.Id).ToDictionary(m => m.Field.Id, m => m.Field);
        var fieldIds = fields.Keys.ToList();
        var existing = (await db.CustomFieldValues.Where(v => ids.Contains(v.RecordId) && fieldIds.Contains(v.FieldId)).OrderBy(v => v.Id).ToListAsync(ct))
            .ToLookup(v => (v.RecordId, v.FieldId));
        var told = new Dictionary<int, (List<RecordSaveInterceptor.FieldChange> Changes, bool Created)>();
        foreach (var (id, values, created) in rows)
        {
            foreach (var (fieldId, after) in values)
            {
                var before = existing[(id, fieldId)].ToList();
                var oldRaw = CustomFieldStore.Raw(before.Select(v => new StoredValue(v.Text, v.TextKey, v.Number, v.Date)));
                var newRaw = CustomFieldStore.Raw(after);
                if (oldRaw == newRaw)
                {
                    continue;
                }

                db.CustomFieldValues.RemoveRange(before);
                db.CustomFieldValues.AddRange(after.Select(x => new CustomFieldValue
                {
                    FieldId = fieldId, RecordId = id, Text = x.Text, TextKey = x.TextKey, Number = x.Number, Date = x.Date,
                }));
                if (!told.TryGetValue(id, out var record))
                {
                    told[id] = record = ([], created);
                }

                record.Changes.Add(new RecordSaveInterceptor.FieldChange(fields[fieldId].Name, oldRaw, newRaw));
            }
        }

        await TellAsync(db, kind, scope, userId, now, told, ct);
        await db.SaveChangesAsync(ct);
    }

    private static async Task TellAsync(
        CrmDbContext db, RecordKind kind, ChangeScope scope, string? userId, DateTime now,
        Dictionary<int, (List<RecordSaveInterceptor.FieldChange> Changes, bool Created)> told, CancellationToken ct)
    {
        if (told.Count == 0)
        {
            return;
        }

        var ids = told.Keys.ToList();
        var correlation = scope.CorrelationId;
        var entries = (await db.AuditEntries
                .Where(a => a.Kind == kind.Key && ids.Contains(a.EntityId) && a.CorrelationId == correlation && (a.Action == AuditAction.Created || a.Action == AuditAction.Updated))
                .OrderBy(a => a.Id).ToListAsync(ct))
            .GroupBy(a => (a.EntityId, a.Action)).ToDictionary(g => g.Key, g => g.Last());
        foreach (var (id, (changes, created)) in told)
        {
            if (entries.TryGetValue((id, created ? AuditAction.Created : AuditAction.Updated), out var entry))
            {
                var own = string.IsNullOrEmpty(entry.Changes) ? [] : JsonSerializer.Deserialize<List<RecordSaveInterceptor.FieldChange>>(entry.Changes) ?? [];
                // The import switches automatic change detection off: the new text is marked as changed by hand.
                db.Entry(entry).Property(a => a.Changes).CurrentValue = JsonSerializer.Serialize(own.Concat(changes).ToList());
            }
            else
            {
                db.AuditEntries.Add(new AuditEntry
                {
                    EntityType = kind.AuditType, Kind = kind.Key, EntityId = id, Action = AuditAction.Updated,
                    Source = ChangeSource.Import, CorrelationId = correlation, UserId = userId, At = now,
                    Changes = JsonSerializer.Serialize(changes),
                });
            }
        }
    }
}
