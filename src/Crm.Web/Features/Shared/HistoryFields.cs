using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Shared;

/// <summary>How the history shows a stored (raw) value of a field.</summary>
public enum ValueShown
{
    Text,
    Enum,
    User,
    Team,
    Record,
    Date,
    DateTime,
    Money,
    Tags,
}

/// <summary>A field's English label (shown through the localizer) and how its values read.</summary>
public sealed record FieldShown(string Label, ValueShown As = ValueShown.Text, Type? EnumType = null, string? RecordKind = null)
{
    public static FieldShown Enum<T>(string label)
        where T : struct, System.Enum => new(label, ValueShown.Enum, typeof(T));

    public static FieldShown Record(string label, string kind) => new(label, ValueShown.Record, RecordKind: kind);
}

/// <summary>
/// How the history shows each audited field: the kind's field declarations say it for the kind's own fields; this
/// class adds what every kind shares (owner, team, tags, merges) and names records through the kind's summary.
/// </summary>
public static class HistoryFields
{
    /// <summary>A reference to a record of the same kind as the one whose history is read (what a merge names).</summary>
    public const string SameKind = "";

    /// <summary>What a change event writes for any kind, beside its declared fields: tag lists and what a merge did.</summary>
    private static readonly Dictionary<string, FieldShown> Written = new(StringComparer.Ordinal)
    {
        [RecordSaveInterceptor.TagsField] = new("Tags", ValueShown.Tags),
        ["MergedId"] = FieldShown.Record("Merged record", SameKind), ["MergedInto"] = FieldShown.Record("Merged into", SameKind),
        ["MovedActivities"] = new("Activities moved"), ["MovedContacts"] = new("Contacts moved"),
        ["MovedChildCompanies"] = new("Subsidiaries moved"), ["MovedEmails"] = new("Emails moved"),
        ["MovedPhones"] = new("Phones moved"), ["MovedTags"] = new("Tags moved"),
    };

    /// <summary>Fields of entries whose kind declares nothing (activities): their owner and team still read as names.</summary>
    private static readonly Dictionary<string, FieldShown> Common = new(StringComparer.Ordinal)
    {
        ["Name"] = new("Name"), ["Phone"] = new("Phone"),
        ["OwnerId"] = new("Owner", ValueShown.User), ["TeamId"] = new("Team", ValueShown.Team),
    };

    /// <summary>
    /// How to show a field of a kind: as the kind declares it (<see cref="RecordField"/>), else as every kind shows it
    /// (tags, merges); a field neither knows shows its stored name and value.
    /// </summary>
    public static FieldShown For(string kind, string field) =>
        Written.TryGetValue(field, out var written) ? written
        : RecordKinds.DeclaredWithKey(kind)?.Fields.Find(field) is { } declared ? Shown(declared)
        : Common.TryGetValue(field, out var common) ? common
        : new FieldShown(field);

    /// <summary>Every label, for the test that checks each has its French (declared fields are checked with their kinds).</summary>
    public static IEnumerable<string> AllLabels => Written.Values.Concat(Common.Values).Select(f => f.Label).Distinct();

    private static FieldShown Shown(RecordField field) => field.Type switch
    {
        FieldType.Choice => new(field.Label, ValueShown.Enum, field.Choices),
        FieldType.User => new(field.Label, ValueShown.User),
        FieldType.Team => new(field.Label, ValueShown.Team),
        FieldType.Record => new(field.Label, ValueShown.Record, RecordKind: field.RecordKind),
        FieldType.Date => new(field.Label, ValueShown.Date),
        FieldType.DateTime => new(field.Label, ValueShown.DateTime),
        FieldType.Money => new(field.Label, ValueShown.Money),
        _ => new(field.Label),
    };

    /// <summary>
    /// The names of records of a kind, deleted ones included (a merged-away record is soft-deleted). Names of linked records
    /// are shown even to users who may not open them (decision 0004).
    /// </summary>
    public static async Task<Dictionary<int, string>> NamesAsync(CrmDbContext db, string kind, IReadOnlyCollection<int> ids, CancellationToken ct) =>
        RecordKinds.DeclaredWithKey(kind) is { } declared
            ? await declared.Summaries(db, withDeleted: true).Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct)
            : [];
}
