using Crm.Web.Features.Contacts;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Tasks;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Dashboard;

/// <summary>
/// A sales rep's own figures: their open pipeline by stage, tasks due today, deals expected to close this month, their
/// activity this week, their contacts idle for N days, what they worked on lately, their target against what they won,
/// and what they may create. Every query is over records they may see and own.
/// </summary>
public sealed class RepFigures(CrmDbContext db, RecordKinds kinds, DashboardSummary.Handler summary, TimeProvider clock)
{
    /// <summary>Counts stop here ("10,000+"): a tile never scans a whole large table.</summary>
    public const int CountCap = 10_000;

    public sealed record Result(
        DashboardChart Pipeline,
        int TasksToday,
        int ClosingThisMonth,
        long ClosingThisMonthCents,
        string ClosingMonthKey,
        int ActivitiesThisWeek,
        DateTime WeekStartUtc,
        int IdleContacts,
        int IdleDays,
        IReadOnlyList<DashboardSummary.Recent> Recent,
        long WonCents,
        long? TargetCents,
        IReadOnlyList<RecordKind> QuickCreate);

    public async Task<Result> Handle(CrmUser user, DashboardPeriod period, DashboardToday today, int idleDays, CancellationToken ct)
    {
        var me = user.Id;
        var deals = db.Deals.AsNoTracking().VisibleTo(user).Where(d => d.OwnerId == me);
        var pipeline = await PipelineByStage.ReadAsync(db, "my-pipeline", deals, stage => $"/Deals?stage={stage}&status={DealStatus.Open}&owner={Shared.ListQuery.OwnerMe}", ct);

        var tasksToday = await db.Tasks.AsNoTracking().VisibleTo(user)
            .Where(t => t.OwnerId == me && t.CompletedAt == null && t.DueAt >= today.StartUtc && t.DueAt < today.EndUtc)
            .Take(CountCap + 1).CountAsync(ct);

        var (monthStart, monthEnd) = (today.MonthStart, today.MonthStart.AddMonths(1));
        var closing = await deals.Where(d => d.Status == DealStatus.Open && d.ExpectedCloseDate >= monthStart && d.ExpectedCloseDate < monthEnd)
            .GroupBy(d => 1)
            .Select(g => new { Count = g.Count(), Cents = g.Sum(d => d.AmountDefaultCents) })
            .FirstOrDefaultAsync(ct);

        var since = clock.GetUtcNow().UtcDateTime.AddDays(-idleDays);
        var idle = await db.Contacts.AsNoTracking().VisibleTo(user)
            .Where(c => c.OwnerId == me && (c.LastActivityAt == null || c.LastActivityAt < since))
            .Take(CountCap + 1).CountAsync(ct);

        var won = await deals.Where(d => d.Status == DealStatus.Won && d.ClosedAt >= period.StartUtc && d.ClosedAt < period.EndUtc)
            .SumAsync(d => d.AmountDefaultCents, ct);
        var months = period.Months.ToList();
        var targets = await db.SalesTargets.AsNoTracking().Where(t => t.UserId == me && months.Contains(t.Month))
            .Select(t => t.AmountCents).ToListAsync(ct);

        var mine = await summary.Handle(user, ct);
        return new Result(
            pipeline,
            tasksToday,
            closing?.Count ?? 0,
            closing?.Cents ?? 0,
            monthStart.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
            mine.MyActivitiesThisWeek,
            mine.WeekStartUtc,
            idle,
            idleDays,
            mine.MyRecent,
            won,
            targets.Count == 0 ? null : targets.Sum(),
            kinds.All.Where(k => user.Access(k).CanCreate(user)).ToList());
    }
}

/// <summary>Today and this month in the user's zone, with today's UTC bounds.</summary>
public sealed record DashboardToday(DateOnly Day, DateTime StartUtc, DateTime EndUtc)
{
    public DateOnly MonthStart => new(Day.Year, Day.Month, 1);
}
