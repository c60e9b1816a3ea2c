using Crm.Web.Features.Campaigns;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Dashboard;

/// <summary>
/// Marketing's figures: the results of the latest campaigns the user may see (<see cref="CampaignResults"/>, computed in
/// SQL) and the contacts created in the period by lead source.
/// </summary>
public sealed class MarketingFigures(CrmDbContext db, CampaignResults results, IStringLocalizer<SharedResource> l)
{
    public const int CampaignsShown = 5;

    /// <summary>Sources past this many are added up as "Other sources".</summary>
    public const int SourcesShown = 8;

    public sealed record CampaignRow(int Id, string Name, DateOnly? StartDate, CampaignResults.Figures Figures);

    public sealed record Result(IReadOnlyList<CampaignRow> Campaigns, DashboardChart CampaignLeads, DashboardChart LeadsBySource, int NewLeads);

    public async Task<Result> Handle(CrmUser user, DashboardScope? scope, DashboardPeriod period, CancellationToken ct)
    {
        var campaigns = db.Campaigns.AsNoTracking().VisibleTo(user);
        var contacts = db.Contacts.AsNoTracking().VisibleTo(user);
        if (scope is not null)
        {
            campaigns = scope.Apply(campaigns);
            contacts = scope.Apply(contacts);
        }

        // The campaigns that started by the period's end, the latest first.
        var end = period.End;
        var latest = await campaigns.Where(c => c.StartDate == null || c.StartDate < end)
            .OrderByDescending(c => c.StartDate ?? DateOnly.MinValue).ThenByDescending(c => c.Id)
            .Take(CampaignsShown)
            .Select(c => new { c.Id, c.Name, c.StartDate })
            .ToListAsync(ct);
        var rows = new List<CampaignRow>(latest.Count);
        foreach (var c in latest)
        {
            if (await results.ForAsync(c.Id, user, ct) is { } figures)
            {
                rows.Add(new CampaignRow(c.Id, c.Name, c.StartDate, figures));
            }
        }

        var campaignLeads = new DashboardChart(
            "campaigns",
            DashboardChart.Bar,
            Money: false,
            rows.Select(r => new ChartPoint(r.Name, r.Figures.Leads, $"/Campaigns/Details/{r.Id}") { Count = r.Figures.Members }).ToList());

        var (from, to) = (period.StartUtc, period.EndUtc);
        var sources = await contacts.Where(c => c.CreatedAt >= from && c.CreatedAt < to)
            .GroupBy(c => c.LeadSource)
            .Select(g => new { Source = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var range = $"&from={period.Start:yyyy-MM-dd}&to={period.LastDay:yyyy-MM-dd}" + (scope?.ListOwner is string o ? $"&owner={Uri.EscapeDataString(o)}" : string.Empty);
        var ordered = sources.OrderByDescending(s => s.Count).ThenBy(s => s.Source, StringComparer.CurrentCultureIgnoreCase).ToList();
        var points = ordered.Take(SourcesShown)
            .Select(s => new ChartPoint(
                string.IsNullOrWhiteSpace(s.Source) ? l["No source"] : s.Source,
                s.Count,
                string.IsNullOrWhiteSpace(s.Source) ? null : $"/Contacts?source={Uri.EscapeDataString(s.Source)}{range}"))
            .ToList();
        if (ordered.Count > SourcesShown)
        {
            points.Add(new ChartPoint(l["Other sources"], ordered.Skip(SourcesShown).Sum(s => s.Count), null));
        }

        return new Result(rows, campaignLeads, new DashboardChart("sources", DashboardChart.Doughnut, Money: false, points), sources.Sum(s => s.Count));
    }
}
