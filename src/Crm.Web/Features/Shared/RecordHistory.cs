using System.Text.Json;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Shared;

/// <summary>A record's audit trail, newest first: who changed which fields when (ARCHITECTURE §5).</summary>
public sealed class RecordHistory(CrmDbContext db)
{
    public const int ShortCount = 5;
    public const int LongCount = 200;

    /// <summary>The English label of an audited field (the history shows it through the localizer); unknown fields show as stored.</summary>
    public static string FieldLabel(string field) => FieldLabels.TryGetValue(field, out var label) ? label : field;

    public static IReadOnlyCollection<string> AllFieldLabels => FieldLabels.Values;

    private static readonly Dictionary<string, string> FieldLabels = new(StringComparer.Ordinal)
    {
        ["FirstName"] = "First name", ["LastName"] = "Last name", ["JobTitle"] = "Job title", ["Status"] = "Status",
        ["LifecycleStage"] = "Lifecycle stage", ["OwnerId"] = "Owner", ["TeamId"] = "Team", ["CompanyId"] = "Company",
        ["PreferredLanguage"] = "Preferred language", ["Consent"] = "Marketing consent", ["ConsentSource"] = "Consent source",
        ["ConsentAt"] = "Consent date", ["Name"] = "Name", ["LegalName"] = "Legal name", ["Siren"] = "SIREN", ["Siret"] = "SIRET",
        ["VatNumber"] = "VAT number", ["NafCode"] = "NAF code", ["Industry"] = "Industry", ["Size"] = "Size", ["Website"] = "Website",
        ["Phone"] = "Phone", ["ParentCompanyId"] = "Parent company",
        ["MergedId"] = "Merged record", ["MergedInto"] = "Merged into", ["MovedActivities"] = "Activities moved",
        ["MovedContacts"] = "Contacts moved", ["MovedChildCompanies"] = "Subsidiaries moved", ["MovedEmails"] = "Emails moved",
        ["MovedPhones"] = "Phones moved", ["MovedTags"] = "Tags moved",
    };

    public sealed record Entry(DateTime At, AuditAction Action, string? UserName, IReadOnlyList<RecordSaveInterceptor.FieldChange> Changes);

    /// <summary>The caller has checked that the user may see the record.</summary>
    public async Task<IReadOnlyList<Entry>> ReadAsync(string entityType, int entityId, int count, CancellationToken ct)
    {
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == entityType && a.EntityId == entityId)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Select(a => new
            {
                a.At,
                a.Action,
                UserName = db.Users.Where(u => u.Id == a.UserId).Select(u => u.DisplayName).FirstOrDefault(),
                a.Changes,
            })
            .Take(count)
            .ToListAsync(ct);
        return rows.Select(r => new Entry(r.At, r.Action, r.UserName, ParseChanges(r.Changes))).ToList();
    }

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
}
