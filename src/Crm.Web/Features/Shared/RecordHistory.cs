using System.Globalization;
using System.Text.Json;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Shared;

/// <summary>
/// A record's audit trail, newest first, in plain words (ARCHITECTURE §5): entries store raw values; here they get the
/// reader's labels, enum texts, local times and the names of users, teams and records, as <see cref="HistoryFields"/> says.
/// </summary>
public sealed class RecordHistory(CrmDbContext db, IStringLocalizer<SharedResource> l, UserTime time, RecordKinds kinds, CustomFields.CustomFieldStore customFields)
{
    public const int ShortCount = 5;
    public const int LongCount = 200;

    /// <summary>The English label of an audited field of a kind; unknown fields show as stored.</summary>
    public static string FieldLabel(RecordKind? kind, string field) => HistoryFields.For(kind, field).Label;

    public static IEnumerable<string> AllFieldLabels => HistoryFields.AllLabels;

    /// <summary>A field change as the reader sees it: label and values already in their language.</summary>
    public sealed record ShownChange(string Field, string Label, string? Old, string? New);

    /// <summary>
    /// One entry; <see cref="Merged"/> names the other record of a merge: the one merged in, or, when
    /// <see cref="IsMergedAway"/>, the one this record was merged into.
    /// </summary>
    public sealed record Entry(DateTime At, AuditAction Action, ChangeSource Source, string? UserName, string? Merged, bool IsMergedAway, IReadOnlyList<ShownChange> Changes)
    {
        /// <summary>The audit row shown, for pages that list the entries of many records (/Admin/Audit).</summary>
        public long AuditId { get; init; }

        public int EntityId { get; init; }
    }

    private const string MergedId = "MergedId";
    private const string MergedInto = "MergedInto";

