using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Reports.Standard;

/// <summary>
/// The open pipeline now, by stage and owner: deals, amount and weighted amount (amount × the stage's probability, as the
/// forecast weighs it), in the company's currency. No period: it is what stands in the pipeline today.
/// </summary>
public sealed class PipelineByStageReport(ReportServices services) : StandardReport(services)
{
    public override string Name => "pipeline-by-stage";
    public override string Title => "Pipeline by stage and owner";
    public override string Description => "Open deals in each stage, per owner: how many, their amount and their amount weighted by the stage's probability.";
    public override ReportArea Area => ReportArea.Sales;
    protected override RecordKind Kind => Deal.Kind;
    protected override IReadOnlySet<string> WideRoles { get; } = new HashSet<string>([Roles.Admin, Roles.Manager]);
    public override bool HasPeriod => false;

    protected override async Task<(ReportTable, IReadOnlyList<string?>, ReportChart)> ComputeAsync(StandardReportKey key, ReportScope scope, string currency, CancellationToken ct)
    {
        var open = Narrow(Db.Deals.AsNoTracking().VisibleTo(scope.User).Where(d => d.Status == DealStatus.Open), key, scope);
        var sums = await open.GroupBy(d => new { d.StageId, d.OwnerId })
            .Select(g => new { g.Key.StageId, g.Key.OwnerId, Count = g.Count(), Cents = g.Sum(d => d.AmountDefaultCents) })
            .ToListAsync(ct);
        var stageIds = sums.Select(s => s.StageId).Distinct().ToList();
        var stages = await Db.PipelineStages.AsNoTracking().Where(s => stageIds.Contains(s.Id))
            .Select(s => new { s.Id, s.Name, s.Position, s.Probability, Pipeline = s.Pipeline!.Name, PipelinePosition = s.Pipeline.Position, s.PipelineId })
            .ToDictionaryAsync(s => s.Id, ct);
        var names = await UserNamesAsync(sums.Select(s => s.OwnerId), ct);
        string Owner(string? id) => id is null ? L["No owner"] : names.GetValueOrDefault(id, id);

        var ordered = sums.Where(s => stages.ContainsKey(s.StageId))
            .OrderBy(s => stages[s.StageId].PipelinePosition).ThenBy(s => stages[s.StageId].PipelineId).ThenBy(s => stages[s.StageId].Position)
            .ThenBy(s => s.OwnerId is null).ThenBy(s => Owner(s.OwnerId), StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        var rows = ordered.Select(s =>
        {
            var stage = stages[s.StageId];
            var weighted = DealForecast.Divide(s.Cents * stage.Probability, 100);
            return new object?[] { stage.Pipeline, stage.Name, Owner(s.OwnerId), s.Count, Money.FromCents(s.Cents), Money.FromCents(weighted) };
        }).ToList();
        // The deals list has no team filter: with one set, a row's deals are not a list of their own.
        var links = ordered.Select(s => scope.Wide && key.Team is not null ? null : (string?)Link("/Deals", ("stage", s.StageId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("status", nameof(DealStatus.Open)), ("owner", OwnerParameter(s.OwnerId)))).ToList();
        var columns = new[]
        {
            Column("pipeline", "Pipeline", ReportValueType.Text, width: 22),
            Column("stage", "Stage", ReportValueType.Text, width: 22),
            Column("owner", "Owner", ReportValueType.Text, width: 24),
            Column("deals", "Deals", ReportValueType.Count, width: 10),
            Column("amount", "Amount", ReportValueType.Money, currency, 16),
            Column("weighted", "Weighted amount", ReportValueType.Money, currency, 18),
        };

        // The chart: the amount of each stage, one stacked bar per owner.
        var stageOrder = ordered.Select(s => s.StageId).Distinct().ToList();
        var several = stageOrder.Select(id => stages[id].PipelineId).Distinct().Count() > 1;
        var labels = stageOrder.Select(id => several ? $"{stages[id].Pipeline} › {stages[id].Name}" : stages[id].Name).ToList();
        var series = ordered.Select(s => s.OwnerId).Distinct()
            .Select(owner => new ReportSeries(Owner(owner), stageOrder.Select(id => Money.FromCents(ordered.Where(s => s.StageId == id && s.OwnerId == owner).Sum(s => s.Cents))).ToList()))
            .ToList();
        return (new ReportTable(Title, columns, rows, []), links, new ReportChart(ReportChart.Bar, true, ReportValueType.Money, labels, series));
    }
}
