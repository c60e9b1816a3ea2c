using Crm.Web.Features.Contacts;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Duplicates;

/// <summary>"Not a duplicate": the pair is remembered so it leaves the kind's duplicates list for everyone.</summary>
public static class DismissDuplicate
{
    public sealed record Form(int A, int B, string? After);

    public sealed class Handler(CrmDbContext db, TimeProvider clock)
    {
        public Task<Outcome<bool>> Handle(RecordKind kind, Form form, CrmUser user, CancellationToken ct) =>
            kind.Accept(new Visitor(this, form, user, ct));

        private sealed class Visitor(Handler handler, Form form, CrmUser user, CancellationToken ct) : IRecordKindVisitor<Task<Outcome<bool>>>
        {
            public Task<Outcome<bool>> Visit<T>(RecordKind<T> kind)
                where T : class, IRecord<T> =>
                kind.Duplicates is null ? Task.FromResult<Outcome<bool>>(Outcome.NotFound) : handler.DismissAsync(kind, form, user, ct);
        }

        private async Task<Outcome<bool>> DismissAsync<T>(RecordKind<T> kind, Form form, CrmUser user, CancellationToken ct)
            where T : class, IRecord<T>
        {
            if (form.A == form.B)
            {
                return Outcome.NotFound;
            }

            var records = await db.Set<T>().AsNoTracking().VisibleTo(user).Where(r => r.Id == form.A || r.Id == form.B)
                .Select(r => new OwnedRecord(r.OwnerId, r.TeamId)).ToListAsync(ct);
            if (records.Count != 2)
            {
                return Outcome.NotFound;
            }

            if (!records.All(user.CanEdit<T>))
            {
                return Outcome.Forbidden;
            }

            var list = kind.Key;
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
