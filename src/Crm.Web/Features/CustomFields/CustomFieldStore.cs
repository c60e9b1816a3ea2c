using System.Globalization;
using System.Text.Json;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.CustomFields;

/// <summary>
/// The custom fields of the registered kinds as the kit's capabilities read them (forms, details, lists, exports,
/// imports, history): the live definitions of a kind, a record's values, and writing a record's values with its
/// field-level history. It names no kind: everything is keyed by <see cref="RecordKind.Key"/>.
/// </summary>
public sealed class CustomFieldStore(CrmDbContext db, TimeProvider clock, CurrentUser currentUser, ChangeScope scope, IStringLocalizer<SharedResource> l, CustomFieldDefinitions definitions)
{
    public static bool French => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr";

    /// <summary>The kind's fields that are not removed, in their order.</summary>
    public Task<IReadOnlyList<CustomField>> FieldsAsync(string kind, CancellationToken ct) =>
        definitions.GetAsync(kind, async token => await db.CustomFields.AsNoTracking().Where(f => f.Kind == kind && f.DeletedAt == null)
            .OrderBy(f => f.Position).ThenBy(f => f.Id).ToListAsync(token), ct);

    /// <summary>
    /// The kind's custom fields as more entries of its declarations (<see cref="RecordField"/>, named "cf.{key}"): what
    /// a capability that reads a kind's fields generically (a report builder to come) discovers.
    /// </summary>
    public async Task<IReadOnlyList<RecordField>> DeclaredAsync(RecordKind kind, CancellationToken ct) =>
        (await FieldsAsync(kind.Key, ct)).Select(f => f.ToRecordField()).ToList();

    /// <summary>The values of <paramref name="fields"/> on the given records (a subquery: a page's or an export chunk's ids), by record then field id.</summary>
    public Task<Dictionary<int, Dictionary<int, List<StoredValue>>>> ValuesAsync(IReadOnlyList<CustomField> fields, IQueryable<int> recordIds, CancellationToken ct)
    {
        var fieldIds = fields.Select(f => f.Id).ToList();
        return ReadAsync(db.CustomFieldValues.Where(v => recordIds.Contains(v.RecordId) && fieldIds.Contains(v.FieldId)), ct);
    }

    public Task<Dictionary<int, Dictionary<int, List<StoredValue>>>> ValuesAsync(IReadOnlyList<CustomField> fields, IReadOnlyCollection<int> recordIds, CancellationToken ct)
    {
        var fieldIds = fields.Select(f => f.Id).ToList();
        return ReadAsync(db.CustomFieldValues.Where(v => recordIds.Contains(v.RecordId) && fieldIds.Contains(v.FieldId)), ct);
    }

    public async Task<Dictionary<int, List<StoredValue>>> ValuesAsync(IReadOnlyList<CustomField> fields, int recordId, CancellationToken ct)
    {
        var fieldIds = fields.Select(f => f.Id).ToList();
        return (await ReadAsync(db.CustomFieldValues.Where(v => v.RecordId == recordId && fieldIds.Contains(v.FieldId)), ct)).GetValueOrDefault(recordId) ?? [];
    }

