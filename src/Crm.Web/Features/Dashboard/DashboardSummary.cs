using Crm.Web.Features.Activities;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Dashboard;

/// <summary>The signed-in user's own entries: how many this week, and the latest with the records they were logged on (what they worked on lately).</summary>
public static class DashboardSummary
{
    /// <summary>Counts stop here and show "100,000+": a dashboard tile never scans a whole large table.</summary>
    public const int CountCap = 100_000;

    public const int RecentCount = 6;

    /// <summary>One of the user's latest entries, with the record it was logged on.</summary>
    public sealed record Recent(int Id, ActivityKind Kind, string Subject, DateTime OccurredAt, string? RecordName, string? RecordUrl);

    public sealed record Result(int MyActivitiesThisWeek, DateTime WeekStartUtc, IReadOnlyList<Recent> MyRecent);

    public sealed class Handler(CrmDbContext db, RecordKinds kinds, UserTime time, TimeProvider clock)
    {
        public async Task<Result> Handle(CrmUser user, CancellationToken ct)
        {
            // The week starts on Monday in the user's time zone (the French convention).
            var today = DateOnly.FromDateTime(time.ToLocal(clock.GetUtcNow().UtcDateTime));
            var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
            var weekStart = time.ToUtc(monday.ToDateTime(TimeOnly.MinValue));
            var weekEnd = time.ToUtc(monday.AddDays(7).ToDateTime(TimeOnly.MinValue));

            // The user's own entries (index on CreatedById, OccurredAt), on records they may still see.
            var mine = db.Activities.AsNoTracking()
                .Where(a => a.CreatedById == user.Id)
                .SeenBy(user, db, kinds);
            var thisWeek = await mine.Where(a => a.OccurredAt >= weekStart && a.OccurredAt < weekEnd).Take(CountCap + 1).CountAsync(ct);
            var latest = await mine
                .OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id)
                .Select(a => new { a.Id, a.Kind, a.Subject, a.OccurredAt, a.RecordKind, a.RecordId, a.ContactId, a.CompanyId })
                .Take(RecentCount)
                .ToListAsync(ct);
            var entries = latest.Select(a => (Entry: a, On: Activity.Attached(a.RecordKind, a.RecordId, a.ContactId, a.CompanyId)[0])).ToList();
            var names = await AttachedRecordNames.ReadAsync(db, kinds, entries.Select(e => e.On), ct);
            var recent = entries
                .Select(e => new Recent(e.Entry.Id, e.Entry.Kind, e.Entry.Subject, e.Entry.OccurredAt, names.GetValueOrDefault(e.On), kinds.Find(e.On.Kind)?.DetailsPath(e.On.Id)))
                .ToList();
            return new Result(thisWeek, weekStart, recent);
        }
    }
}
