using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Search;

/// <summary>
/// Contacts and companies the user may see that match a search, for the search box (a few of each) and the search
/// page (more). Same matching as the lists' <c>q</c>.
/// </summary>
public sealed class SearchRecords(CrmDbContext db)
{
    public sealed record Hit(string Name, string? Subtitle, string Url);

    public sealed record Results(IReadOnlyList<Hit> Contacts, IReadOnlyList<Hit> Companies, bool MoreContacts, bool MoreCompanies)
    {
        public static readonly Results None = new([], [], false, false);
    }

    public async Task<Results> Handle(string? query, CrmUser user, int take, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return Results.None;
        }

        var contacts = await db.Contacts.AsNoTracking().VisibleTo(user).Matching(db, query)
            .OrderBy(c => c.SortName).ThenBy(c => c.Id).Take(take + 1)
            .Select(c => new { c.Id, c.FirstName, c.LastName, c.Email, Company = c.Company != null ? c.Company.Name : null, c.JobTitle })
            .ToListAsync(ct);
        var companies = await db.Companies.AsNoTracking().VisibleTo(user).Matching(db, query)
            .OrderBy(c => c.NameKey).ThenBy(c => c.Id).Take(take + 1)
            .Select(c => new { c.Id, c.Name, c.BillingAddress.City, c.Siren })
            .ToListAsync(ct);

        return new Results(
            contacts.Take(take).Select(c => new Hit(
                $"{c.FirstName} {c.LastName}".Trim(),
                string.Join(" · ", new[] { c.JobTitle, c.Company, c.Email }.Where(s => !string.IsNullOrWhiteSpace(s))),
                $"/Contacts/Details/{c.Id}")).ToList(),
            companies.Take(take).Select(c => new Hit(
                c.Name,
                string.Join(" · ", new[] { c.City, c.Siren }.Where(s => !string.IsNullOrWhiteSpace(s))),
                $"/Companies/Details/{c.Id}")).ToList(),
            contacts.Count > take,
            companies.Count > take);
    }
}
