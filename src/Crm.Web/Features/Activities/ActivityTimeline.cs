using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Activities;

/// <summary>
/// A timeline page as the views show it: the entries, where the next page comes from (fragment) and the page it belongs
/// to, and the type it is filtered to (null: every type), which its links keep.
/// </summary>
public sealed record TimelinePage(Page<ActivityTimeline.Entry> Page, string FragmentUrl, string DetailsUrl, bool ShowContact = false, bool CanEditRecord = false, CrmUser? User = null, ActivityKind? Type = null)
{
    /// <summary>A record's timeline page: its links and whether entries name their contact come from the kind.</summary>
    public static TimelinePage For(RecordKind kind, int id, Page<ActivityTimeline.Entry> page, bool canEditRecord, CrmUser user, ActivityKind? type) =>
        new(page, $"{kind.Route}/Timeline/{id}", kind.DetailsPath(id), kind.TimelineNamesContact, canEditRecord, user, type);

    public bool CanDelete(ActivityTimeline.Entry entry) => CanEditRecord || (User is not null && entry.AuthorId == User.Id);

    public bool CanEdit(ActivityTimeline.Entry entry) => User is not null && ActivityAccess.MayEdit(User, entry.AuthorId);

    /// <summary>The details page showing the timeline filtered to a type (null: all), at the timeline.</summary>
    public string FilteredUrl(ActivityKind? type) => type is null ? $"{DetailsUrl}#timeline" : $"{DetailsUrl}?type={type}#timeline";

    /// <summary>The query string of the next page: its cursor and the filter.</summary>
    public string NextQuery(string cursor) => Type is null ? $"?after={cursor}" : $"?after={cursor}&type={Type}";
}

