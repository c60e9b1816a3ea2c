using Crm.Web.Features.Shared;
using Crm.Web.Features.Tickets;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Dashboard;

/// <summary>
/// Support's figures over the tickets the user may see (narrowed to the team for a manager): open tickets by priority,
/// SLA compliance of the tickets resolved in the period (resolved by their resolution deadline and never breached),
/// tickets breaching now and at risk, and the average first-response and resolution times (calendar hours from creation).
/// </summary>
public sealed class SupportFigures(CrmDbContext db, IStringLocalizer<SharedResource> l)
{
    public sealed record Result(
        DashboardChart OpenByPriority,
        int ResolvedWithSla,
        int ResolvedInTime,
        int BreachingNow,
        int AtRiskNow,
        double? FirstResponseHours,
        double? ResolutionHours)
    {
        public decimal? Compliance => ResolvedWithSla == 0 ? null : (decimal)ResolvedInTime / ResolvedWithSla;
    }

    public async Task<Result> Handle(CrmUser user, DashboardScope? scope, DashboardPeriod period, CancellationToken ct)
    {
        var tickets = db.Tickets.AsNoTracking().VisibleTo(user);
        if (scope is not null)
        {
            tickets = scope.Apply(tickets);
        }

        var owner = scope?.ListOwner is string o ? $"&owner={Uri.EscapeDataString(o)}" : string.Empty;
        var open = await tickets.Where(t => t.InQueue == 1)
            .GroupBy(t => t.Priority)
            .Select(g => new { Priority = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var byPriority = new DashboardChart(
            "tickets",
            DashboardChart.Doughnut,
            Money: false,
            Enum.GetValues<TicketPriority>().Reverse()
                .Select(p => new ChartPoint(l[EnumLabels.Of(p)], open.Where(x => x.Priority == p).Sum(x => x.Count), $"/Tickets?queue={TicketList.All}&status={TicketList.OpenStatuses}&priority={p}{owner}"))
                .ToList());

        var (from, to) = (period.StartUtc, period.EndUtc);
        var resolved = await tickets.Where(t => t.ResolvedAt >= from && t.ResolvedAt < to && t.ResolutionDueAt != null)
            .GroupBy(t => 1)
            .Select(g => new { All = g.Count(), InTime = g.Count(t => t.BreachedAt == null && t.ResolvedAt <= t.ResolutionDueAt) })
            .FirstOrDefaultAsync(ct);
        var now = await tickets.Where(t => t.InQueue == 1 && (t.SlaState == SlaState.Breached || t.SlaState == SlaState.AtRisk))
            .GroupBy(t => t.SlaState)
            .Select(g => new { State = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var firstResponse = await tickets.Where(t => t.CreatedAt >= from && t.CreatedAt < to && t.FirstRespondedAt != null)
            .Select(t => (double?)SqlDuration.Seconds(t.CreatedAt, t.FirstRespondedAt!.Value))
            .AverageAsync(ct);
        var resolution = await tickets.Where(t => t.ResolvedAt >= from && t.ResolvedAt < to)
            .Select(t => (double?)SqlDuration.Seconds(t.CreatedAt, t.ResolvedAt!.Value))
            .AverageAsync(ct);

        return new Result(
            byPriority,
            resolved?.All ?? 0,
            resolved?.InTime ?? 0,
            now.Where(n => n.State == SlaState.Breached).Sum(n => n.Count),
            now.Where(n => n.State == SlaState.AtRisk).Sum(n => n.Count),
            firstResponse / 3600,
            resolution / 3600);
    }
}
