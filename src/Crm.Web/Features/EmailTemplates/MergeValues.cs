using System.Globalization;
using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.EmailTemplates;

/// <summary>What a record's mail is about and who it may go to: the merge values and the two possible recipients.</summary>
public sealed record MergeRecord(
    IReadOnlyDictionary<string, string> Values,
    string? ContactEmail,
    string? ContactLanguage,
    string? OwnerEmail,
    string? OwnerLanguage)
{
    /// <summary>The owner's own time zone (My account), when they chose one.</summary>
    public string? OwnerTimeZone { get; init; }
}

/// <summary>
/// Reads the values of <see cref="MergeFields"/> for one record, formatted in the recipient's culture (times in the zone
/// the caller gives, the recipient's; else the reader's, as <see cref="UserTime"/> says; amounts with their currency). Deleted records have none. Runs without a user (workflows):
/// callers that act for a user check record access first.
/// </summary>
public sealed class MergeValues(CrmDbContext db, UserTime time, PublicLinks links, RecordKinds kinds)
{
    public static CultureInfo CultureOf(string? language) =>
        CultureInfo.GetCultureInfo(string.Equals(language, "fr", StringComparison.OrdinalIgnoreCase) ? "fr-FR" : "en-GB");

    public async Task<MergeRecord?> ForAsync(string kind, int id, string? language, TimeZoneInfo? zone, CancellationToken ct)
    {
        var culture = CultureOf(language);
        var values = new Dictionary<string, string>();
        string? ownerId;
        string? contactEmail = null, contactLanguage = null;
        var link = kinds.Find(kind)?.DetailsPath(id);
        switch (kind)
        {
            case "contacts":
                var contact = await db.Contacts.AsNoTracking().Where(c => c.Id == id && c.DeletedAt == null)
                    .Select(c => new { c.FirstName, c.LastName, c.Email, c.JobTitle, c.PreferredLanguage, c.OwnerId, Company = c.Company!.Name })
                    .FirstOrDefaultAsync(ct);
                if (contact is null)
                {
                    return null;
                }

                AddContact(values, contact.FirstName, contact.LastName, contact.Email, contact.JobTitle);
                values["company.name"] = contact.Company ?? string.Empty;
                (ownerId, contactEmail, contactLanguage) = (contact.OwnerId, contact.Email, contact.PreferredLanguage);
                break;
            case "companies":
                var company = await db.Companies.AsNoTracking().Where(c => c.Id == id && c.DeletedAt == null)
                    .Select(c => new { c.Name, c.Website, c.Phone, c.OwnerId })
                    .FirstOrDefaultAsync(ct);
                if (company is null)
                {
                    return null;
                }

                values["company.name"] = company.Name;
                values["company.website"] = company.Website ?? string.Empty;
                values["company.phone"] = company.Phone ?? string.Empty;
                ownerId = company.OwnerId;
                break;
            case "deals":
                var deal = await db.Deals.AsNoTracking().Where(d => d.Id == id && d.DeletedAt == null)
                    .Select(d => new
                    {
                        d.Name, d.AmountCents, d.Currency, Stage = d.Stage!.Name, d.ExpectedCloseDate, d.OwnerId, Company = d.Company!.Name,
                        Contact = d.Contacts.Where(c => c.Contact!.DeletedAt == null).OrderBy(c => c.Role).ThenBy(c => c.ContactId)
                            .Select(c => new { c.Contact!.FirstName, c.Contact.LastName, c.Contact.Email, c.Contact.JobTitle, c.Contact.PreferredLanguage })
                            .FirstOrDefault(),
                    })
                    .FirstOrDefaultAsync(ct);
                if (deal is null)
                {
                    return null;
                }

                values["deal.name"] = deal.Name;
                values["deal.amount"] = Money.Format(deal.AmountCents, deal.Currency, culture);
                values["deal.stage"] = deal.Stage;
                values["deal.close_date"] = deal.ExpectedCloseDate?.ToString("d", culture) ?? string.Empty;
                values["company.name"] = deal.Company ?? string.Empty;
                AddContact(values, deal.Contact?.FirstName, deal.Contact?.LastName, deal.Contact?.Email, deal.Contact?.JobTitle);
                (ownerId, contactEmail, contactLanguage) = (deal.OwnerId, deal.Contact?.Email, deal.Contact?.PreferredLanguage);
                break;
            case "tasks":
                var task = await db.Tasks.AsNoTracking().Where(t => t.Id == id && t.DeletedAt == null)
                    .Select(t => new { t.Title, t.DueAt, t.Notes, t.OwnerId })
                    .FirstOrDefaultAsync(ct);
                if (task is null)
                {
                    return null;
                }

                values["task.title"] = task.Title;
                values["task.due"] = (zone is null ? time.ToLocal(task.DueAt) : UserTime.ToLocal(task.DueAt, zone)).ToString("g", culture);
                values["task.notes"] = task.Notes ?? string.Empty;
                ownerId = task.OwnerId;
                break;
            default:
                return null;
        }

        var owner = ownerId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == ownerId)
            .Select(u => new { u.DisplayName, u.Email, u.Culture, u.TimeZone }).FirstOrDefaultAsync(ct);
        AddOwner(values, owner?.DisplayName, owner?.Email);
        values["record.link"] = link is not null && links.IsConfigured ? links.For(link).ToString() : string.Empty;
        return new MergeRecord(values, contactEmail, contactLanguage, owner?.Email, owner?.Culture) { OwnerTimeZone = owner?.TimeZone };
    }

    /// <summary>Values that show what each field looks like, for the preview without a record.</summary>
    public IReadOnlyDictionary<string, string> Sample(string kind, string? language)
    {
        var culture = CultureOf(language);
        var french = culture.TwoLetterISOLanguageName == "fr";
        var values = new Dictionary<string, string>();
        AddContact(values, french ? "Camille" : "Alex", french ? "Martin" : "Smith", "camille.martin@example.com", french ? "Directrice achats" : "Head of purchasing");
        AddOwner(values, french ? "Julien Bernard" : "Sam Taylor", "owner@example.com");
        values["company.name"] = french ? "Atelier Lumière" : "Bright Works";
        values["company.website"] = "https://example.com";
        values["company.phone"] = "+33 1 23 45 67 89";
        values["deal.name"] = french ? "Renouvellement 2027" : "2027 renewal";
        values["deal.amount"] = Money.Format(12_500_00, "EUR", culture);
        values["deal.stage"] = french ? "Proposition" : "Proposal";
        values["deal.close_date"] = new DateOnly(2027, 1, 15).ToString("d", culture);
        values["task.title"] = french ? "Rappeler le client" : "Call the customer back";
        values["task.due"] = new DateTime(2027, 1, 15, 14, 30, 0).ToString("g", culture);
        values["task.notes"] = string.Empty;
        values["record.link"] = (links.BaseUrl ?? "https://crm.example.com") + "/Contacts/Details/1";
        values["campaign.name"] = french ? "Lettre d’information de décembre" : "December newsletter";
        values["unsubscribe.link"] = (links.BaseUrl ?? "https://crm.example.com") + "/c/u/…";
        return values.Where(v => MergeFields.For(kind).Contains(v.Key)).ToDictionary();
    }

    private static void AddContact(Dictionary<string, string> values, string? first, string? last, string? email, string? jobTitle)
    {
        values["contact.first_name"] = first ?? string.Empty;
        values["contact.last_name"] = last ?? string.Empty;
        values["contact.name"] = $"{first} {last}".Trim();
        values["contact.email"] = email ?? string.Empty;
        values["contact.job_title"] = jobTitle ?? string.Empty;
    }

    private static void AddOwner(Dictionary<string, string> values, string? name, string? email)
    {
        values["owner.name"] = name ?? string.Empty;
        values["owner.first_name"] = name?.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
        values["owner.email"] = email ?? string.Empty;
    }
}
