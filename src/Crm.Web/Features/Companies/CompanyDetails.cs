using Crm.Web.Features.Activities;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Companies;

/// <summary>A company's 360° view: facts, contacts, parent and subsidiaries, one timeline (its own and its contacts' activities) and history.</summary>
public static class CompanyDetails
{
    public const int ContactCount = 10;
    public const int SubsidiaryCount = 20;

    public sealed record Facts(
        int Id,
        string Name,
        string? LegalName,
        string? Siren,
        string? Siret,
        string? VatNumber,
        string? NafCode,
        string? Industry,
        CompanySize Size,
        string? Website,
        string? Phone,
        string? PhoneE164,
        Address BillingAddress,
        Address ShippingAddress,
        CompanyStatus Status,
        string? OwnerId,
        string? OwnerName,
        int? TeamId,
        string? TeamName,
        int? ParentCompanyId,
        DateTime CreatedAt,
        DateTime? LastActivityAt);

    public sealed record LinkedCompany(int Id, string Name, string? City);

    public sealed record LinkedContact(int Id, string FirstName, string LastName, string? JobTitle, string? Email, string? Phone)
    {
        public string FullName => $"{FirstName} {LastName}".Trim();
    }

    public sealed record View(
        RecordDetailsFrame Frame,
        Facts Company,
        IReadOnlyList<string> Tags,
        LinkedCompany? Parent,
        IReadOnlyList<LinkedCompany> Subsidiaries,
        IReadOnlyList<LinkedContact> Contacts,
        int ContactTotal) : RecordDetailsPage(Frame);

    public sealed class Handler(CrmDbContext db, ActivityTimeline.Handler timeline, RecordHistory history) : IRecordDetails<Company>
    {
        /// <summary>Null when the company does not exist or the user may not see it.</summary>
        public async Task<RecordDetailsPage?> HandleAsync(int id, CrmUser user, string? after, ActivityKind? type, bool allHistory, CancellationToken ct)
        {
            var companies = db.Companies.AsNoTracking().VisibleTo(user);
            var facts = await companies
                .Where(c => c.Id == id)
                .Select(c => new Facts(
                    c.Id, c.Name, c.LegalName, c.Siren, c.Siret, c.VatNumber, c.NafCode, c.Industry, c.Size, c.Website,
                    c.Phone, c.PhoneE164, c.BillingAddress, c.ShippingAddress, c.Status,
                    c.OwnerId, c.Owner != null ? c.Owner.DisplayName : null,
                    c.TeamId, c.Team != null ? c.Team.Name : null,
                    c.ParentCompanyId, c.CreatedAt, c.LastActivityAt))
                .FirstOrDefaultAsync(ct);
            if (facts is null)
            {
                return null;
            }

            var tags = await db.CompanyTags.AsNoTracking().Where(t => t.CompanyId == id)
                .OrderBy(t => t.Tag!.Name).Select(t => t.Tag!.Name).ToListAsync(ct);
            var parent = facts.ParentCompanyId is int parentId
                ? await companies.Where(c => c.Id == parentId).Select(c => new LinkedCompany(c.Id, c.Name, c.BillingAddress.City)).FirstOrDefaultAsync(ct)
                : null;
            var subsidiaries = await companies.Where(c => c.ParentCompanyId == id)
                .OrderBy(c => c.NameKey).ThenBy(c => c.Id)
                .Select(c => new LinkedCompany(c.Id, c.Name, c.BillingAddress.City))
                .Take(SubsidiaryCount).ToListAsync(ct);
            var contacts = db.Contacts.AsNoTracking().VisibleTo(user).Where(c => c.CompanyId == id);
            var contactRows = await contacts.OrderBy(c => c.SortName).ThenBy(c => c.Id)
                .Select(c => new LinkedContact(c.Id, c.FirstName, c.LastName, c.JobTitle, c.Email, c.Phone))
                .Take(ContactCount).ToListAsync(ct);
            var contactTotal = contactRows.Count < ContactCount ? contactRows.Count : await contacts.CountAsync(ct);
            var entries = await timeline.ForAsync<Company>(id, after, user, ct, type: type);
            var frame = await RecordDetailsFrame.ReadAsync<Company>(
                history, user, id, facts.Name, new OwnedRef(facts.OwnerId, facts.TeamId), entries, after, type, allHistory, ct);
            return new View(frame, facts, tags, parent, subsidiaries, contactRows, contactTotal);
        }
    }
}
