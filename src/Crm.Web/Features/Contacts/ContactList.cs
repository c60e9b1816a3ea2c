using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>The /Contacts list: search, filters, sort, keyset paging (or a page number), through the visibility rule.</summary>
public static class ContactList
{
    public sealed record Query : ListQuery
    {
        public ContactStatus? Status { get; init; }
        public int? Company { get; init; }

        public override bool HasFilters => base.HasFilters || Status is not null || Company is not null;
    }

    public sealed record Row(
        int Id,
        string FirstName,
        string LastName,
        string? Email,
        string? Phone,
        int? CompanyId,
        string? CompanyName,
        ContactStatus Status,
        string? OwnerName,
        DateTime? LastActivityAt,
        DateTime CreatedAt,
        string SortName)
    {
        public IReadOnlyList<string> Tags { get; init; } = [];

        public string Name => $"{FirstName} {LastName}".Trim();
    }

    public sealed record Result(
        Query Query,
        Page<Row> Page,
        int Count,
        bool AnyRecords,
        IReadOnlyList<Option> Owners,
        IReadOnlyList<Option> Tags,
        string? CompanyName);

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
            var byId = (await Project(db.Contacts.AsNoTracking().Where(c => pageIds.Contains(c.Id))).ToListAsync(ct)).ToDictionary(r => r.Id);
            var rows = pageIds.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
            var more = rows.Count > size;
            if (more)
            {
                rows.RemoveAt(rows.Count - 1);
            }

            rows = await WithTagsAsync(rows, ct);
            var next = more ? CursorAfter(rows[^1], query.SortKey).Encode() : null;
            var count = await matching.CappedCountAsync(ct);
            var any = count > 0 || await db.Contacts.VisibleTo(user).AnyAsync(ct);

            var owners = await ListFilterOptions.OwnersAsync(db, ct);
            // Per tag, its links (TagId, ContactId index) until one reaches a visible contact: stops early for common tags.
            var visible = db.Contacts.VisibleTo(user);
            var tags = await ListFilterOptions.TagsAsync(db, user, t => db.ContactTags.Any(l => l.TagId == t.Id && visible.Any(c => c.Id == l.ContactId)), ct);
            var company = query.Company is int companyId
                ? await db.Companies.AsNoTracking().VisibleTo(user).Where(c => c.Id == companyId).Select(c => c.Name).FirstOrDefaultAsync(ct)
                : null;

            return new Result(query, new Page<Row>(rows, next, query.PageNumber, size), count, any, owners, tags, company);
        }

        private async Task<List<Row>> WithTagsAsync(List<Row> rows, CancellationToken ct)
        {
            var ids = rows.Select(r => r.Id).ToList();
            var tags = (await db.ContactTags.AsNoTracking().Where(t => ids.Contains(t.ContactId))
                    .Select(t => new { t.ContactId, t.Tag!.Name }).ToListAsync(ct))
                .ToLookup(t => t.ContactId, t => t.Name);
            return rows.Select(r => r with { Tags = tags[r.Id].Order(StringComparer.CurrentCultureIgnoreCase).ToList() }).ToList();
        }
    }

    /// <summary>Visible contacts matching the search and filters: what the list pages through and the export writes.</summary>
    public static IQueryable<Contact> Filtered(CrmDbContext db, Query query, CrmUser user, UserTime time, DateTime now)
    {
        var contacts = db.Contacts.AsNoTracking().VisibleTo(user)
            .Matching(db, query.Q)
            .OwnedAs(query.Owner, user)
            .CreatedBetween(query.From, query.To, time);
        if (query.Status is ContactStatus status)
        {
            contacts = contacts.Where(c => c.Status == status);
        }

        if (query.Tag is int tag)
        {
            contacts = contacts.Where(c => c.Tags.Any(t => t.TagId == tag));
        }

        if (query.Company is int company)
        {
            contacts = contacts.Where(c => c.CompanyId == company);
        }

        if (query.IdleDays is int days)
        {
            var since = now.AddDays(-days);
            contacts = contacts.Where(c => c.LastActivityAt == null || c.LastActivityAt < since);
        }

        return contacts;
    }

    /// <summary>Ordered by the chosen column then id, starting after <paramref name="after"/>.</summary>
    public static IQueryable<Contact> Ordered(IQueryable<Contact> contacts, ListQuery query, Cursor? after) => query.SortKey switch
    {
        "created" => contacts.Seek(c => c.CreatedAt, c => c.Id, query.Descending, after),
        "activity" => contacts.Seek(c => c.LastActivityAt ?? ListFilters.NoActivity, c => c.Id, query.Descending, after),
        "owner" => contacts.Seek(c => c.Owner != null ? c.Owner.DisplayName : string.Empty, c => c.Id, query.Descending, after),
        _ => contacts.Seek(c => c.SortName, c => c.Id, query.Descending, after),
    };

    public static Cursor CursorAfter(Row row, string sortKey) => sortKey switch
    {
        "created" => Cursor.For(row.CreatedAt, row.Id),
        "activity" => Cursor.For(row.LastActivityAt ?? ListFilters.NoActivity, row.Id),
        "owner" => Cursor.For(row.OwnerName ?? string.Empty, row.Id),
        _ => Cursor.For(row.SortName, row.Id),
    };

    public static IQueryable<Row> Project(IQueryable<Contact> contacts) => contacts.Select(c => new Row(
        c.Id,
        c.FirstName,
        c.LastName,
        c.Email,
        c.Phone,
        c.CompanyId,
        c.Company != null ? c.Company.Name : null,
        c.Status,
        c.Owner != null ? c.Owner.DisplayName : null,
        c.LastActivityAt,
        c.CreatedAt,
        c.SortName));
}
