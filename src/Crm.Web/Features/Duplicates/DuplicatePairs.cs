using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Duplicates;

/// <summary>A kind's duplicates list (/Contacts/Duplicates...): pairs of records the user may see that look like one.</summary>
public static class DuplicatePairs
{
    public sealed record Query(string? After, string? Before);

    public sealed record Side(DuplicateSide Record, bool CanEdit);

    public sealed record Pair(Side First, Side Second, IReadOnlyList<string> Reasons)
    {
        public bool CanMerge => First.CanEdit && Second.CanEdit;
    }

    /// <summary>The page: the kind, its texts (<see cref="Part"/>), the pairs and the cursors around them.</summary>
    public sealed record Result(RecordKind Kind, PartTexts Part, IReadOnlyList<string?> Icons, IReadOnlyList<Pair> Pairs, PairCursor? Previous, PairCursor? Next);

    /// <summary>The English resource keys the list page shows, as the kind's duplicates part declares them.</summary>
    public sealed record PartTexts(string Title, string Intro, string Empty, string CannotMerge);

    public sealed class Handler(CrmDbContext db)
    {
        /// <summary>Null when the kind has no duplicates part.</summary>
        public Task<Result?> Handle(RecordKind kind, Query query, CrmUser user, CancellationToken ct) =>
            kind.Accept(new Visitor(db, query, user, ct));

        private sealed class Visitor(CrmDbContext db, Query query, CrmUser user, CancellationToken ct) : IRecordKindVisitor<Task<Result?>>
        {
            public async Task<Result?> Visit<T>(RecordKind<T> kind)
                where T : class, IRecord<T>
            {
                if (kind.Duplicates is not { } part)
                {
                    return null;
                }

                var page = await PairPaging.ReadAsync(
                    (min, max) => Candidates(kind, part, user, min, max),
                    (rows, token) => part.Refine?.Invoke(db, rows, token) ?? Task.FromResult(rows),
                    await IdRangeAsync<T>(),
                    PairCursor.Parse(query.After), PairCursor.Parse(query.Before), ct);
                var ids = page.Rows.SelectMany(r => new[] { r.FirstId, r.SecondId }).Distinct().ToList();
                var sides = await db.Set<T>().AsNoTracking().VisibleTo(user)
                    .Where(r => ids.Contains(r.Id))
                    .Select(part.Side)
                    .ToDictionaryAsync(s => s.Id, ct);

                Side ToSide(int id) => new(sides[id], user.CanEdit<T>(sides[id]));

                var pairs = page.Rows
                    .Where(r => sides.ContainsKey(r.FirstId) && sides.ContainsKey(r.SecondId))
                    .Select(r => new Pair(ToSide(r.FirstId), ToSide(r.SecondId), part.Reasons.Where(x => (r.Reasons & x.Flag) != 0).Select(x => x.Label).ToList()))
                    .ToList();
                return new Result(kind, new PartTexts(part.Title, part.Intro, part.Empty, part.CannotMerge), part.DetailIcons, pairs, page.Previous, page.Next);
            }

            /// <summary>The lowest and highest id of the kind (deleted rows included: they only widen the range).</summary>
            private async Task<(int, int)?> IdRangeAsync<T>()
                where T : class, IRecord<T>
            {
                var lowest = await db.Set<T>().MinAsync(r => (int?)r.Id, ct);
                var highest = await db.Set<T>().MaxAsync(r => (int?)r.Id, ct);
                return lowest is int low && highest is int high ? (low, high) : null;
            }

            /// <summary>The kind's candidates among the records the user may see, less the pairs dismissed.</summary>
            private IQueryable<PairRow> Candidates<T>(RecordKind<T> kind, RecordDuplicates<T> part, CrmUser who, int? min, int? max)
                where T : class, IRecord<T>
            {
                var list = kind.Key;
                return part.Candidates(db, db.Set<T>().VisibleTo(who), min, max)
                    .Where(p => !db.DuplicateDismissals.Any(d => d.List == list && d.FirstId == p.FirstId && d.SecondId == p.SecondId));
            }
        }
    }
}
