using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Activities;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Dashboard;

/// <summary>A few counts for the signed-in user, every one through RecordAccess, each cheap at 100k+ rows.</summary>
public static class DashboardSummary
{
    /// <summary>Counts stop here and show "100,000+": a dashboard tile never scans a whole large table.</summary>
    public const int CountCap = 100_000;

    public sealed record Recent(int Id, ActivityKind Kind, string Subject, DateTime OccurredAt, int? ContactId, string? ContactName, int? CompanyId, string? CompanyName);

    /// <summary>How many records of a kind the user may see, capped.</summary>
    public sealed record KindCount(RecordKind Kind, int Count);

    public sealed record Result(IReadOnlyList<KindCount> Counts, int MyActivitiesThisWeek, DateTime WeekStartUtc, IReadOnlyList<Recent> MyRecent, bool CanCreate);

    public sealed class Handler(CrmDbContext db, RecordKinds kinds, UserTime time, TimeProvider clock)
    {
        public async Task<Result> Handle(CrmUser user, CancellationToken ct)
        {
            var counts = new List<KindCount>();
            foreach (var kind in kinds.All)
            {
                counts.Add(new KindCount(kind, await kind.CountVisibleAsync(db, user, CountCap, ct)));
            }

            // The week starts on Monday in the user's time zone (the French convention).
            var today = DateOnly.FromDateTime(time.ToLocal(clock.GetUtcNow().UtcDateTime));
            var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
            var weekStart = time.ToUtc(monday.ToDateTime(TimeOnly.MinValue));
            var weekEnd = time.ToUtc(monday.AddDays(7).ToDateTime(TimeOnly.MinValue));

            // The user's own entries (index on CreatedById, OccurredAt), on records they may still see.
            var visibleContacts = db.Contacts.VisibleTo(user);
            var visibleCompanies = db.Companies.VisibleTo(user);
            var mine = db.Activities.AsNoTracking()
                .Where(a => a.CreatedById == user.Id)
                .Where(a => (a.ContactId != null && visibleContacts.Any(c => c.Id == a.ContactId))
                    || (a.ContactId == null && visibleCompanies.Any(c => c.Id == a.CompanyId)));
            // Ordered as the index runs: a row limit without an order makes EF warn at every new query shape.
            var thisWeek = await mine.Where(a => a.OccurredAt >= weekStart && a.OccurredAt < weekEnd).OrderBy(a => a.OccurredAt).Take(CountCap + 1).CountAsync(ct);
            var recent = await mine
                .OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id)
                .Select(a => new Recent(
                    a.Id, a.Kind, a.Subject, a.OccurredAt,
                    a.ContactId, a.Contact != null ? a.Contact.FirstName + " " + a.Contact.LastName : null,
                    a.CompanyId, a.Company != null ? a.Company.Name : null))
                .Take(5)
                .ToListAsync(ct);
            return new Result(counts, thisWeek, weekStart, recent, kinds.All.Any(k => k.Access.CanCreate(user)));
        }
    }
}
