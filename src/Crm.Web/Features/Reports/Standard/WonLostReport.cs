using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Reports.Standard;

/// <summary>
/// Deals closed in the period (won or lost, by their closing time in the user's zone), lost ones per reason: how many,
/// their amount and their share of the deals closed. A deal reopened since counts no more: it is open.
/// </summary>
public sealed class WonLostReport(ReportServices services) : StandardReport(services)
{
    public override string Name => "won-lost";
    public override string Title => "Won and lost deals";
    public override string Description => "Deals won and lost in the period, lost ones per reason: how many, their amount and their share of the deals closed.";
    public override ReportArea Area => ReportArea.Sales;
    protected override RecordKind Kind => Deal.Kind;
    protected override IReadOnlySet<string> WideRoles { get; } = new HashSet<string>([Roles.Admin, Roles.Manager]);
    protected override bool DefaultsToThisMonth => true;

    protected override async Task<(ReportTable, IReadOnlyList<string?>, ReportChart)> ComputeAsync(StandardReportKey key, ReportScope scope, string currency, CancellationToken ct)
    {
        var (start, end) = Bounds(key);
        var closed = Narrow(Db.Deals.AsNoTracking().VisibleTo(scope.User).Where(d => d.Status == DealStatus.Won || d.Status == DealStatus.Lost), key, scope);
        if (start is { } s)
        {
            closed = closed.Where(d => d.ClosedAt >= s);
        }

        if (end is { } e)
        {
            closed = closed.Where(d => d.ClosedAt < e);
        }

        var sums = await closed.GroupBy(d => new { d.Status, d.LostReason })
            .Select(g => new { g.Key.Status, g.Key.LostReason, Count = g.Count(), Cents = g.Sum(d => d.AmountDefaultCents) })
            .ToListAsync(ct);

        // Won first, then the reasons most deals were lost for; a reason is one row whatever its case or spaces.
        var won = sums.Where(x => x.Status == DealStatus.Won).ToList();
        var groups = new List<(string Outcome, string Reason, int Count, long Cents)>();
        if (won.Count > 0)
        {
            groups.Add((L["Won"], string.Empty, won.Sum(x => x.Count), won.Sum(x => x.Cents)));
        }

        groups.AddRange(sums.Where(x => x.Status == DealStatus.Lost)
            .GroupBy(x => string.IsNullOrWhiteSpace(x.LostReason) ? string.Empty : x.LostReason.Trim(), StringComparer.CurrentCultureIgnoreCase)
            .Select(g => ((string)L["Lost"], g.Key.Length == 0 ? (string)L["No reason given"] : g.OrderByDescending(x => x.Count).ThenBy(x => x.LostReason, StringComparer.Ordinal).First().LostReason!.Trim(), g.Sum(x => x.Count), g.Sum(x => x.Cents)))
            .OrderByDescending(g => g.Item3).ThenBy(g => g.Item2, StringComparer.CurrentCultureIgnoreCase));
        var total = groups.Sum(g => g.Count);
        var rows = groups.Select(g => new object?[] { g.Outcome, g.Reason, g.Count, Money.FromCents(g.Cents), total == 0 ? null : (decimal)g.Count / total }).ToList();
        var columns = new[]
        {
            Column("outcome", "Outcome", ReportValueType.Text, width: 12),
            Column("reason", "Lost reason", ReportValueType.Text, width: 30),
            Column("deals", "Deals", ReportValueType.Count, width: 10),
            Column("amount", "Amount", ReportValueType.Money, currency, 16),
            Column("share", "Share of closed deals", ReportValueType.Percent, width: 14),
        };
        var labels = groups.Select(g => g.Reason.Length == 0 ? g.Outcome : $"{g.Outcome} · {g.Reason}").ToList();
        var chart = new ReportChart(ReportChart.Doughnut, false, ReportValueType.Count, labels, [new ReportSeries(L["Deals"], groups.Select(g => (decimal)g.Count).ToList())]);

        // The deals list filters by status and owner, not by closing date or reason: a row has no list of exactly its deals.
        return (new ReportTable(Title, columns, rows, []), rows.Select(_ => (string?)null).ToList(), chart);
    }
}
