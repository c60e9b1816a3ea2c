using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Duplicates;

/// <summary>The /Contacts/Duplicates list: pairs of contacts the user may see that look like the same person.</summary>
public static class ContactDuplicatePairs
{
    public const string List = ContactKind.Key;

    [Flags]
    public enum Reasons
    {
        None = 0,
        SameEmail = 1,
        SamePhone = 2,
        SimilarNameSameCompany = 4,
    }

    public sealed record Query(string? After, string? Before);

    public sealed record Person(int Id, string FullName, string? Email, string? Phone, string? CompanyName, string? OwnerName, DateTime CreatedAt, bool CanEdit);

    public sealed record Pair(Person First, Person Second, Reasons Reasons)
    {
        public bool CanMerge => First.CanEdit && Second.CanEdit;
    }

    public sealed record Result(IReadOnlyList<Pair> Pairs, PairCursor? Previous, PairCursor? Next);

    public sealed class Handler(CrmDbContext db)
    {
        public async Task<Result> Handle(Query query, CrmUser user, CancellationToken ct)
        {
            var page = await PairPaging.ReadAsync((min, max) => Candidates(user, min, max), (rows, token) => ConfirmNamesAsync(rows, token), PairCursor.Parse(query.After), PairCursor.Parse(query.Before), ct);
            var ids = page.Rows.SelectMany(r => new[] { r.FirstId, r.SecondId }).Distinct().ToList();
            var people = await db.Contacts.AsNoTracking().VisibleTo(user)
                .Where(c => ids.Contains(c.Id))
                .Select(c => new
                {
                    c.Id, c.FirstName, c.LastName, c.Email, c.Phone, c.OwnerId, c.TeamId, c.CreatedAt,
                    CompanyName = c.Company != null ? c.Company.Name : null,
                    OwnerName = c.Owner != null ? c.Owner.DisplayName : null,
                })
                .ToDictionaryAsync(c => c.Id, ct);

            Person ToPerson(int id)
            {
                var c = people[id];
                var canEdit = user.CanEdit<Contact>(new OwnedRecord(c.OwnerId, c.TeamId));
                return new Person(c.Id, $"{c.FirstName} {c.LastName}".Trim(), c.Email, c.Phone, c.CompanyName, c.OwnerName, c.CreatedAt, canEdit);
            }

            var pairs = page.Rows
                .Where(r => people.ContainsKey(r.FirstId) && people.ContainsKey(r.SecondId))
                .Select(r => new Pair(ToPerson(r.FirstId), ToPerson(r.SecondId), (Reasons)r.Reasons))
                .ToList();
            return new Result(pairs, page.Previous, page.Next);
        }

        /// <summary>
        /// Every pair sharing an email key, an E.164 phone, or a company and last name, found by self-joins on indexed
        /// columns; dismissed pairs are left out. Name pairs are only candidates until their first names are compared.
        /// </summary>
        internal IQueryable<PairRow> Candidates(CrmUser user, int? minFirstId = null, int? maxFirstId = null)
        {
            var visible = db.Contacts.VisibleTo(user);

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

            var byName =
                from c1 in visible.Where(c => c.CompanyId != null && c.LastNameKey != "")
                join c2 in visible.Where(c => c.CompanyId != null)
                    on new { CompanyId = c1.CompanyId!.Value, c1.LastNameKey } equals new { CompanyId = c2.CompanyId!.Value, c2.LastNameKey }
                where c1.Id < c2.Id && (minFirstId == null || c1.Id >= minFirstId) && (maxFirstId == null || c1.Id <= maxFirstId)
                select new { FirstId = c1.Id, SecondId = c2.Id, Reason = (int)Reasons.SimilarNameSameCompany };

            return byEmail.Union(byPhone).Union(byName)
                .GroupBy(p => new { p.FirstId, p.SecondId })
                .Select(g => new PairRow { FirstId = g.Key.FirstId, SecondId = g.Key.SecondId, Reasons = g.Sum(p => p.Reason) })
                .Where(p => !db.DuplicateDismissals.Any(d => d.List == List && d.FirstId == p.FirstId && d.SecondId == p.SecondId));
        }

        /// <summary>Keeps a same-company, same-last-name reason only when the first names are similar too.</summary>
        private async Task<IReadOnlyList<PairRow>> ConfirmNamesAsync(IReadOnlyList<PairRow> rows, CancellationToken ct)
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
}