/// <summary>
/// One record's activities, newest first, paged by (OccurredAt, Id), for any kind: the kind's timeline part says which
/// entries it holds (a company's: its own and its visible contacts'; by default, the entries regarding the record).
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
        string? CompanyName,
        bool Edited,
        string? EditorName,
        string? RecordKind = null,
        int? RecordId = null)
    {
        public CallOutcome? CallOutcome => Enum.TryParse<CallOutcome>(Outcome, out var o) ? o : null;

        /// <summary>The record of another kind the entry regards (a deal, on its company's page), when the user may see it.</summary>
        public RegardedRecord? Regarding { get; init; }
    }

    /// <summary>A record an entry regards, as its timeline entry names and links it.</summary>
    public sealed record RegardedRecord(string Name, string Path);

    public sealed class Handler(CrmDbContext db, RecordKinds kinds)
    {
        /// <summary>A page of the record's timeline, as its kind declares it (<see cref="RecordTimeline{T}.Sources"/>); the caller has checked that the user may see the record.</summary>
        public async Task<Page<Entry>> ForAsync<T>(int id, string? after, CrmUser user, CancellationToken ct, int pageSize = PageSize, ActivityKind? type = null)
            where T : class, IRecord<T>
        {
            var sources = T.Kind.Timeline.Sources(db, id, user);
            if (type is ActivityKind only)
            {
                sources = sources.Select(s => s.Where(a => a.Kind == only)).ToList();
            }

            if (sources.Count == 1)
            {
                return await NamingRegardedAsync(await ReadAsync(sources[0], after, pageSize, ct), T.Kind.Key, user, ct);
            }

            // Each source reads at most one page on its own index range, and the short lists are merged here.
            var pages = new List<Page<Entry>>(sources.Count);
            foreach (var source in sources)
            {
                pages.Add(await ReadAsync(source, after, pageSize, ct));
            }

            var merged = pages.SelectMany(p => p.Items)
                .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
                .ToList();
            var more = merged.Count > pageSize || pages.Any(p => p.HasMore);
            var items = merged.Take(pageSize).ToList();
            var next = more ? Cursor.For(items[^1].OccurredAt, items[^1].Id).Encode() : null;
            return await NamingRegardedAsync(new Page<Entry>(items, next, null, pageSize), T.Kind.Key, user, ct);
        }

        /// <summary>
        /// Names the records of other kinds the page's entries regard (a call on a deal, shown on its company's and
        /// contact's pages, names the deal), one query per kind, and only those the user may see.
        /// </summary>
        private async Task<Page<Entry>> NamingRegardedAsync(Page<Entry> page, string shownOn, CrmUser user, CancellationToken ct)
        {
            var regarded = page.Items.Where(e => e.RecordKind is not null && e.RecordKind != shownOn && e.RecordId is not null).ToList();
            if (regarded.Count == 0)
            {
                return page;
            }

            var named = new Dictionary<(string, int), RegardedRecord>();
            foreach (var group in regarded.GroupBy(e => e.RecordKind!))
            {
                if (kinds.Find(group.Key) is not { } kind)
                {
                    continue;
                }

                var ids = group.Select(e => e.RecordId!.Value).Distinct().ToList();
                var visible = kind.VisibleIds(db, user);
                foreach (var summary in await kind.Summaries(db).Where(s => ids.Contains(s.Id) && visible.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
                {
                    named[(kind.Key, summary.Id)] = new RegardedRecord(summary.Name, kind.DetailsPath(summary.Id));
                }
            }

            var items = page.Items
                .Select(e => e.RecordKind is { } key && e.RecordId is int id && named.TryGetValue((key, id), out var record) ? e with { Regarding = record } : e)
                .ToList();
            return page with { Items = items };
        }

        /// <summary>One entry as the timeline shows it (the one just logged); the caller has checked that the user may see it.</summary>
        public Task<Entry> OneAsync(int activityId, CancellationToken ct) =>
            db.Activities.AsNoTracking().Where(a => a.Id == activityId).Select(Shown).SingleAsync(ct);

        /// <summary>
        /// An entry as shown; edited when the history holds a change of it (deleting and restoring are not changes), with
        /// the name of who changed it last.
        /// </summary>
        private System.Linq.Expressions.Expression<Func<Activity, Entry>> Shown => a => new Entry(
            a.Id, a.Kind, a.Subject, a.OccurredAt, a.DurationMinutes, a.Outcome, a.Body, a.BodyFormat,
            a.CreatedById, a.CreatedBy != null ? a.CreatedBy.DisplayName : null,
            a.ContactId, a.Contact != null ? a.Contact.FirstName + " " + a.Contact.LastName : null,
            a.CompanyId, a.Company != null ? a.Company.Name : null,
            db.AuditEntries.Any(e => e.EntityType == nameof(Activity) && e.EntityId == a.Id && e.Action == AuditAction.Updated),
            db.Users.Where(u => u.Id == db.AuditEntries
                    .Where(e => e.EntityType == nameof(Activity) && e.EntityId == a.Id && e.Action == AuditAction.Updated)
                    .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
                    .Select(e => e.UserId).FirstOrDefault())
                .Select(u => u.DisplayName).FirstOrDefault(),
            a.RecordKind,
            a.RecordId);

        /// <summary>The query of one page of entries (one more than a page, to know whether another follows).</summary>
        public IQueryable<Entry> PageQuery(IQueryable<Activity> activities, string? after, int pageSize) =>
            activities.AsNoTracking()
                .Seek(a => a.OccurredAt, a => a.Id, descending: true, Cursor.Decode(after))
                .Select(Shown)
                .Take(pageSize + 1);

        private async Task<Page<Entry>> ReadAsync(IQueryable<Activity> activities, string? after, int pageSize, CancellationToken ct)
        {
            var rows = await PageQuery(activities, after, pageSize).ToListAsync(ct);
            var more = rows.Count > pageSize;
            var items = more ? rows[..pageSize] : rows;
            var next = more ? Cursor.For(items[^1].OccurredAt, items[^1].Id).Encode() : null;
            return new Page<Entry>(items, next, null, pageSize);
        }
    }
}
