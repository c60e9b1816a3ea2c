using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.RecycleBin;

/// <summary>
/// Deleted records of one registered kind that the user may restore, newest deletion first (the kind's
/// <see cref="RecordKind.Restorable"/>: what the user may edit). A record merged away shows the record it was merged into,
/// and is left out when the user may not edit that one too.
/// </summary>
public sealed class DeletedRecords(CrmDbContext db, RecordKinds kinds)
{
    public const int PageSize = 50;

    public sealed record Row(int Id, string Name, string? Detail, DateTime DeletedAt, int? MergedIntoId = null, string? MergedIntoName = null)
    {
        /// <summary>What went to the bin with the record and comes back with it, kind by kind.</summary>
        public IReadOnlyList<WentWith> With { get; init; } = [];

        /// <summary>Timeline entries logged on it or on what went with it.</summary>
        public int Entries { get; init; }
    }

    /// <summary>How many records of a kind went with a record, and the first of them the user may restore (by name).</summary>
    public sealed record WentWith(RecordKind Kind, int Count, IReadOnlyList<string> First);

    /// <summary>How many dependents a row names at most; the rest are counted.</summary>
    public const int NamedDependents = 5;

    public sealed record Result(RecordKind Kind, IReadOnlyList<RecordKind> Kinds, IReadOnlyList<Row> Rows, int Page, bool HasMore, string? Query = null, string Sort = Newest)
    {
        /// <summary>The bin's address with this page's search and sort, on another page.</summary>
        public string PathTo(int page, string? sort = null) =>
            $"/RecycleBin?kind={Uri.EscapeDataString(Kind.Key)}&sort={sort ?? Sort}&page={page}" + (Query is null ? string.Empty : $"&q={Uri.EscapeDataString(Query)}");
    }

    public const string Newest = "newest";
    public const string Oldest = "oldest";
    public const string ByName = "name";
    public const int MaxQueryLength = 100;

    /// <summary>The kind named, else the first registered.</summary>
    public RecordKind KindOf(string? key) => kinds.Find(key) ?? kinds.All[0];

    public async Task<Result> Handle(string? key, int page, CrmUser user, CancellationToken ct, string? query = null, string? sort = null)
    {
        var kind = KindOf(key);
        page = Math.Max(1, page);
        query = string.IsNullOrWhiteSpace(query) ? null : query.Trim()[..Math.Min(query.Trim().Length, MaxQueryLength)];
        sort = sort is Oldest or ByName ? sort : Newest;
        var restorable = kind.Restorable(db, user);
        if (query is not null)
        {
            restorable = restorable.Where(r => r.Name.Contains(query));
        }

        var ordered = sort switch
        {
            Oldest => restorable.OrderBy(r => r.DeletedAt).ThenBy(r => r.Id),
            ByName => restorable.OrderBy(r => r.Name).ThenBy(r => r.Id),
            _ => restorable.OrderByDescending(r => r.DeletedAt).ThenByDescending(r => r.Id),
        };
        var rows = await ordered
            .Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(r => new Row(r.Id, r.Name, r.Detail, r.DeletedAt!.Value))
            .ToListAsync(ct);
        var shown = rows.Take(PageSize).ToList();
        var keepers = await kind.MergeKeepersAsync(db, user, shown.Select(r => r.Id).ToList(), ct);

        // Filtered after paging: a page may hold fewer rows, never a record the user could not restore.
        shown = shown
            .Where(r => !keepers.TryGetValue(r.Id, out var kept) || kept is not null)
            .Select(r => keepers.GetValueOrDefault(r.Id) is { } kept ? r with { MergedIntoId = kept.Id, MergedIntoName = kept.Name } : r)
            .ToList();

        return new Result(kind, kinds.All, await WithDependentsAsync(kind, shown, user, ct), page, rows.Count > PageSize, query, sort);
    }

    private async Task<List<Row>> WithDependentsAsync(RecordKind kind, List<Row> rows, CrmUser user, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return rows;
        }

        var keys = rows.Select(r => ISoftDeletable.DeletionKey(kind.Key, r.Id)).ToList();
        var went = new List<(RecordKind Kind, Dictionary<string, (int Count, List<RecordSummary> First)> ByKey)>();
        foreach (var child in kinds.All)
        {
            went.Add((child, await child.WentWithAsync(db, user, keys, NamedDependents, ct)));
        }

        var entries = await db.Activities.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.DeletedAt != null && a.DeletedWith != null && keys.Contains(a.DeletedWith))
            .GroupBy(a => a.DeletedWith!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return rows.Select((row, i) => row with
        {
            With = went.Where(w => w.ByKey.ContainsKey(keys[i]))
                .Select(w => new WentWith(w.Kind, w.ByKey[keys[i]].Count, w.ByKey[keys[i]].First.Select(s => s.Name).ToList())).ToList(),
            Entries = entries.GetValueOrDefault(keys[i]),
        }).ToList();
    }
}
