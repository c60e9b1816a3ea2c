using Crm.Web.Features.Contacts;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Duplicates;

/// <summary>"Not a duplicate": the pair is remembered so it leaves the duplicates list for everyone.</summary>
public static class DismissDuplicate
{
    public sealed record Form(int A, int B, string? After);

    public sealed class Handler(CrmDbContext db, TimeProvider clock)
    {
        public Task<Outcome<bool>> ContactsAsync(Form form, CrmUser user, CancellationToken ct) =>
            DismissAsync<Contact>(ContactDuplicatePairs.List, form, db.Contacts.AsNoTracking().VisibleTo(user).Where(c => c.Id == form.A || c.Id == form.B)
                .Select(c => new OwnedRecord(c.OwnerId, c.TeamId)), user, ct);

        public Task<Outcome<bool>> CompaniesAsync(Form form, CrmUser user, CancellationToken ct) =>
            DismissAsync<Companies.Company>(CompanyDuplicatePairs.List, form, db.Companies.AsNoTracking().VisibleTo(user).Where(c => c.Id == form.A || c.Id == form.B)
                .Select(c => new OwnedRecord(c.OwnerId, c.TeamId)), user, ct);

        private async Task<Outcome<bool>> DismissAsync<T>(string list, Form form, IQueryable<OwnedRecord> pair, CrmUser user, CancellationToken ct)
            where T : class, IRecord<T>
        {
            if (form.A == form.B)
            {
                return Outcome.NotFound;
            }

            var records = await pair.ToListAsync(ct);
            if (records.Count != 2)
            {
                return Outcome.NotFound;
            }

            if (!records.All(user.CanEdit<T>))
            {
                return Outcome.Forbidden;
            }

            var (first, second) = form.A < form.B ? (form.A, form.B) : (form.B, form.A);
            if (!await db.DuplicateDismissals.AnyAsync(d => d.List == list && d.FirstId == first && d.SecondId == second, ct))
            {
                db.DuplicateDismissals.Add(new DuplicateDismissal
                {
                    List = list,
                    FirstId = first,
                    SecondId = second,
                    UserId = user.Id,
                    At = clock.GetUtcNow().UtcDateTime,
                });
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException)
                {
                    // Someone dismissed the same pair a moment ago: the wish is already recorded.
                    if (!await db.DuplicateDismissals.AnyAsync(d => d.List == list && d.FirstId == first && d.SecondId == second, ct))
                    {
                        throw;
                    }
                }
            }

            return Outcome.Done(true);
        }
    }
}
