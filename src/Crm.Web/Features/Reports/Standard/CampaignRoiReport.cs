using Crm.Web.Features.Campaigns;
using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Reports.Standard;

/// <summary>
/// Every campaign the user may see (starting in the period, when one is set), with the figures its own page shows,
/// computed by <see cref="CampaignResults"/> for all of them at once: cost (its budget), members, responses, conversions,
/// deals influenced, revenue won on them and ROI ((revenue − cost) / cost).
/// </summary>
public sealed class CampaignRoiReport(ReportServices services, CampaignResults results) : StandardReport(services)
{
    public override string Name => "campaign-roi";
    public override string Title => "Campaign ROI";
    public override string Description => "Each campaign's cost, members, responses, conversions, deals influenced, revenue won and return on investment.";
    public override ReportArea Area => ReportArea.Marketing;
    protected override RecordKind Kind => Campaign.Kind;
    protected override IReadOnlySet<string> WideRoles { get; } = new HashSet<string>([Roles.Admin, Roles.Manager, Roles.Marketing]);

    protected override async Task<(ReportTable, IReadOnlyList<string?>, ReportChart)> ComputeAsync(StandardReportKey key, ReportScope scope, string currency, CancellationToken ct)
    {
        var campaigns = Narrow(Db.Campaigns.AsNoTracking(), key, scope);
        if (key.From is { } from)
        {
            campaigns = campaigns.Where(c => c.StartDate >= from);
        }

        if (key.To is { } to)
        {
            campaigns = campaigns.Where(c => c.StartDate <= to);
        }

        var figures = await results.ForManyAsync(campaigns, scope.User, ct);
        var ids = figures.Keys.ToList();
        var names = await Db.Campaigns.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var ordered = figures.OrderByDescending(f => f.Value.RevenueWonCents).ThenBy(f => names[f.Key], StringComparer.CurrentCultureIgnoreCase).ToList();
        var rows = ordered.Select(f => new object?[]
        {
            names[f.Key], Money.FromCents(f.Value.BudgetCents), f.Value.Members, f.Value.Responded, f.Value.Converted, f.Value.DealsInfluenced, Money.FromCents(f.Value.RevenueWonCents), f.Value.Roi,
        }).ToList();
        var links = ordered.Select(f => (string?)Campaign.Kind.DetailsPath(f.Key)).ToList();
        var columns = new[]
        {
            Column("campaign", "Campaign", ReportValueType.Text, width: 30),
            Column("cost", "Cost", ReportValueType.Money, currency, 14),
            Column("members", "Members", ReportValueType.Count, width: 10),
            Column("responded", "Responded", ReportValueType.Count, width: 11),
            Column("converted", "Converted", ReportValueType.Count, width: 11),
            Column("deals", "Deals influenced", ReportValueType.Count, width: 12),
            Column("revenue", "Revenue won", ReportValueType.Money, currency, 16),
            Column("roi", "ROI", ReportValueType.Percent, width: 10),
        };
        var labels = rows.Select(r => (string)r[0]!).ToList();
        var series = new[] { 1, 6 }.Select(i => new ReportSeries(L[columns[i].Header], rows.Select(r => (decimal)r[i]!).ToList())).ToList();
        return (new ReportTable(Title, columns, rows, []), links, new ReportChart(ReportChart.Bar, false, ReportValueType.Money, labels, series));
    }
}
