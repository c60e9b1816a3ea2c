using System.Globalization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Duplicates;

/// <summary>A keyset position in the list of pairs, written "12-40" in the query string.</summary>
public readonly record struct PairCursor(int FirstId, int SecondId)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{FirstId}-{SecondId}");

    public static PairCursor? Parse(string? text)
    {
        var parts = text?.Split('-');
        return parts is { Length: 2 }
               && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
               && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var second)
            ? new PairCursor(first, second)
            : null;
    }
}

public sealed record PairPage(IReadOnlyList<PairRow> Rows, PairCursor? Previous, PairCursor? Next);

/// <summary>
/// Keyset paging over candidate pairs ordered by (FirstId, SecondId). Finding pairs means self-joins over the whole
/// kind, so a page reads them in windows of first ids, from the cursor on: a window twice as wide each time it comes
/// back short, so a page of a sparse list costs a few windows instead of every pair of the table. Some reasons are
/// only confirmed in memory (similar first names), so rows are refined as they come until a page is full.
/// </summary>
public static class PairPaging
{
    public const int PageSize = 25;
    private const int Batch = 200;

    /// <summary>The first window's width in ids; wider windows follow while a page is not full.</summary>
    public const int FirstWindow = 2048;

    /// <param name="pairs">The candidates whose first id lies in [min, max].</param>
    /// <param name="ids">The lowest and highest id of the kind, or null when it holds no record.</param>
    public static async Task<PairPage> ReadAsync(
        Func<int?, int?, IQueryable<PairRow>> pairs,
        Func<IReadOnlyList<PairRow>, CancellationToken, Task<IReadOnlyList<PairRow>>> refine,
        (int Lowest, int Highest)? ids,
        PairCursor? after,
        PairCursor? before,
        CancellationToken ct,
        int pageSize = PageSize,
        int firstWindow = FirstWindow,
        int batchSize = Batch)
    {
        var backwards = before is not null && after is null;
        var cursor = backwards ? before : after;
        var kept = new List<PairRow>();
        if (ids is { } range)
        {
            // The window's edge on the side the page grows from; longs, so a window never overflows an int.
            long edge = backwards ? Math.Min(cursor?.FirstId ?? int.MaxValue, range.Highest) : Math.Max(cursor?.FirstId ?? 0, range.Lowest);
            long window = firstWindow;
            while (kept.Count <= pageSize && (backwards ? edge >= range.Lowest : edge <= range.Highest))
            {
                var far = backwards ? Math.Max(range.Lowest, edge - window + 1) : Math.Min(range.Highest, edge + window - 1);
                var (min, max) = backwards ? ((int)far, (int)edge) : ((int)edge, (int)far);
                var batch = await Slice(pairs(min, max), cursor, backwards).Take(batchSize).ToListAsync(ct);
                if (batch.Count > 0)
                {
                    cursor = new PairCursor(batch[^1].FirstId, batch[^1].SecondId);
                    kept.AddRange(await refine(batch, ct));
                }

                if (batch.Count == batchSize)
                {
                    // The window holds more: go on from the last pair read, in a window as wide from there.
                    edge = cursor!.Value.FirstId;
                }
                else
                {
                    edge = backwards ? far - 1 : far + 1;
                    window *= 2;
                }
            }
        }

        var more = kept.Count > pageSize;
        var rows = kept.Take(pageSize).ToList();
        if (backwards)
        {
            rows.Reverse();
        }

        PairCursor? First() => rows.Count > 0 ? new PairCursor(rows[0].FirstId, rows[0].SecondId) : null;
        PairCursor? Last() => rows.Count > 0 ? new PairCursor(rows[^1].FirstId, rows[^1].SecondId) : null;
        return backwards
            ? new PairPage(rows, more ? First() : null, Last() ?? before)
            : new PairPage(rows, after is null ? null : First() ?? after, more ? Last() : null);
    }

    private static IQueryable<PairRow> Slice(IQueryable<PairRow> pairs, PairCursor? cursor, bool backwards)
    {
        if (cursor is { } c)
        {
            pairs = backwards
                ? pairs.Where(p => p.FirstId < c.FirstId || (p.FirstId == c.FirstId && p.SecondId < c.SecondId))
                : pairs.Where(p => p.FirstId > c.FirstId || (p.FirstId == c.FirstId && p.SecondId > c.SecondId));
        }

        // Descending by negation: the bundled SQLite returns a GROUP BY result in ascending order even under
        // "ORDER BY ... DESC" when the sort keys are the grouping keys; an expression sidesteps that optimisation.
        return backwards
            ? pairs.OrderBy(p => -p.FirstId).ThenBy(p => -p.SecondId)
            : pairs.OrderBy(p => p.FirstId).ThenBy(p => p.SecondId);
    }
}

/// <summary>The owner and team of a projected row, to ask <c>CanEdit</c> without loading the entity.</summary>
public sealed record OwnedRecord(string? OwnerId, int? TeamId) : Infrastructure.Records.IOwned;

/// <summary>The previous/next links under a list of pairs.</summary>
public sealed record PairPagerModel(string Path, PairCursor? Previous, PairCursor? Next);

/// <summary>One field of a merge preview: the two values and which one is picked.</summary>
public sealed record MergeRow(string Name, string Label, int A, string? ValueA, int B, string? ValueB, int Selected);
