using Crm.Web.Features.Companies;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Duplicates;

/// <summary>The /Companies/Duplicates list: pairs of companies the user may see that look like the same company.</summary>
public static class CompanyDuplicatePairs
{
    public const string List = CompanyKind.Key;

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

    public sealed record Query(string? After, string? Before);

    public sealed record Firm(int Id, string Name, string? Siret, string? City, string? Phone, string? Website, string? OwnerName, DateTime CreatedAt, bool CanEdit);

    public sealed record Pair(Firm First, Firm Second, Reasons Reasons)
    {
        public bool CanMerge => First.CanEdit && Second.CanEdit;
    }

    public sealed record Result(IReadOnlyList<Pair> Pairs, PairCursor? Previous, PairCursor? Next);

    public sealed class Handler(CrmDbContext db)
    {
        public async Task<Result> Handle(Query query, CrmUser user, CancellationToken ct)
        {
            var page = await PairPaging.ReadAsync((min, max) => Candidates(user, min, max), (rows, _) => Task.FromResult(rows), PairCursor.Parse(query.After), PairCursor.Parse(query.Before), ct);
            var ids = page.Rows.SelectMany(r => new[] { r.FirstId, r.SecondId }).Distinct().ToList();
            var firms = await db.Companies.AsNoTracking().VisibleTo(user)
                .Where(c => ids.Contains(c.Id))
                .Select(c => new
                {
                    c.Id, c.Name, c.Siret, c.BillingAddress.City, c.Phone, c.Website, c.OwnerId, c.TeamId, c.CreatedAt,
                    OwnerName = c.Owner != null ? c.Owner.DisplayName : null,
                })
                .ToDictionaryAsync(c => c.Id, ct);

            Firm ToFirm(int id)
            {
                var c = firms[id];
                return new Firm(c.Id, c.Name, c.Siret, c.City, c.Phone, c.Website, c.OwnerName, c.CreatedAt, user.CanEdit<Company>(new OwnedRecord(c.OwnerId, c.TeamId)));
            }

            var pairs = page.Rows
                .Where(r => firms.ContainsKey(r.FirstId) && firms.ContainsKey(r.SecondId))
                .Select(r => new Pair(ToFirm(r.FirstId), ToFirm(r.SecondId), (Reasons)r.Reasons))
                .ToList();
            return new Result(pairs, page.Previous, page.Next);
        }

        /// <summary>Every pair sharing a SIREN, a SIRET, a name key, an E.164 phone or a website domain (indexed self-joins), less dismissed pairs.</summary>
        internal IQueryable<PairRow> Candidates(CrmUser user, int? minFirstId = null, int? maxFirstId = null)
        {
            var visible = db.Companies.VisibleTo(user);

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
                .Select(g => new PairRow { FirstId = g.Key.FirstId, SecondId = g.Key.SecondId, Reasons = g.Sum(p => p.Reason) })
                .Where(p => !db.DuplicateDismissals.Any(d => d.List == List && d.FirstId == p.FirstId && d.SecondId == p.SecondId));
        }
    }
}
