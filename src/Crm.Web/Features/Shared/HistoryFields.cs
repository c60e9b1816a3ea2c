using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Data;
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
/// The one table of how the history shows each audited field, per kind of record, and how a record of each kind is named.
/// The record kit's field declarations replace it; nothing else knows field by field how a value reads.
/// </summary>
public static class HistoryFields
{
    /// <summary>A reference to a record of the same kind as the one whose history is read (what a merge names).</summary>
    public const string SameKind = "";

    private static readonly Dictionary<string, FieldShown> Common = new(StringComparer.Ordinal)
    {
        ["Name"] = new("Name"), ["Phone"] = new("Phone"),
        ["OwnerId"] = new("Owner", ValueShown.User), ["TeamId"] = new("Team", ValueShown.Team),
        [RecordSaveInterceptor.TagsField] = new("Tags", ValueShown.Tags),
        ["MergedId"] = FieldShown.Record("Merged record", SameKind), ["MergedInto"] = FieldShown.Record("Merged into", SameKind),
        ["MovedActivities"] = new("Activities moved"), ["MovedContacts"] = new("Contacts moved"),
        ["MovedChildCompanies"] = new("Subsidiaries moved"), ["MovedEmails"] = new("Emails moved"),
        ["MovedPhones"] = new("Phones moved"), ["MovedTags"] = new("Tags moved"),
    };

    private static readonly Dictionary<string, Dictionary<string, FieldShown>> ByKind = new(StringComparer.Ordinal)
    {
        ["contacts"] = new(StringComparer.Ordinal)
        {
            ["FirstName"] = new("First name"), ["LastName"] = new("Last name"), ["JobTitle"] = new("Job title"),
            ["Status"] = FieldShown.Enum<ContactStatus>("Status"), ["LifecycleStage"] = FieldShown.Enum<LifecycleStage>("Lifecycle stage"),
            ["CompanyId"] = FieldShown.Record("Company", "companies"), ["PreferredLanguage"] = new("Preferred language"),
            ["Consent"] = FieldShown.Enum<ConsentState>("Marketing consent"), ["ConsentSource"] = new("Consent source"),
            ["ConsentAt"] = new("Consent date", ValueShown.DateTime),
        },
        ["companies"] = new(StringComparer.Ordinal)
        {
            ["LegalName"] = new("Legal name"), ["Siren"] = new("SIREN"), ["Siret"] = new("SIRET"), ["VatNumber"] = new("VAT number"),
            ["NafCode"] = new("NAF code"), ["Industry"] = new("Industry"), ["Size"] = FieldShown.Enum<CompanySize>("Size"),
            ["Website"] = new("Website"), ["Status"] = FieldShown.Enum<CompanyStatus>("Status"),
            ["ParentCompanyId"] = FieldShown.Record("Parent company", "companies"),
        },
    };

    /// <summary>How to show a field of a kind; a field not declared shows its stored name and value.</summary>
    public static FieldShown For(string kind, string field) =>
        ByKind.TryGetValue(kind, out var fields) && fields.TryGetValue(field, out var shown) ? shown
        : Common.TryGetValue(field, out var common) ? common
        : new FieldShown(field);

    /// <summary>Every label, for the test that checks each has its French.</summary>
    public static IEnumerable<string> AllLabels => Common.Values.Concat(ByKind.Values.SelectMany(f => f.Values)).Select(f => f.Label).Distinct();

    /// <summary>
    /// The names of records of a kind, deleted ones included (a merged-away record is soft-deleted). Names of linked records
    /// are shown even to users who may not open them (decision 0004).
    /// </summary>
    public static async Task<Dictionary<int, string>> NamesAsync(CrmDbContext db, string kind, IReadOnlyCollection<int> ids, CancellationToken ct) => kind switch
    {
        "contacts" => await db.Contacts.IgnoreQueryFilters().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, Name = c.FirstName + " " + c.LastName }).ToDictionaryAsync(c => c.Id, c => c.Name.Trim(), ct),
        "companies" => await db.Companies.IgnoreQueryFilters().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct),
        _ => [],
    };
}