    /// <summary>The caller has checked that the user may see the record.</summary>
    public async Task<IReadOnlyList<Entry>> ReadAsync(string entityType, int entityId, int count, CancellationToken ct)
    {
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == entityType && a.EntityId == entityId)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Take(count)
            .ToListAsync(ct);
        return await FormatAsync(kinds.KeyOf(entityType), rows, ct);
    }

    /// <summary>Formats entries of one kind of record, with one query per kind of name they refer to.</summary>
    public async Task<IReadOnlyList<Entry>> FormatAsync(string kind, IReadOnlyList<AuditEntry> rows, CancellationToken ct)
    {
        // Merges saved before change events also have the interceptor's update entry at the same instant: one is enough.
        var merges = rows.Where(r => r.Action == AuditAction.Merged).Select(r => (r.At, r.UserId)).ToHashSet();
        // Fields declared out of the history (derived values, a deal's stage, which has its own history) are left out,
        // and so is an update that changed nothing else.
        var declared = kinds.Find(kind);
        var entries = rows
            .Where(r => r.Action != AuditAction.Updated || !merges.Contains((r.At, r.UserId)))
            .Select(r => (Row: r, All: ParseChanges(r.Changes)))
            .Select(e => (e.Row, e.All, Changes: e.All.Where(c => HistoryFields.For(declared, c.Field).InHistory).ToList()))
            .Where(e => e.Row.Action != AuditAction.Updated || e.All.Count == 0 || e.Changes.Count > 0)
            .Select(e => (e.Row, e.Changes))
            .ToList();

        var names = new Names();
        foreach (var (row, changes) in entries)
        {
            names.Add(FieldType.User, null, row.UserId);
            foreach (var change in changes)
            {
                var shown = HistoryFields.For(kinds.Find(kind), change.Field);
                names.Add(shown.Type, RecordKindOf(shown, kind), change.Old);
                names.Add(shown.Type, RecordKindOf(shown, kind), change.New);
            }
        }

        await names.ResolveAsync(db, kinds, ct);
        // Custom fields ("cf.key") are shown with their labels and formats, read once when the page has any.
        var custom = entries.Any(e => e.Changes.Any(c => c.Field.StartsWith(CustomFields.CustomField.Prefix, StringComparison.Ordinal)))
            ? await customFields.HistoryAsync(kind, ct)
            : [];
        ShownChange Shown(RecordSaveInterceptor.FieldChange c) => custom.TryGetValue(c.Field, out var field)
            ? new ShownChange(c.Field, field.Label, field.Show(c.Old), field.Show(c.New))
            : new ShownChange(c.Field, l[HistoryFields.For(kinds.Find(kind), c.Field).Label], Show(kind, c.Field, c.Old, names), Show(kind, c.Field, c.New, names));
        return entries.Select(e => new Entry(
            e.Row.At,
            e.Row.Action,
            e.Row.Source,
            e.Row.UserId is null ? null : names.Of(FieldType.User, null, e.Row.UserId) ?? e.Row.UserId,
            e.Changes.Where(c => c.Field is MergedId or MergedInto).Select(c => Show(kind, c.Field, c.New, names)).FirstOrDefault(),
            e.Changes.Any(c => c.Field == MergedInto),
            e.Changes.Where(c => c.Field is not (MergedId or MergedInto)).Select(Shown).ToList()) { AuditId = e.Row.Id, EntityId = e.Row.EntityId }).ToList();
    }

    /// <summary>
    /// Stored values of a kind's fields as the history would show them (each change's Old and New), with one query per
    /// kind of name: what the merge preview shows of both records.
    /// </summary>
    public async Task<IReadOnlyList<ShownChange>> ShowAsync(string kind, IReadOnlyList<RecordSaveInterceptor.FieldChange> changes, CancellationToken ct)
    {
        var names = new Names();
        foreach (var change in changes)
        {
            var shown = HistoryFields.For(kinds.Find(kind), change.Field);
            names.Add(shown.Type, RecordKindOf(shown, kind), change.Old);
            names.Add(shown.Type, RecordKindOf(shown, kind), change.New);
        }

        await names.ResolveAsync(db, kinds, ct);
        return changes.Select(c => new ShownChange(c.Field, l[HistoryFields.For(kinds.Find(kind), c.Field).Label], Show(kind, c.Field, c.Old, names), Show(kind, c.Field, c.New, names))).ToList();
    }

    private string? Show(string kind, string field, string? raw, Names names)
    {
        if (raw is null)
        {
            return null;
        }

        var shown = HistoryFields.For(kinds.Find(kind), field);
        var culture = CultureInfo.CurrentCulture;
        switch (shown.Type)
        {
            case FieldType.Choice when shown.Choices is { } type && Enum.TryParse(type, raw, out var value):
                return l.Label((Enum)value);
            case FieldType.User or FieldType.Team or FieldType.Record:
                return names.Of(shown.Type, RecordKindOf(shown, kind), raw) ?? raw;
            case FieldType.Tags:
                return string.Join(", ", raw.Split(',').Select(id => names.Of(FieldType.Tags, null, id) ?? id));
            case FieldType.Date when ParseTime(raw) is { } date:
                return time.FormatDate(date);
            case FieldType.DateTime when ParseTime(raw) is { } at:
                return time.Format(at);
            case FieldType.Money when decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount):
                return (shown.InCents ? amount / 100m : amount).ToString("N2", culture);
            default:
                return raw;
        }
    }

    private static DateTime? ParseTime(string raw) =>
        DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private static string? RecordKindOf(RecordField shown, string kind) =>
        shown.Type != FieldType.Record ? null : shown.RecordKind == HistoryFields.SameKind ? kind : shown.RecordKind;

    private static IReadOnlyList<RecordSaveInterceptor.FieldChange> ParseChanges(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<RecordSaveInterceptor.FieldChange>>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The ids a page of history refers to, by kind of reference, then their names.</summary>
    private sealed class Names
    {
        private readonly Dictionary<(FieldType, string?), HashSet<string>> _wanted = [];
        private readonly Dictionary<(FieldType, string?), Dictionary<string, string>> _found = [];

        public void Add(FieldType shown, string? kind, string? raw)
        {
            if (raw is null || shown is not (FieldType.User or FieldType.Team or FieldType.Record or FieldType.Tags))
            {
                return;
            }

            if (!_wanted.TryGetValue((shown, kind), out var ids))
            {
                _wanted[(shown, kind)] = ids = new HashSet<string>(StringComparer.Ordinal);
            }

            ids.UnionWith(shown == FieldType.Tags ? raw.Split(',') : [raw]);
        }

        public string? Of(FieldType shown, string? kind, string raw) =>
            _found.TryGetValue((shown, kind), out var names) && names.TryGetValue(raw, out var name) ? name : null;

        public async Task ResolveAsync(CrmDbContext db, RecordKinds kinds, CancellationToken ct)
        {
            foreach (var ((shown, kind), raw) in _wanted)
            {
                var ids = raw.ToList();
                var numbers = raw.Select(r => int.TryParse(r, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0).Where(n => n != 0).ToList();
                _found[(shown, kind)] = shown switch
                {
                    FieldType.User => await db.Users.Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct),
                    FieldType.Team => await db.Teams.Where(t => numbers.Contains(t.Id)).Select(t => new { t.Id, t.Name }).ToDictionaryAsync(t => Key(t.Id), t => t.Name, ct),
                    FieldType.Tags => await db.Tags.Where(t => numbers.Contains(t.Id)).Select(t => new { t.Id, t.Name }).ToDictionaryAsync(t => Key(t.Id), t => t.Name, ct),
                    _ => (await HistoryFields.NamesAsync(db, kinds.Find(kind), numbers, ct)).ToDictionary(n => Key(n.Key), n => n.Value),
                };
            }
        }

        private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);
    }
}
