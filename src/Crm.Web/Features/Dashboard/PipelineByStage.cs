using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Dashboard;

/// <summary>Open deals by stage (count and amount in the company's currency), in one grouped query, stages in pipeline order.</summary>
public static class PipelineByStage
{
    public static async Task<DashboardChart> ReadAsync(CrmDbContext db, string id, IQueryable<Deal> deals, Func<int, string> url, CancellationToken ct)
    {
        var sums = await deals.Where(d => d.Status == DealStatus.Open)
            .GroupBy(d => d.StageId)
            .Select(g => new { StageId = g.Key, Count = g.Count(), Cents = g.Sum(d => d.AmountDefaultCents) })
            .ToListAsync(ct);
        var used = sums.Select(x => x.StageId).ToList();
        var stages = await db.PipelineStages.AsNoTracking()
            .Where(s => s.RemovedAt == null || used.Contains(s.Id))
            .OrderBy(s => s.Pipeline!.Position).ThenBy(s => s.PipelineId).ThenBy(s => s.Position)
            .Select(s => new { s.Id, s.Name, s.PipelineId, Pipeline = s.Pipeline!.Name })
            .ToListAsync(ct);
        var several = stages.Select(s => s.PipelineId).Distinct().Count() > 1;
        var points = stages
            .Select(s => (Stage: s, Sum: sums.FirstOrDefault(x => x.StageId == s.Id)))
            .Where(x => x.Sum is not null || !several)
            .Select(x => new ChartPoint(several ? $"{x.Stage.Pipeline} · {x.Stage.Name}" : x.Stage.Name, x.Sum?.Cents ?? 0, url(x.Stage.Id)) { Count = x.Sum?.Count ?? 0 })
            .ToList();
        return new DashboardChart(id, DashboardChart.Bar, Money: true, points);
    }
}
