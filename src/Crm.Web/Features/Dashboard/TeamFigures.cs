using Crm.Web.Features.Activities;
using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Dashboard;

/// <summary>
/// A manager's figures over the period, for their team (<see cref="DashboardScope"/>) within what they may see: the open
/// pipeline by stage, the forecast (<see cref="DealForecast"/>) against the members' targets, win rate, average won deal,
/// sales cycle (created to won, days), activities logged per member and the leaderboard of won amounts with each member's
/// target. Every figure is a grouped query; nothing is added up in memory but a handful of per-member rows.
/// </summary>
public sealed class TeamFigures(CrmDbContext db, RecordKinds kinds, DealForecast forecast)
{
    public sealed record ForecastFigures(string PeriodKey, long WonCents, long WeightedCents, long BestCaseCents, long HistoricalCents);

    /// <summary>A member's row of the leaderboard: won in the period and their target for it.</summary>
    public sealed record Leader(string UserId, string Name, long WonCents, int WonCount, long? TargetCents);

    public sealed record Result(
        DashboardChart Pipeline,
        ForecastFigures? Forecast,
        long? TargetCents,
        int Won,
        int Lost,
        long WonCents,
        double? CycleDays,
        DashboardChart ActivitiesPerRep,
        DashboardChart Leaderboard,
        IReadOnlyList<Leader> Leaders)
    {
        /// <summary>Won among the deals closed in the period, as a share; none closed, none.</summary>
        public decimal? WinRate => Won + Lost == 0 ? null : (decimal)Won / (Won + Lost);

        public long? AverageDealCents => Won == 0 ? null : DealForecast.Divide(WonCents, Won);
    }

    public async Task<Result> Handle(CrmUser user, DashboardScope scope, DashboardPeriod period, CancellationToken ct)
    {
        var deals = scope.Apply(db.Deals.AsNoTracking().VisibleTo(user));
        var owner = scope.ListOwner is string o ? $"&owner={Uri.EscapeDataString(o)}" : string.Empty;
        var pipeline = await PipelineByStage.ReadAsync(db, "team-pipeline", deals, stage => $"/Deals?stage={stage}&status={DealStatus.Open}{owner}", ct);

        var (from, to) = (period.StartUtc, period.EndUtc);
        // Won or lost (an IN the (Status, ClosedAt) index seeks, where "not open" would scan it).
        var closed = await deals.Where(d => (d.Status == DealStatus.Won || d.Status == DealStatus.Lost) && d.ClosedAt >= from && d.ClosedAt < to)
            .GroupBy(d => d.Status)
            .Select(g => new { Status = g.Key, Count = g.Count(), Cents = g.Sum(d => d.AmountDefaultCents) })
            .ToListAsync(ct);
        var won = closed.Where(c => c.Status == DealStatus.Won).Sum(c => c.Count);
        var lost = closed.Where(c => c.Status == DealStatus.Lost).Sum(c => c.Count);
        var wonCents = closed.Where(c => c.Status == DealStatus.Won).Sum(c => c.Cents);

        var cycle = await deals.Where(d => d.Status == DealStatus.Won && d.ClosedAt >= from && d.ClosedAt < to)
            .Select(d => (double?)SqlDuration.Seconds(d.CreatedAt, d.ClosedAt!.Value))
            .AverageAsync(ct);

        var people = scope.People.ToArray();
        var months = period.Months.ToArray();
        var targets = await db.SalesTargets.AsNoTracking().Where(t => people.Contains(t.UserId) && months.Contains(t.Month))
            .GroupBy(t => t.UserId)
            .Select(g => new { UserId = g.Key, Cents = g.Sum(t => t.AmountCents) })
            .ToDictionaryAsync(t => t.UserId, t => t.Cents, ct);

        var wonBy = await deals.Where(d => d.Status == DealStatus.Won && d.ClosedAt >= from && d.ClosedAt < to && d.OwnerId != null)
            .GroupBy(d => d.OwnerId!)
            .Select(g => new { OwnerId = g.Key, Count = g.Count(), Cents = g.Sum(d => d.AmountDefaultCents) })
            .ToDictionaryAsync(w => w.OwnerId, ct);

        // Activities logged by each member in the period, on records the user may see (index CreatedById, OccurredAt).
        var activities = await db.Activities.AsNoTracking()
            .Where(a => people.Contains(a.CreatedById!) && a.OccurredAt >= from && a.OccurredAt < to)
            .SeenBy(user, db, kinds)
            .GroupBy(a => a.CreatedById!)
            .Select(g => new { UserId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(a => a.UserId, a => a.Count, ct);

        var names = scope.Members.ToDictionary(m => m.Id, m => m.Name);
        var shown = scope.Members.Where(m => people.Contains(m.Id)).ToList();
        var leaders = shown
            .Select(m => new Leader(m.Id, m.Name, wonBy.GetValueOrDefault(m.Id)?.Cents ?? 0, wonBy.GetValueOrDefault(m.Id)?.Count ?? 0, targets.TryGetValue(m.Id, out var t) ? t : null))
            .Where(l => l.WonCents > 0 || l.TargetCents is not null || shown.Count <= 20)
            .OrderByDescending(l => l.WonCents).ThenBy(l => l.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        var leaderboard = new DashboardChart(
            "leaderboard",
            DashboardChart.Bar,
            Money: true,
            leaders.Select(l => new ChartPoint(l.Name, l.WonCents, $"/Deals?status={DealStatus.Won}&owner={Uri.EscapeDataString(l.UserId)}") { Count = l.WonCount }).ToList());
        var perRep = new DashboardChart(
            "activities",
            DashboardChart.Bar,
            Money: false,
            shown.Select(m => new ChartPoint(m.Name, activities.GetValueOrDefault(m.Id), null))
                .Where(p => p.Value > 0 || shown.Count <= 20)
                .OrderByDescending(p => p.Value).ThenBy(p => p.Label, StringComparer.CurrentCultureIgnoreCase).ToList());

        ForecastFigures? figures = null;
        if (period.Forecast is ForecastPeriod fp)
        {
            var result = await forecast.Handle(new DealForecast.Query { By = fp.Grain, From = fp.Key, Count = 1 }, user, ct);
            var rows = scope.Everyone && scope.Owner is null
                ? [result.Total]
                : result.Rows.Where(r => !r.IsTotal && r.OwnerId is not null && people.Contains(r.OwnerId)).ToList();
            figures = new ForecastFigures(
                fp.Key,
                rows.Sum(r => r.PerPeriod[0].WonCents),
                rows.Sum(r => r.PerPeriod[0].WeightedCents),
                rows.Sum(r => r.PerPeriod[0].BestCaseCents),
                rows.Sum(r => r.PerPeriod[0].HistoricalCents));
        }

        long? target = targets.Count == 0 ? null : targets.Values.Sum();
        return new Result(pipeline, figures, target, won, lost, wonCents, cycle is double s ? s / 86_400 : null, perRep, leaderboard, leaders);
    }
}
