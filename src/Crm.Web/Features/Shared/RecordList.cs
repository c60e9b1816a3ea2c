using System.Linq.Expressions;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Crm.Web.Features.Shared;

/// <summary>Where a row stands in every sort a list offers: what a keyset cursor is made of.</summary>
public sealed record ListPosition(int Id, string NameKey, DateTime CreatedAt, DateTime? LastActivityAt, string? OwnerName)
{
    /// <summary>The row's values in the kind's own sorts (<see cref="ListQuery.OwnSorts"/>), as its list orders by them.</summary>
    public IReadOnlyDictionary<string, object>? Own { get; init; }

    /// <summary>Where the next page starts, after this row, in the given sort.</summary>
    public Cursor CursorFor(string sortKey) => sortKey switch
    {
        "created" => Cursor.For(CreatedAt, Id),
        "activity" => Cursor.For(LastActivityAt ?? ListFilters.NoActivity, Id),
        "owner" => Cursor.For(OwnerName ?? string.Empty, Id),
        _ when Own is not null && Own.TryGetValue(sortKey, out var value) => Cursor.For(value, Id),
        _ => Cursor.For(NameKey, Id),
    };
}

/// <summary>A row of a record list: its position for the next page's cursor, and its tags.</summary>
public interface IListRow<out TRow>
{
    int Id { get; }

    /// <summary>The record's name, as its list shows and links it.</summary>
    string Name { get; }

    ListPosition Position { get; }

    IReadOnlyList<string> Tags { get; }

    TRow WithTags(IReadOnlyList<string> tags);
}

/// <summary>A tag on a record of some kind, whichever table holds the link.</summary>
public sealed class RecordTagLink
{
    public int RecordId { get; init; }
    public int TagId { get; init; }
}

/// <summary>What a list shows: a page of rows, a capped count, and its filters' options.</summary>
public sealed record RecordListResult<TQuery, TRow>(
    TQuery Query,
    Page<TRow> Page,
    int Count,
    bool AnyRecords,
    IReadOnlyList<Option> Owners,
    IReadOnlyList<Option> Tags);