    private static async Task<Dictionary<int, Dictionary<int, List<StoredValue>>>> ReadAsync(IQueryable<CustomFieldValue> values, CancellationToken ct)
    {
        var rows = await values.AsNoTracking()
            .OrderBy(v => v.Id)
            .Select(v => new { v.RecordId, v.FieldId, v.Text, v.TextKey, v.Number, v.Date })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.RecordId).ToDictionary(
            r => r.Key,
            r => r.GroupBy(v => v.FieldId).ToDictionary(v => v.Key, v => v.Select(x => new StoredValue(x.Text, x.TextKey, x.Number, x.Date)).ToList()));
    }

    /// <summary>
    /// Reads and checks every field of the kind from posted values (input names "cf.{key}"). A field not posted at all
    /// takes its default on create and is left alone on edit. Every error at once, keyed by the field's input name.
    /// </summary>
    public static (Dictionary<int, IReadOnlyList<StoredValue>> Values, List<FieldError> Errors) Read(
        IReadOnlyList<CustomField> fields, Func<string, IReadOnlyList<string>?> posted, IStringLocalizer l, bool creating)
    {
        var values = new Dictionary<int, IReadOnlyList<StoredValue>>();
        var errors = new List<FieldError>();
        foreach (var field in fields)
        {
            var typed = posted(field.Name);
            if (typed is null)
            {
                if (!creating)
                {
                    continue;
                }

                typed = Defaults(field);
            }

            var (parsed, error) = CustomFieldInput.Parse(field, typed, l, French);
            if (error is not null)
            {
                errors.Add(CustomFieldInput.Error(field, error));
            }
            else
            {
                values[field.Id] = field.Type == CustomFieldType.YesNo && parsed.Count == 0 ? [new StoredValue(null, null, 0, null)] : parsed;
            }
        }

        return (values, errors);
    }

    /// <summary>A record form's custom fields as posted, checked; <see cref="CustomFieldPost.SaveAsync"/> writes them once the record is saved.</summary>
    public async Task<CustomFieldPost> ReadPostAsync(RecordKind kind, IFormCollection? form, bool creating, IStringLocalizer l, CancellationToken ct)
    {
        var fields = await FieldsAsync(kind.Key, ct);
        var (values, errors) = Read(fields, name => form is not null && form.TryGetValue(name, out var typed) ? typed.Select(v => v ?? string.Empty).ToList() : null, l, creating);
        return new CustomFieldPost(fields, values, errors);
    }

    /// <summary>A field's default as the inputs of a new record's form hold it.</summary>
    public static IReadOnlyList<string> Defaults(CustomField field) => Inputs(field, field.DefaultValue);

    /// <summary>One typed text as a field's form inputs would post it: choices separated by ";", yes/no ticked or not.</summary>
    public static IReadOnlyList<string> Inputs(CustomField field, string? typed) =>
        string.IsNullOrWhiteSpace(typed) ? []
        : field.Type == CustomFieldType.MultipleChoice ? typed.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        : field.Type == CustomFieldType.YesNo ? (CustomFieldInput.ParseYesNo(typed) == true ? ["true"] : [])
        : [typed];

    /// <summary>
    /// A live field of the kind by its name ("cf.{key}") and <paramref name="typed"/> read as its value, checked as the
    /// form checks it (a required field left empty, a value that does not read); what bulk edit and workflow rules set.
    /// </summary>
    public async Task<(CustomField? Field, IReadOnlyList<StoredValue> Values, string? Error)> ParseOneAsync(string kind, string? name, string? typed, CancellationToken ct)
    {
        var field = (await FieldsAsync(kind, ct)).FirstOrDefault(f => f.Name == name);
        if (field is null)
        {
            return (null, [], l["Choose a field from the list."]);
        }

        var (values, error) = CustomFieldInput.Parse(field, Inputs(field, typed), l, French);
        return (field, field.Type == CustomFieldType.YesNo && values.Count == 0 && error is null ? [new StoredValue(null, null, 0, null)] : values, error);
    }

    /// <summary>Sets one field on each of the records (ids the caller has checked access to), each change in its record's history.</summary>
    public async Task<int> SetOnAsync(RecordKind kind, IReadOnlyCollection<int> recordIds, CustomField field, IReadOnlyList<StoredValue> values, CancellationToken ct)
    {
        var changed = 0;
        var one = new Dictionary<int, IReadOnlyList<StoredValue>> { [field.Id] = values };
        foreach (var id in recordIds)
        {
            changed += await SaveAsync(kind, id, [field], one, creating: false, ct) ? 1 : 0;
        }

        return changed;
    }

    /// <summary>
    /// Saves a record (<paramref name="save"/>, its editor's create or save) and its posted custom values as one unit:
    /// one transaction, committed only when both went through, so a failure leaves neither (and SQL Server's retry
    /// replays both). <paramref name="recordId"/> is the edited record's id, or null on create (the new id is used).
    /// </summary>
    public async Task<Outcome<int>> SaveWithRecordAsync(
        RecordKind kind, CustomFieldPost? post, int? recordId, Func<CancellationToken, Task<Outcome<int>>> save, CancellationToken ct)
    {
        if (post is null || !post.HasValues)
        {
            return await save(ct);
        }

        var retried = false;
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            if (retried)
            {
                db.ChangeTracker.Clear();
            }

            retried = true;
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var outcome = await save(token);
            if (outcome.IsDone)
            {
                await SaveAsync(kind, recordId ?? outcome.Value, post.Fields, post.Values, creating: recordId is null, token);
                await transaction.CommitAsync(token);
            }

            return outcome;
        }, ct);
    }

    /// <summary>
    /// Writes a record's values of the given fields (those absent from <paramref name="values"/> are left alone) and,
    /// when something changed, each field's old and new value in the history: in the record's "created" entry when
    /// <paramref name="creating"/> (written by the same transaction's save), else in one "updated" entry.
    /// </summary>
    public async Task<bool> SaveAsync(
        RecordKind kind, int recordId, IReadOnlyList<CustomField> fields, IReadOnlyDictionary<int, IReadOnlyList<StoredValue>> values, bool creating, CancellationToken ct)
    {
        var fieldIds = values.Keys.ToList();
        var existing = await db.CustomFieldValues.Where(v => v.RecordId == recordId && fieldIds.Contains(v.FieldId)).OrderBy(v => v.Id).ToListAsync(ct);
        var changes = new List<RecordSaveInterceptor.FieldChange>();
        foreach (var field in fields.Where(f => values.ContainsKey(f.Id)))
        {
            var before = existing.Where(v => v.FieldId == field.Id).ToList();
            var after = values[field.Id];
            var oldRaw = Raw(before.Select(v => new StoredValue(v.Text, v.TextKey, v.Number, v.Date)));
            var newRaw = Raw(after);
            if (oldRaw == newRaw)
            {
                continue;
            }

            db.CustomFieldValues.RemoveRange(before);
            db.CustomFieldValues.AddRange(after.Select(v => new CustomFieldValue { FieldId = field.Id, RecordId = recordId, Text = v.Text, TextKey = v.TextKey, Number = v.Number, Date = v.Date }));
            changes.Add(new RecordSaveInterceptor.FieldChange(field.Name, oldRaw, newRaw));
        }

        if (changes.Count == 0)
        {
            return false;
        }

        var created = creating
            ? await db.AuditEntries.Where(a => a.Kind == kind.Key && a.EntityId == recordId && a.Action == AuditAction.Created).OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct)
            : null;
        if (created is not null)
        {
            var own = string.IsNullOrEmpty(created.Changes) ? [] : JsonSerializer.Deserialize<List<RecordSaveInterceptor.FieldChange>>(created.Changes) ?? [];
            created.Changes = JsonSerializer.Serialize(own.Concat(changes).ToList());
            await db.SaveChangesAsync(ct);
            return true;
        }

        db.AuditEntries.Add(new AuditEntry
        {
            EntityType = kind.AuditType,
            Kind = kind.Key,
            EntityId = recordId,
            Action = AuditAction.Updated,
            Source = scope.Source ?? ChangeSource.Form,
            CorrelationId = scope.CorrelationId,
            UserId = currentUser.IdOrNull,
            At = clock.GetUtcNow().UtcDateTime,
            Changes = JsonSerializer.Serialize(changes),
        });
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// A record's values of the kind's live fields as its reader sees them (label, then the values joined by ", "), in
    /// the fields' order: what a copy of a person's data holds.
    /// </summary>
    public async Task<IReadOnlyList<(string Label, string Value)>> ShownAsync(string kind, int recordId, CancellationToken ct)
    {
        var fields = await FieldsAsync(kind, ct);
        var values = await ValuesAsync(fields, recordId, ct);
        var french = French;
        var culture = CultureInfo.CurrentCulture;
        return fields.Where(f => values.ContainsKey(f.Id))
            .Select(f => (f.Label(french), string.Join(", ", values[f.Id].Select(v => CustomFieldInput.Show(f, v, culture, french, l)))))
            .ToList();
    }

    /// <summary>
    /// Deletes for good every custom value of the given records of a kind, removed fields' included: a record purged
    /// from the bin or a person's data erased leaves none behind.
    /// </summary>
    public static Task<int> DeleteValuesAsync(CrmDbContext db, string kind, IReadOnlyCollection<int> recordIds, CancellationToken ct) =>
        db.CustomFieldValues
            .Where(v => recordIds.Contains(v.RecordId) && db.CustomFields.Any(f => f.Id == v.FieldId && f.Kind == kind))
            .ExecuteDeleteAsync(ct);

    /// <summary>
    /// On a merge, inside its transaction: the merged record's values of every field of the kind (removed ones too) the
    /// survivor has no value for are copied onto the survivor, each told to the merge's history. Copied, not moved: the
    /// merged record keeps its own for a restore from the bin.
    /// </summary>
    public static async Task CarryOverAsync(CrmDbContext db, string kind, int survivorId, int mergedId, IMergeAudit audit, CancellationToken ct)
    {
        var fields = await db.CustomFields.AsNoTracking().Where(f => f.Kind == kind).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        var fieldIds = fields.Keys.ToList();
        var values = await db.CustomFieldValues.AsNoTracking()
            .Where(v => (v.RecordId == survivorId || v.RecordId == mergedId) && fieldIds.Contains(v.FieldId))
            .OrderBy(v => v.Id).ToListAsync(ct);
        var held = values.Where(v => v.RecordId == survivorId).Select(v => v.FieldId).ToHashSet();
        foreach (var field in values.Where(v => v.RecordId == mergedId && !held.Contains(v.FieldId)).GroupBy(v => v.FieldId))
        {
            db.CustomFieldValues.AddRange(field.Select(v => new CustomFieldValue { FieldId = v.FieldId, RecordId = survivorId, Text = v.Text, TextKey = v.TextKey, Number = v.Number, Date = v.Date }));
            audit.Took(fields[field.Key], null, Raw(field.Select(v => new StoredValue(v.Text, v.TextKey, v.Number, v.Date))));
        }
    }

    /// <summary>A field's values as one invariant string (choices joined by "; "), as the history stores them; null for none.</summary>
    internal static string? Raw(IEnumerable<StoredValue> values)
    {
        var text = string.Join("; ", values.Select(v => v.Raw));
        return text.Length == 0 ? null : text;
    }

    /// <summary>
    /// How the history shows custom fields of a kind, removed ones included: by field name ("cf.key"), the label in the
    /// reader's language and each stored value in their format.
    /// </summary>
    public async Task<Dictionary<string, (string Label, Func<string?, string?> Show)>> HistoryAsync(string kind, CancellationToken ct)
    {
        var fields = await db.CustomFields.AsNoTracking().Where(f => f.Kind == kind).ToListAsync(ct);
        var french = French;
        var culture = CultureInfo.CurrentCulture;
        return fields.ToDictionary(
            f => f.Name,
            f => (f.Label(french), (Func<string?, string?>)(raw => raw is null ? null : string.Join("; ", raw.Split("; ").Select(one => ShowRaw(f, one, culture, french))))));
    }

    private string ShowRaw(CustomField field, string raw, CultureInfo culture, bool french)
    {
        var stored = field.Column switch
        {
            ValueColumn.Number => double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? new StoredValue(null, null, n, null) : null,
            ValueColumn.Date => DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d) ? new StoredValue(null, null, null, d) : null,
            _ => new StoredValue(raw, null, null, null),
        };
        return stored is null ? raw : CustomFieldInput.Show(field, stored, culture, french, l);
    }
}

/// <summary>
/// A record form's custom field values, read and checked before the record is saved, written in the same transaction
/// (<see cref="CustomFieldStore.SaveWithRecordAsync"/>).
/// </summary>
public sealed record CustomFieldPost(IReadOnlyList<CustomField> Fields, IReadOnlyDictionary<int, IReadOnlyList<StoredValue>> Values, IReadOnlyList<FieldError> Errors)
{
    public bool HasValues => Errors.Count == 0 && Values.Count > 0;
}

/// <summary>
/// Each kind's live custom field definitions, kept in memory: every list, details and form page read them, one query
/// each time. Dropped as soon as a field is saved through EF (added, edited, moved, removed, restored), and after a
/// minute whatever happens. Callers only read them.
/// </summary>
public sealed class CustomFieldDefinitions(TimeProvider clock) : SavedChangesCache<IReadOnlyList<CustomField>>(clock, TimeSpan.FromMinutes(1))
{
    public override bool Touches(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) => entry.Entity is CustomField;
}
