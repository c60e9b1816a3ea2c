using Crm.Web.Features.Activities;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Shared;

/// <summary>
/// How the history shows each audited field: the kind's field declarations say it for the kind's own fields; this
/// class adds what every kind shares (owner, team, tags, merges) and names records through the kind's summary.
/// </summary>
public static class HistoryFields
{
    /// <summary>A reference to a record of the same kind as the one whose history is read (what a merge names).</summary>
    public const string SameKind = "";

    /// <summary>What a change event writes for any kind, beside its declared fields: tag lists and what a merge did.</summary>
    private static readonly RecordFields Written = new(
    [
        new(RecordSaveInterceptor.TagsField, "Tags", FieldType.Tags),
        new("MergedId", "Merged record", FieldType.Record) { RecordKind = SameKind },
        new("MergedInto", "Merged into", FieldType.Record) { RecordKind = SameKind },
        new("MovedActivities", "Activities moved", FieldType.Number), new("MovedContacts", "Contacts moved", FieldType.Number),
        new("MovedChildCompanies", "Subsidiaries moved", FieldType.Number), new("MovedEmails", "Emails moved", FieldType.Number),
        new("MovedPhones", "Phones moved", FieldType.Number), new("MovedTags", "Tags moved", FieldType.Number),
    ]);

    /// <summary>Fields of entries whose kind declares nothing (activities): their owner and team still read as names.</summary>
    private static readonly RecordFields Common = new(
    [
        new("Name", "Name", FieldType.Text), new("Phone", "Phone", FieldType.Phone),
        new("OwnerId", "Owner", FieldType.User), new("TeamId", "Team", FieldType.Team),
        // A timeline entry's own fields, for its history once edited.
        new(nameof(Activity.Kind), "Type of activity", FieldType.Choice) { Choices = typeof(ActivityKind) },
        new(nameof(Activity.Subject), "Subject", FieldType.Text), new(nameof(Activity.OccurredAt), "When", FieldType.DateTime),
        new(nameof(Activity.DurationMinutes), "Duration (minutes)", FieldType.Number),
        new(nameof(Activity.Outcome), "Outcome", FieldType.Choice) { Choices = typeof(CallOutcome) },
        new(nameof(Activity.Body), "Text", FieldType.LongText),
        new(nameof(Activity.BodyFormat), "Text format", FieldType.Choice) { Choices = typeof(TextFormat) },
    ]);

    /// <summary>
    /// How to show a field of a kind: as the kind declares it (<see cref="RecordField"/>), else as every kind shows it
    /// (tags, merges); a field neither knows shows its stored name and value.
    /// </summary>
    public static RecordField For(RecordKind? kind, string field) =>
        Written.Find(field) ?? kind?.Fields.Find(field) ?? Common.Find(field) ?? new RecordField(field, field, FieldType.Text);

    /// <summary>Every label, for the test that checks each has its French (declared fields are checked with their kinds).</summary>
    public static IEnumerable<string> AllLabels => Written.Concat(Common).Select(f => f.Label).Distinct();

    /// <summary>
    /// The names of records of a kind, deleted ones included (a merged-away record is soft-deleted). Names of linked records
    /// are shown even to users who may not open them (decision 0004).
    /// </summary>
    public static async Task<Dictionary<int, string>> NamesAsync(CrmDbContext db, RecordKind? kind, IReadOnlyCollection<int> ids, CancellationToken ct) =>
        kind is { } declared
            ? await declared.Summaries(db, withDeleted: true).Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct)
            : [];
}
