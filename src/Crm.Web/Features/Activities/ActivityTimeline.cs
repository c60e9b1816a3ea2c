using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Activities;

/// <summary>A timeline page as the views show it: the entries, where the next page comes from (fragment) and the page it belongs to.</summary>
public sealed record TimelinePage(Page<ActivityTimeline.Entry> Page, string FragmentUrl, string DetailsUrl, bool ShowContact = false, bool CanEditRecord = false, string? UserId = null)
{
    public bool CanDelete(ActivityTimeline.Entry entry) => CanEditRecord || (UserId is not null && entry.AuthorId == UserId);
}

/// <summary>
/// One record's activities, newest first, paged by (OccurredAt, Id). A company's timeline holds its own entries and
/// those of its contacts; entries of contacts the user may not see are left out.
/// </summary>
public static class ActivityTimeline
{
    public const int PageSize = 20;

    public sealed record Entry(
        int Id,
        ActivityKind Kind,
        string Subject,
        DateTime OccurredAt,
        int? DurationMinutes,
        string? Outcome,
        string? Body,
        TextFormat BodyFormat,
        string? AuthorId,
        string? AuthorName,
        int? ContactId,
        string? ContactName,
        int? CompanyId,
        string? CompanyName)
    {
        public CallOutcome? CallOutcome => Enum.TryParse<CallOutcome>(Outcome, out var o) ? o : null;
    }

    public sealed class Handler(CrmDbContext db)
    {
        /// <summary>The caller has checked that the user may see the contact.</summary>
        public Task<Page<Entry>> ForContactAsync(int contactId, string? after, CrmUser user, CancellationToken ct, int pageSize = PageSize) =>
            ReadAsync(db.Activities.AsNoTracking().Where(a => a.ContactId == contactId), after, pageSize, ct);

        /// <summary>The caller has checked that the user may see the company.</summary>
        public async Task<Page<Entry>> ForCompanyAsync(int companyId, string? after, CrmUser user, CancellationToken ct, int pageSize = PageSize)
        {
            // Two index range reads instead of one OR across a join: the company's own entries (contacts' entries
            // logged while at the company carry its id too), then entries of its current contacts logged elsewhere
            // or before. Each side reads at most one page, and the two short lists are merged here.
            var visibleContacts = db.Contacts.VisibleTo(user);
            var own = db.Activities.AsNoTracking()
                .Where(a => a.CompanyId == companyId)
                .Where(a => a.ContactId == null || visibleContacts.Any(c => c.Id == a.ContactId));
            var contactIds = visibleContacts.Where(c => c.CompanyId == companyId).Select(c => c.Id);
            var ofContacts = db.Activities.AsNoTracking()
                .Where(a => a.CompanyId == null || a.CompanyId != companyId)
                .Where(a => a.ContactId != null && contactIds.Contains(a.ContactId.Value));
            var first = await ReadAsync(own, after, pageSize, ct);
            var second = await ReadAsync(ofContacts, after, pageSize, ct);
            if (second.Items.Count == 0)
            {
                return first;
            }

            var merged = first.Items.Concat(second.Items)
                .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
                .ToList();
            var more = merged.Count > pageSize || first.HasMore || second.HasMore;
            var items = merged.Take(pageSize).ToList();
            var next = more ? Cursor.For(items[^1].OccurredAt, items[^1].Id).Encode() : null;
            return new Page<Entry>(items, next, null, pageSize);
        }

        private static async Task<Page<Entry>> ReadAsync(IQueryable<Activity> activities, string? after, int pageSize, CancellationToken ct)
        {
            var rows = await activities
                .Seek(a => a.OccurredAt, a => a.Id, descending: true, Cursor.Decode(after))
                .Select(a => new Entry(
                    a.Id, a.Kind, a.Subject, a.OccurredAt, a.DurationMinutes, a.Outcome, a.Body, a.BodyFormat,
                    a.CreatedById, a.CreatedBy != null ? a.CreatedBy.DisplayName : null,
                    a.ContactId, a.Contact != null ? a.Contact.FirstName + " " + a.Contact.LastName : null,
                    a.CompanyId, a.Company != null ? a.Company.Name : null))
                .Take(pageSize + 1)
                .ToListAsync(ct);
            var more = rows.Count > pageSize;
            var items = more ? rows[..pageSize] : rows;
            var next = more ? Cursor.For(items[^1].OccurredAt, items[^1].Id).Encode() : null;
            return new Page<Entry>(items, next, null, pageSize);
        }
    }
}
