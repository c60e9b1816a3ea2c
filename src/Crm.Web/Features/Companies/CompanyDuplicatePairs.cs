using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Companies;

/// <summary>How companies find their likely duplicates: the same SIREN, SIRET, name, phone or website domain.</summary>
public static class CompanyDuplicatePairs
{
    [Flags]
    public enum Reasons
    {
        None = 0,
        SameSiren = 1,
        SameSiret = 2,
        SameName = 4,
        SamePhone = 8,
        SameWebsite = 16,
    }

    public static RecordDuplicates<Company> Part => new()
    {
        Candidates = Candidates,
        Reasons =
        [
            ((int)Reasons.SameSiret, "Same SIRET number"),
            ((int)Reasons.SameSiren, "Same SIREN number"),
            ((int)Reasons.SameName, "Same company name"),
            ((int)Reasons.SamePhone, "Same phone number"),
            ((int)Reasons.SameWebsite, "Same website address"),
        ],
        Side = c => new DuplicateSide
        {
            Id = c.Id,
            Name = c.Name,
            Detail1 = c.Siret != null ? "SIRET " + c.Siret : null,
            Detail2 = c.BillingAddress.City,
            Detail3 = c.Phone,
            Detail4 = c.Website,
            OwnerId = c.OwnerId,
            TeamId = c.TeamId,
            CreatedAt = c.CreatedAt,
        },
        DetailIcons = [null, "bi-geo-alt", "bi-telephone", "bi-globe"],
        Title = "Duplicate companies",
        Intro = "Companies that share a SIREN or SIRET, a name, a phone number or a website. Merge them, or mark them as not duplicates.",
        Empty = "When two companies look like the same one, they will show here.",
        CannotMerge = "You may not edit both companies.",
    };

    /// <summary>Every pair sharing a SIREN, a SIRET, a name key, an E.164 phone or a website domain (indexed self-joins).</summary>
    private static IQueryable<PairRow> Candidates(CrmDbContext db, IQueryable<Company> visible, int? minFirstId, int? maxFirstId)
    {
        var bySiren =
            from c1 in visible
            join c2 in visible on c1.Siren equals c2.Siren
            where c1.Id < c2.Id && (minFirstId == null || c1.Id >= minFirstId) && (maxFirstId == null || c1.Id <= maxFirstId) && c1.Siren != null
            select new { FirstId = c1.Id, SecondId = c2.Id, Reason = (int)Reasons.SameSiren };
        var bySiret =
            from c1 in visible
            join c2 in visible on c1.Siret equals c2.Siret
            where c1.Id < c2.Id && (minFirstId == null || c1.Id >= minFirstId) && (maxFirstId == null || c1.Id <= maxFirstId) && c1.Siret != null
            select new { FirstId = c1.Id, SecondId = c2.Id, Reason = (int)Reasons.SameSiret };
        var byName =
            from c1 in visible
            join c2 in visible on c1.NameKey equals c2.NameKey
            where c1.Id < c2.Id && (minFirstId == null || c1.Id >= minFirstId) && (maxFirstId == null || c1.Id <= maxFirstId) && c1.NameKey != ""
            select new { FirstId = c1.Id, SecondId = c2.Id, Reason = (int)Reasons.SameName };
        var byPhone =
            from c1 in visible
            join c2 in visible on c1.PhoneE164 equals c2.PhoneE164
            where c1.Id < c2.Id && (minFirstId == null || c1.Id >= minFirstId) && (maxFirstId == null || c1.Id <= maxFirstId) && c1.PhoneE164 != null
            select new { FirstId = c1.Id, SecondId = c2.Id, Reason = (int)Reasons.SamePhone };
        var byWebsite =
            from c1 in visible
            join c2 in visible on c1.DomainKey equals c2.DomainKey
            where c1.Id < c2.Id && (minFirstId == null || c1.Id >= minFirstId) && (maxFirstId == null || c1.Id <= maxFirstId) && c1.DomainKey != null
            select new { FirstId = c1.Id, SecondId = c2.Id, Reason = (int)Reasons.SameWebsite };

        return bySiren.Union(bySiret).Union(byName).Union(byPhone).Union(byWebsite)
            .GroupBy(p => new { p.FirstId, p.SecondId })
            .Select(g => new PairRow { FirstId = g.Key.FirstId, SecondId = g.Key.SecondId, Reasons = g.Sum(p => p.Reason) });
    }
}
