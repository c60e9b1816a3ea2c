using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tasks;

/// <summary>
/// "My day" (/Tasks): the signed-in user's tasks in four buckets on their wall clock: overdue, due later today, due in
/// the next seven days, and done in the last seven. Each bucket shows its first <see cref="BucketSize"/>; the rest is in
/// the full list, filtered the same way.
/// </summary>
public sealed class MyDay(CrmDbContext db, TaskRegarding regarding, UserTime time, TimeProvider clock)
{
    public const int BucketSize = 25;

    public sealed record Row(
        int Id,
        string Title,
        DateTime DueAt,
        TaskPriority Priority,
        TaskRecurrence Recurrence,
        string? RecordKind,
        int? RecordId,
        DateTime? CompletedAt,
        bool Overdue)
    {
        public RegardedRecord? Regarding { get; init; }
    }

    /// <param name="More">Whether the bucket holds more than it shows; the full list link then pages through them.</param>
    public sealed record Bucket(string Key, IReadOnlyList<Row> Rows, bool More, string ListUrl);

    public sealed record View(Bucket Overdue, Bucket Today, Bucket Upcoming, Bucket Done, bool CanCreate)
    {
        public bool Empty => Overdue.Rows.Count + Today.Rows.Count + Upcoming.Rows.Count + Done.Rows.Count == 0;
    }

    public async Task<View> Handle(CrmUser user, CancellationToken ct)
    {
        var day = TaskDay.Of(time, clock);
        var mine = db.Tasks.AsNoTracking().VisibleTo(user).Where(t => t.OwnerId == user.Id);
        var open = mine.Where(t => t.CompletedAt == null);
        var list = CrmTask.Kind.ListPath + "?owner=" + Shared.ListQuery.OwnerMe;
        var overdue = await ReadAsync("overdue", open.Where(t => t.DueAt < day.Now).OrderBy(t => t.DueAt).ThenBy(t => t.Id), list + "&status=open&due=overdue&sort=due", day, ct);
        var today = await ReadAsync("today", open.Where(t => t.DueAt >= day.Now && t.DueAt < day.End).OrderBy(t => t.DueAt).ThenBy(t => t.Id), list + "&status=open&due=today&sort=due", day, ct);
        var upcoming = await ReadAsync("upcoming", open.Where(t => t.DueAt >= day.End && t.DueAt < day.WeekEnd).OrderBy(t => t.DueAt).ThenBy(t => t.Id), list + "&status=open&due=week&sort=due", day, ct);
        var since = day.Now.AddDays(-7);
        var done = await ReadAsync("done", mine.Where(t => t.CompletedAt >= since).OrderByDescending(t => t.CompletedAt).ThenByDescending(t => t.Id), list + "&status=done&sort=due&dir=desc", day, ct);
        var named = await regarding.NamesAsync(
            new[] { overdue, today, upcoming, done }.SelectMany(b => b.Rows).Select(r => (r.RecordKind, r.RecordId)), user, ct);
        Bucket Named(Bucket b) => b with { Rows = b.Rows.Select(r => WithRegarding(r, named)).ToList() };
        return new View(Named(overdue), Named(today), Named(upcoming), Named(done), user.CanCreate<CrmTask>());
    }

    /// <summary>One task as a row of my day, after a tick or an undo; null when the user may not see it.</summary>
    public async Task<Row?> RowAsync(int id, CrmUser user, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await Project(db.Tasks.AsNoTracking().VisibleTo(user).Where(t => t.Id == id), now).FirstOrDefaultAsync(ct);
        return row is null ? null : WithRegarding(row, await regarding.NamesAsync([(row.RecordKind, row.RecordId)], user, ct));
    }

    private static Row WithRegarding(Row row, IReadOnlyDictionary<(string Kind, int Id), RegardedRecord> named) =>
        row.RecordKind is { } kind && row.RecordId is int id && named.TryGetValue((kind, id), out var record) ? row with { Regarding = record } : row;

    private static async Task<Bucket> ReadAsync(string key, IQueryable<CrmTask> tasks, string listUrl, TaskDay day, CancellationToken ct)
    {
        var rows = await Project(tasks.Take(BucketSize + 1), day.Now).ToListAsync(ct);
        var more = rows.Count > BucketSize;
        return new Bucket(key, more ? rows.Take(BucketSize).ToList() : rows, more, listUrl);
    }

    private static IQueryable<Row> Project(IQueryable<CrmTask> tasks, DateTime now) =>
        tasks.Select(t => new Row(t.Id, t.Title, t.DueAt, t.Priority, t.Recurrence, t.RecordKind, t.RecordId, t.CompletedAt, t.CompletedAt == null && t.DueAt < now));
}
