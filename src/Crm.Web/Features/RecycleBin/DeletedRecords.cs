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

    public sealed record Row(int Id, string Name, string? Detail, DateTime DeletedAt, int? MergedIntoId = null, string? MergedIntoName = null);

    public sealed record Result(RecordKind Kind, IReadOnlyList<RecordKind> Kinds, IReadOnlyList<Row> Rows, int Page, bool HasMore);

    /// <summary>The kind named, else the first registered.</summary>
    public RecordKind KindOf(string? key) => kinds.Find(key) ?? kinds.All[0];

    public async Task<Result> Handle(string? key, int page, CrmUser user, CancellationToken ct)
    {
        var kind = KindOf(key);
        page = Math.Max(1, page);
        var rows = await kind.Restorable(db, user)
            .OrderByDescending(r => r.DeletedAt).ThenByDescending(r => r.Id)
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

        return new Result(kind, kinds.All, shown, page, rows.Count > PageSize);
    }
}
