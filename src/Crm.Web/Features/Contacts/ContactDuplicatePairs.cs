using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>How contacts find their likely duplicates: the same email or phone, or a similar name at the same company.</summary>
public static class ContactDuplicatePairs
{
    [Flags]
    public enum Reasons
    {
        None = 0,
        SameEmail = 1,
        SamePhone = 2,
        SimilarNameSameCompany = 4,
    }

    public static RecordDuplicates<Contact> Part => new()
    {
        Candidates = Candidates,
        Refine = ConfirmNamesAsync,
        Reasons =
        [
            ((int)Reasons.SameEmail, "Same email address"),
            ((int)Reasons.SamePhone, "Same phone number"),
            ((int)Reasons.SimilarNameSameCompany, "Similar name at the same company"),
        ],
        Side = c => new DuplicateSide
        {
            Id = c.Id,
            Name = (c.FirstName + " " + c.LastName).Trim(),
            Detail1 = c.Email,
            Detail2 = c.Phone,
            Detail3 = c.Company != null ? c.Company.Name : null,
            OwnerId = c.OwnerId,
            TeamId = c.TeamId,
            CreatedAt = c.CreatedAt,
        },
        DetailIcons = ["bi-envelope", "bi-telephone", "bi-buildings", null],
        Title = "Duplicate contacts",
        Intro = "Contacts that share an email or a phone number, or have a similar name at the same company. Merge them, or mark them as not duplicates.",
        Empty = "When two contacts look like the same person, they will show here.",
        CannotMerge = "You may not edit both contacts.",
    };

    /// <summary>
    /// Every pair sharing an email key, an E.164 phone, or a company and last name, found by self-joins on indexed
    /// columns. Name pairs are only candidates until their first names are compared.
    /// </summary>
    private static IQueryable<PairRow> Candidates(CrmDbContext db, IQueryable<Contact> visible, int? minFirstId, int? maxFirstId)
    {
        var byEmail =
            from e1 in db.ContactEmails
            join c1 in visible on e1.ContactId equals c1.Id
            join e2 in db.ContactEmails on e1.AddressKey equals e2.AddressKey
            join c2 in visible on e2.ContactId equals c2.Id
            where c1.Id < c2.Id && (minFirstId == null || c1.Id >= minFirstId) && (maxFirstId == null || c1.Id <= maxFirstId) && e1.AddressKey != ""
            select new { FirstId = c1.Id, SecondId = c2.Id, Reason = (int)Reasons.SameEmail };

        var byPhone =
            from p1 in db.ContactPhones
            join c1 in visible on p1.ContactId equals c1.Id
            join p2 in db.ContactPhones on p1.E164 equals p2.E164
            join c2 in visible on p2.ContactId equals c2.Id
            where c1.Id < c2.Id && (minFirstId == null || c1.Id >= minFirstId) && (maxFirstId == null || c1.Id <= maxFirstId) && p1.E164 != null
            select new { FirstId = c1.Id, SecondId = c2.Id, Reason = (int)Reasons.SamePhone };

        // Through the company row: its id is never null, so the join is a plain equality the (CompanyId, LastNameKey)
        // index answers; two nullable company ids would be compared with an "or both null" the index cannot serve.
        var byName =
            from c1 in visible.Where(c => c.LastNameKey != "")
            join company in db.Companies.IgnoreQueryFilters() on c1.CompanyId equals (int?)company.Id
            join c2 in visible on new { CompanyId = (int?)company.Id, c1.LastNameKey } equals new { c2.CompanyId, c2.LastNameKey }
            where c1.Id < c2.Id && (minFirstId == null || c1.Id >= minFirstId) && (maxFirstId == null || c1.Id <= maxFirstId)
            select new { FirstId = c1.Id, SecondId = c2.Id, Reason = (int)Reasons.SimilarNameSameCompany };

        return byEmail.Union(byPhone).Union(byName)
            .GroupBy(p => new { p.FirstId, p.SecondId })
            .Select(g => new PairRow { FirstId = g.Key.FirstId, SecondId = g.Key.SecondId, Reasons = g.Sum(p => p.Reason) });
    }

    /// <summary>Keeps a same-company, same-last-name reason only when the first names are similar too.</summary>
    private static async Task<IReadOnlyList<PairRow>> ConfirmNamesAsync(CrmDbContext db, IReadOnlyList<PairRow> rows, CancellationToken ct)
    {
        const int name = (int)Reasons.SimilarNameSameCompany;
        var ids = rows.Where(r => (r.Reasons & name) != 0).SelectMany(r => new[] { r.FirstId, r.SecondId }).Distinct().ToList();
        if (ids.Count == 0)
        {
            return rows;
        }

        var firstNames = await db.Contacts.AsNoTracking()
            .Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.FirstNameKey })
            .ToDictionaryAsync(c => c.Id, c => c.FirstNameKey, ct);

        return rows
            .Select(r => (r.Reasons & name) == 0 || NameSimilarity.Similar(firstNames.GetValueOrDefault(r.FirstId, ""), firstNames.GetValueOrDefault(r.SecondId, ""))
                ? r
                : r with { Reasons = r.Reasons & ~name })
            .Where(r => r.Reasons != 0)
            .ToList();
    }
}