/// <summary>
/// The one list pipeline of every kind of record (docs/lists.md, docs/decisions/0007): visible → search and
/// filters → seek or page → ids first → rows → tags → capped count → filter options. A kind's list says only what is
/// its own: its search, its own filters, the name it sorts by, the row it shows and where its tags are linked. The
/// export walks the same <see cref="Filtered"/> and <see cref="Ordered"/> in chunks.
/// </summary>
public abstract class RecordList<T, TQuery, TRow>(CrmDbContext db, UserTime time, TimeProvider clock)
    where T : class, IRecord<T>, IListed
    where TQuery : ListQuery
    where TRow : class, IListRow<TRow>
{
    protected CrmDbContext Db => db;

    /// <summary>The normalised name the list sorts by "name".</summary>
    protected abstract Expression<Func<T, string>> NameKey { get; }

    /// <summary>The name key the list sorts by, for the export's cursor.</summary>
    public Expression<Func<T, string>> SortName => NameKey;

    /// <summary>Records matching the search box's text.</summary>
    protected abstract IQueryable<T> Search(IQueryable<T> records, string? text);

    /// <summary>The kind's own filters (status, company...), after the common ones.</summary>
    protected abstract IQueryable<T> FilterOwn(IQueryable<T> records, TQuery query);

    /// <summary>The row a page shows, projected in SQL.</summary>
    public abstract IQueryable<TRow> Project(IQueryable<T> records);

    /// <summary>The kind's tag links.</summary>
    protected abstract IQueryable<RecordTagLink> TagLinks { get; }

    public async Task<RecordListResult<TQuery, TRow>> Handle(TQuery query, CrmUser user, CancellationToken ct)
    {
        var matching = Filtered(query, user);
        var size = query.PageSize;
        var ordered = Ordered(matching, query, query.Position);
        if (query.PageNumber is int page)
        {
            ordered = ordered.Skip((page - 1) * size);
        }

        // Ids first, from the narrow (covering) index alone; then the page's rows with their joins.
        // A deep page (OFFSET 50 000) then walks index entries, not 50 000 joined rows.
        var pageIds = await ordered.Take(size + 1).Select(r => r.Id).ToListAsync(ct);
        var byId = (await Project(db.Set<T>().AsNoTracking().Where(r => pageIds.Contains(r.Id))).ToListAsync(ct)).ToDictionary(r => r.Id);
        var rows = pageIds.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
        var more = rows.Count > size;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        rows = await WithTagsAsync(rows, ct);
        var next = !more ? null
            : query.CustomSort is { } sortedBy ? (await CustomFields.CustomFieldQuery.CursorAsync(db, sortedBy, rows[^1].Id, ct)).Encode()
            : rows[^1].Position.CursorFor(query.SortKey).Encode();
        var count = await matching.CappedCountAsync(ct);
        var any = count > 0 || await db.Set<T>().VisibleTo(user).AnyAsync(ct);
        var options = db.GetService<ListFilterCache>();
        var owners = await options.GetAsync("owners", c => ListFilterOptions.OwnersAsync(db, c), ct);
        // Per tag, its links (TagId, RecordId index) until one reaches a visible record: stops early for common tags.
        var visible = db.Set<T>().VisibleTo(user);
        var links = TagLinks;
        var tags = user.Access(T.Kind).ReadScope(user) == AccessScope.All
            ? await options.GetAsync("tags", c => ListFilterOptions.TagsAsync(db, null, c), ct)
            : await ListFilterOptions.TagsAsync(db, t => links.Any(l => l.TagId == t.Id && visible.Any(r => r.Id == l.RecordId)), ct);
        return new RecordListResult<TQuery, TRow>(query, new Page<TRow>(rows, next, query.PageNumber, size), count, any, owners, tags);
    }

    /// <summary>
    /// The kind's own filters that the page shows as a removable badge above the list (a contact list narrowed to one
    /// company names it); none by default.
    /// </summary>
    public virtual Task<IReadOnlyList<ListChip>> ChipsAsync(TQuery query, CrmUser user, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ListChip>>([]);

    /// <summary>Visible records matching the search and filters: what the list pages through and the export writes.</summary>
    public IQueryable<T> Filtered(TQuery query, CrmUser user)
    {
        var visible = db.Set<T>().AsNoTracking().VisibleTo(user);
        var searched = Search(visible, query.Q);
        var records = (CustomFields.CustomFieldQuery.Searched(visible, searched, db, query.CustomFields, query.Q) ?? searched)
            .OwnedAs(query.Owner, user)
            .CreatedBetween(query.From, query.To, time);
        if (query.Tag is int tag)
        {
            var tagged = TagLinks.Where(l => l.TagId == tag).Select(l => l.RecordId);
            records = records.Where(r => tagged.Contains(r.Id));
        }

        if (query.IdleDays is int days)
        {
            var since = clock.GetUtcNow().UtcDateTime.AddDays(-days);
            records = records.Where(r => r.LastActivityAt == null || r.LastActivityAt < since);
        }

        records = FilterOwn(records, query);
        foreach (var filter in T.Kind.Filters)
        {
            if (query.Declared.TryGetValue(filter.Key, out var value) && filter.Apply(records, value) is { } narrowed)
            {
                records = narrowed;
            }
        }

        return CustomFields.CustomFieldQuery.Filter(records, db, query.CustomFilters);
    }

    /// <summary>Ordered by the chosen column then id, starting after <paramref name="after"/>.</summary>
    public IQueryable<T> Ordered(IQueryable<T> records, ListQuery query, Cursor? after) => query.SortKey switch
    {
        "created" => records.Seek(r => r.CreatedAt, r => r.Id, query.Descending, after),
        "activity" => records.Seek(r => r.LastActivityAt ?? ListFilters.NoActivity, r => r.Id, query.Descending, after),
        "owner" => records.Seek(r => r.Owner != null ? r.Owner.DisplayName : string.Empty, r => r.Id, query.Descending, after),
        "name" => records.Seek(NameKey, r => r.Id, query.Descending, after),
        _ when query.CustomSort is { } field => CustomFields.CustomFieldQuery.Order(records, db, field, query.Descending, after),
        _ => OrderOwn(records, query.SortKey, query.Descending, after) ?? records.Seek(NameKey, r => r.Id, query.Descending, after),
    };

    /// <summary>Orders by one of the kind's own sorts (<see cref="ListQuery.OwnSorts"/>) with <see cref="Keyset.Seek"/>; null for none.</summary>
    protected virtual IQueryable<T>? OrderOwn(IQueryable<T> records, string sortKey, bool descending, Cursor? after) => null;

    /// <summary>The tag names of the given records (a subquery, e.g. an export's chunk), by record id.</summary>
    public Task<ILookup<int, string>> TagNamesAsync(IQueryable<int> ids, CancellationToken ct) =>
        NamesAsync(TagLinks.Where(l => ids.Contains(l.RecordId)), ct);

    private async Task<List<TRow>> WithTagsAsync(List<TRow> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var tags = await NamesAsync(TagLinks.Where(l => ids.Contains(l.RecordId)), ct);
        return rows.Select(r => r.WithTags(tags[r.Id].ToList())).ToList();
    }

    /// <summary>Tag names by record id, in the user's alphabetical order.</summary>
    private async Task<ILookup<int, string>> NamesAsync(IQueryable<RecordTagLink> links, CancellationToken ct) =>
        (await links.Join(db.Tags, l => l.TagId, t => t.Id, (l, t) => new { l.RecordId, t.Name }).ToListAsync(ct))
            .OrderBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToLookup(t => t.RecordId, t => t.Name);
}
