using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Shared;

/// <summary>
/// What every record list binds from its query string: search, the common filters, sort, position and page size.
/// The same query string drives the list, its export and a saved view.
/// </summary>
public abstract record ListQuery
{
    /// <summary>Counting stops here: "1000+ results" costs reading 1001 index entries, never a full COUNT(*).</summary>
    public const int CountCap = 1000;

    public static readonly IReadOnlyList<int> PageSizes = [25, 50, 100];

    public const string OwnerMe = "me";
    public const string OwnerNobody = "unowned";

    [StringLength(200)] public string? Q { get; init; }
    [StringLength(450)] public string? Owner { get; init; }
    public int? Tag { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int? Idle { get; init; }
    public string? Sort { get; init; }
    public string? Dir { get; init; }
    public string? After { get; init; }
    public int? Page { get; init; }
    public int? Size { get; init; }

    /// <summary>The columns shown, in order ("email,phone,owner"); set by a saved view, else the user's choice applies.</summary>
    [StringLength(400)] public string? Cols { get; init; }

    /// <summary>The values of the kind's declared filters (<see cref="RecordKind.ListFilters"/>), by key, read by <see cref="ReadDeclared"/>.</summary>
    [BindNever]
    public IReadOnlyDictionary<string, string> Declared { get; private set; } = new Dictionary<string, string>();

    /// <summary>Reads the kind's declared filters from the query string; the same keys whatever the kind, so one binder is enough.</summary>
    public void ReadDeclared(RecordKind kind, IQueryCollection query) =>
        Declared = kind.ListFilters
            .Select(f => (f.Key, Value: query[f.Key].ToString()))
            .Where(f => !string.IsNullOrWhiteSpace(f.Value) && f.Value.Length <= 200)
            .ToDictionary(f => f.Key, f => f.Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>The kind's custom fields (docs/decisions/0015), read with <see cref="ReadCustom"/>: they add filters, sorts and search.</summary>
    [BindNever]
    public IReadOnlyList<Crm.Web.Features.CustomFields.CustomField> CustomFields { get; private set; } = [];

    /// <summary>The filters the query string sets on custom fields.</summary>
    [BindNever]
    public IReadOnlyList<Crm.Web.Features.CustomFields.CustomFieldFilter> CustomFilters { get; private set; } = [];

    public void ReadCustom(IReadOnlyList<Crm.Web.Features.CustomFields.CustomField> fields, IQueryCollection query)
    {
        CustomFields = fields;
        CustomFilters = Crm.Web.Features.CustomFields.CustomFieldFilter.Read(fields, query);
    }

    /// <summary>The custom field the list is sorted by, if any.</summary>
    public Crm.Web.Features.CustomFields.CustomField? CustomSort => CustomFields.FirstOrDefault(f => f.Name == SortKey);

    /// <summary>"No activity for N days", ignored outside 1 to 3650.</summary>
    public int? IdleDays => Idle is >= 1 and <= 3650 ? Idle : null;

    /// <summary>A direct jump to a page (an OFFSET), ignored when not positive.</summary>
    public int? PageNumber => Page is >= 1 and <= 100_000 ? Page : null;

    public int PageSize => Size is int s && PageSizes.Contains(s) ? s : PageSizes[0];

    public string SortKey => Sort?.ToLowerInvariant() switch
    {
        "created" => "created",
        "activity" => "activity",
        "owner" => "owner",
        string own when OwnSorts.ContainsKey(own) => own,
        string custom when CustomFields.Any(f => f.Name == custom && Crm.Web.Features.CustomFields.CustomFieldQuery.Sortable(f)) => custom,
        _ => DefaultSort,
    };

    /// <summary>The sort of a list that names none: the name, unless the kind says otherwise (tickets: the deadline that comes first).</summary>
    protected virtual string DefaultSort => "name";

    /// <summary>
    /// The kind's own sorts beyond name, creation, activity and owner (a deal's amount or close date), each saying whether
    /// it runs descending unless asked otherwise; the kind's list orders by them (<c>RecordList.OrderOwn</c>).
    /// </summary>
    public virtual IReadOnlyDictionary<string, bool> OwnSorts => NoOwnSorts;

    private static readonly IReadOnlyDictionary<string, bool> NoOwnSorts = new Dictionary<string, bool>();

    /// <summary>Dates sort newest first unless asked otherwise; names and owners A to Z.</summary>
    public bool Descending => Dir is null
        ? SortKey is "created" or "activity" || (OwnSorts.TryGetValue(SortKey, out var descending) && descending)
        : string.Equals(Dir, "desc", StringComparison.OrdinalIgnoreCase);

    /// <summary>Where the page starts: a keyset cursor, unless a page number asks for a direct jump.</summary>
    public Cursor? Position => PageNumber is null ? Cursor.Decode(After) : null;

    public virtual bool HasFilters =>
        !string.IsNullOrWhiteSpace(Q) || !string.IsNullOrEmpty(Owner) || Tag is not null || From is not null || To is not null || IdleDays is not null
        || Declared.Count > 0 || CustomFilters.Count > 0;
}

public static class ListFilters
{
    /// <summary>"Never" for sorting and paging by last activity: records without activity come first ascending, last descending.</summary>
    public static readonly DateTime NoActivity = new(1, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static IQueryable<T> OwnedAs<T>(this IQueryable<T> records, string? owner, CrmUser user)
        where T : class, IOwned => owner switch
        {
            null or "" => records,
            ListQuery.OwnerNobody => records.Where(r => r.OwnerId == null),
            ListQuery.OwnerMe => records.Where(r => r.OwnerId == user.Id),
            _ => records.Where(r => r.OwnerId == owner),
        };

    public static IQueryable<T> CreatedBetween<T>(this IQueryable<T> records, DateOnly? from, DateOnly? to, UserTime time)
        where T : class, ITracked
    {
        // The dates are the user's calendar days: a day starts at midnight in their time zone. The first and last
        // years of the calendar would overflow the conversion (typed by hand in the query string): they bound nothing.
        if (from is DateOnly f && f.Year is > 1 and < 9999)
        {
            var start = time.ToUtc(f.ToDateTime(TimeOnly.MinValue));
            records = records.Where(r => r.CreatedAt >= start);
        }

        if (to is DateOnly t && t.Year is > 1 and < 9999)
        {
            var end = time.ToUtc(t.AddDays(1).ToDateTime(TimeOnly.MinValue));
            records = records.Where(r => r.CreatedAt < end);
        }

        return records;
    }

    /// <summary>
    /// Counts at most <see cref="ListQuery.CountCap"/> + 1 rows; the view shows "1000+" beyond. Unordered on purpose:
    /// any N+1 rows count the same, and an order would sort every match (DataSetup.CountsNeedNoOrder).
    /// </summary>
    public static Task<int> CappedCountAsync<T>(this IQueryable<T> records, CancellationToken ct) =>
        Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(records.Take(ListQuery.CountCap + 1), ct);
}

/// <summary>The owner and tag drop-downs every list's filters offer.</summary>
public static class ListFilterOptions
{
    public static async Task<IReadOnlyList<Option>> OwnersAsync(CrmDbContext db, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.DisplayName)
            .Select(u => new Option(u.Id, u.DisplayName == "" ? u.Email ?? u.Id : u.DisplayName)).ToListAsync(ct);

    /// <summary>
    /// The tags a list offers: those used on records the user may see (<paramref name="usedOnVisibleRecords"/>, built
    /// on <see cref="RecordAccess.VisibleTo"/>), so that a tag used only on another team's records does not tell its
    /// name; null for a user who sees every record, who gets every tag without the join.
    /// </summary>
    public static async Task<IReadOnlyList<Option>> TagsAsync(CrmDbContext db, Expression<Func<Tag, bool>>? usedOnVisibleRecords, CancellationToken ct)
    {
        var tags = db.Tags.AsNoTracking();
        if (usedOnVisibleRecords is not null)
        {
            tags = tags.Where(usedOnVisibleRecords);
        }

        return await tags.OrderBy(t => t.NameKey).Select(t => new Option(t.Id.ToString(), t.Name)).ToListAsync(ct);
    }
}

/// <summary>An entry of a filter drop-down.</summary>
public sealed record Option(string Value, string Text);

/// <summary>The saved-views menu of a list page.</summary>
public sealed record SavedViewsBar(string List, string Path, SavedViews.MySavedViews.Result Views, SavedViews.MySavedViews.Item? Open, string Columns);

/// <summary>The pager under a list: next by cursor, back by browser history or to the first page, or numbered when jumping.</summary>
public sealed record ListPager(string Path, ListQuery Query, string? NextCursor, int Shown);

/// <summary>
/// A filter of the list shown as a badge above it: its label (an English resource key), what it is set to and where
/// that leads, and the query-string key that holds it (kept by the filter form, removed by the badge's cross).
/// </summary>
public sealed record ListChip(string Label, string Key, string Value, string Text, string Href);
