using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Companies;

/// <summary>The /Companies list: search, filters, sort, keyset paging (or a page number), through the visibility rule.</summary>
public static class CompanyList
{
    public sealed record Query : ListQuery
    {
        public CompanyStatus? Status { get; init; }

        public override bool HasFilters => base.HasFilters || Status is not null;
    }

    public sealed record Row(
        int Id,
        string Name,
        string? City,
        string? Phone,
        string? Industry,
        CompanyStatus Status,
        string? OwnerName,
        DateTime? LastActivityAt,
        DateTime CreatedAt,
        string NameKey)
    {
        public IReadOnlyList<string> Tags { get; init; } = [];
    }

    public sealed record Result(
        Query Query,
        Page<Row> Page,
        int Count,
        bool AnyRecords,
        IReadOnlyList<Option> Owners,
        IReadOnlyList<Option> Tags);

    public sealed class Handler(CrmDbContext db, UserTime time, TimeProvider clock)
    {
        public async Task<Result> Handle(Query query, CrmUser user, CancellationToken ct)
        {
            var matching = Filtered(db, query, user, time, clock.GetUtcNow().UtcDateTime);
            var size = query.PageSize;
            var ordered = Ordered(matching, query, query.Position);
            if (query.PageNumber is int page)
            {
                ordered = ordered.Skip((page - 1) * size);
            }

            // Ids first, from the narrow (covering) index alone; then the page's 25 rows with their joins.
            // A deep page (OFFSET 50 000) then walks index entries, not 50 000 joined rows.
            var pageIds = await ordered.Take(size + 1).Select(c => c.Id).ToListAsync(ct);
            var byId = (await Project(db.Companies.AsNoTracking().Where(c => pageIds.Contains(c.Id))).ToListAsync(ct)).ToDictionary(r => r.Id);
            var rows = pageIds.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
            var more = rows.Count > size;
            if (more)
            {
                rows.RemoveAt(rows.Count - 1);
            }

            var ids = rows.Select(r => r.Id).ToList();
            var tagsOf = (await db.CompanyTags.AsNoTracking().Where(t => ids.Contains(t.CompanyId))
                    .Select(t => new { t.CompanyId, t.Tag!.Name }).ToListAsync(ct))
                .ToLookup(t => t.CompanyId, t => t.Name);
            rows = rows.Select(r => r with { Tags = tagsOf[r.Id].Order(StringComparer.CurrentCultureIgnoreCase).ToList() }).ToList();

            var next = more ? CursorAfter(rows[^1], query.SortKey).Encode() : null;
            var count = await matching.CappedCountAsync(ct);
            var any = count > 0 || await db.Companies.VisibleTo(user).AnyAsync(ct);
            var owners = await ListFilterOptions.OwnersAsync(db, ct);
            var tags = await ListFilterOptions.TagsAsync(db, ct);

            return new Result(query, new Page<Row>(rows, next, query.PageNumber, size), count, any, owners, tags);
        }
    }

    /// <summary>Visible companies matching the search and filters: what the list pages through and the export writes.</summary>
    public static IQueryable<Company> Filtered(CrmDbContext db, Query query, CrmUser user, UserTime time, DateTime now)
    {
        var companies = db.Companies.AsNoTracking().VisibleTo(user)
            .Matching(db, query.Q)
            .OwnedAs(query.Owner, user)
            .CreatedBetween(query.From, query.To, time);
        if (query.Status is CompanyStatus status)
        {
            companies = companies.Where(c => c.Status == status);
        }

        if (query.Tag is int tag)
        {
            companies = companies.Where(c => c.Tags.Any(t => t.TagId == tag));
        }

        if (query.IdleDays is int days)
        {
            var since = now.AddDays(-days);
            companies = companies.Where(c => c.LastActivityAt == null || c.LastActivityAt < since);
        }

        return companies;
    }

    public static IQueryable<Company> Ordered(IQueryable<Company> companies, ListQuery query, Cursor? after) => query.SortKey switch
    {
        "created" => companies.Seek(c => c.CreatedAt, c => c.Id, query.Descending, after),
        "activity" => companies.Seek(c => c.LastActivityAt ?? ListFilters.NoActivity, c => c.Id, query.Descending, after),
        "owner" => companies.Seek(c => c.Owner != null ? c.Owner.DisplayName : string.Empty, c => c.Id, query.Descending, after),
        _ => companies.Seek(c => c.NameKey, c => c.Id, query.Descending, after),
    };

    public static Cursor CursorAfter(Row row, string sortKey) => sortKey switch
    {
        "created" => Cursor.For(row.CreatedAt, row.Id),
        "activity" => Cursor.For(row.LastActivityAt ?? ListFilters.NoActivity, row.Id),
        "owner" => Cursor.For(row.OwnerName ?? string.Empty, row.Id),
        _ => Cursor.For(row.NameKey, row.Id),
    };

    public static IQueryable<Row> Project(IQueryable<Company> companies) => companies.Select(c => new Row(
        c.Id,
        c.Name,
        c.BillingAddress.City,
        c.Phone,
        c.Industry,
        c.Status,
        c.Owner != null ? c.Owner.DisplayName : null,
        c.LastActivityAt,
        c.CreatedAt,
        c.NameKey));
}
