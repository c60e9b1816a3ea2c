using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Companies;

/// <summary>What a new or imported company looks like, for finding likely duplicates.</summary>
public sealed record CompanyProbe(string? Name, string? Siren, string? Siret, string? Phone, string? Website = null, int? ExcludeId = null);

public enum CompanyDuplicateReason
{
    SameSiren,
    SameSiret,
    SameName,
    SamePhone,
    SameWebsite,
}

public sealed record CompanyDuplicateCandidate(int Id, string Name, string? City, string? Siret, CompanyDuplicateReason Reason);

/// <summary>
/// Likely duplicates of a company: the same SIREN or SIRET, the same normalised name, the same E.164 phone or the
/// same website domain. Only companies the user may see are returned; the most telling reason is kept per company.
/// </summary>
public sealed class CompanyDuplicates(CrmDbContext db)
{
    private const int PerReason = 10;

    public async Task<IReadOnlyList<CompanyDuplicateCandidate>> FindAsync(CompanyProbe probe, CrmUser user, CancellationToken ct)
    {
        var found = new Dictionary<int, CompanyDuplicateCandidate>();
        var visible = db.Companies.AsNoTracking().VisibleTo(user).Where(c => probe.ExcludeId == null || c.Id != probe.ExcludeId);

        async Task Add(IQueryable<Company> matches, CompanyDuplicateReason reason)
        {
            var rows = await matches
                .OrderBy(c => c.Id)
                .Select(c => new CompanyDuplicateCandidate(c.Id, c.Name, c.BillingAddress.City, c.Siret, reason))
                .Take(PerReason)
                .ToListAsync(ct);
            rows.ForEach(r => found.TryAdd(r.Id, r));
        }

        var siret = string.IsNullOrWhiteSpace(probe.Siret) ? null : FrenchCompanyIds.Clean(probe.Siret);
        if (siret is { Length: 14 })
        {
            await Add(visible.Where(c => c.Siret == siret), CompanyDuplicateReason.SameSiret);
        }

        var siren = string.IsNullOrWhiteSpace(probe.Siren) ? siret is { Length: 14 } ? siret[..9] : null : FrenchCompanyIds.Clean(probe.Siren);
        if (siren is { Length: 9 })
        {
            await Add(visible.Where(c => c.Siren == siren), CompanyDuplicateReason.SameSiren);
        }

        var nameKey = SearchKey.Normalize(probe.Name);
        if (nameKey.Length > 0)
        {
            await Add(visible.Where(c => c.NameKey == nameKey), CompanyDuplicateReason.SameName);
        }

        if (PhoneNumber.ToE164(probe.Phone) is { } phone)
        {
            await Add(visible.Where(c => c.PhoneE164 == phone), CompanyDuplicateReason.SamePhone);
        }

        if (WebsiteDomain.Of(probe.Website) is { } domain)
        {
            await Add(visible.Where(c => c.DomainKey == domain), CompanyDuplicateReason.SameWebsite);
        }

        return found.Values.ToList();
    }
}
