using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Reports.Standard;

/// <summary>Contacts created in the period (all time by default) by lead source and lifecycle stage.</summary>
public sealed class ContactsBySourceReport(ReportServices services) : StandardReport(services)
{
    public override string Name => "contacts-by-source";
    public override string Title => "Contacts by source and lifecycle stage";
    public override string Description => "Contacts created in the period, per lead source and lifecycle stage.";
    public override ReportArea Area => ReportArea.Contacts;
    protected override RecordKind Kind => Contact.Kind;
    protected override IReadOnlySet<string> WideRoles { get; } = new HashSet<string>([Roles.Admin, Roles.Manager, Roles.Marketing]);

    protected override async Task<(ReportTable, IReadOnlyList<string?>, ReportChart)> ComputeAsync(StandardReportKey key, ReportScope scope, string currency, CancellationToken ct)
    {
        var (start, end) = Bounds(key);
        var contacts = Narrow(Db.Contacts.AsNoTracking().VisibleTo(scope.User), key, scope);
        if (start is { } s)
        {
            contacts = contacts.Where(c => c.CreatedAt >= s);
        }

        if (end is { } e)
        {
            contacts = contacts.Where(c => c.CreatedAt < e);
        }

        var counts = await contacts.GroupBy(c => new { c.LeadSource, c.LifecycleStage })
            .Select(g => new { g.Key.LeadSource, g.Key.LifecycleStage, Count = g.Count() })
            .ToListAsync(ct);

        // Sources by how many contacts they brought; "no source" last. Stages in their lifecycle order.
        var bySource = counts
            .GroupBy(c => string.IsNullOrWhiteSpace(c.LeadSource) ? null : c.LeadSource.Trim(), StringComparer.CurrentCultureIgnoreCase)
            .OrderBy(g => g.Key is null).ThenByDescending(g => g.Sum(c => c.Count)).ThenBy(g => g.Key, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        var ordered = bySource.SelectMany(g => g.GroupBy(c => c.LifecycleStage).OrderBy(s => s.Key)
                .Select(s => (Source: g.Key, Stored: s.First().LeadSource, Stage: s.Key, Count: s.Sum(c => c.Count))))
            .ToList();
        string Source(string? source) => source ?? L["No source"];
        var rows = ordered.Select(r => new object?[] { Source(r.Source), Label(r.Stage), r.Count }).ToList();

        // The contacts list matches a source exactly: a row with no source, or one written several ways, has no exact list.
        var links = ordered.Select(r => r.Source is null || (scope.Wide && key.Team is not null) || bySource.First(g => g.Key == r.Source).Select(c => c.LeadSource).Distinct().Count() > 1
            ? null
            : (string?)Link("/Contacts", ("source", r.Stored), ("stage", r.Stage.ToString()), ("owner", scope.Wide ? key.Owner : Shared.ListQuery.OwnerMe), ("from", Day(key.From)), ("to", Day(key.To))))
            .ToList();
        var columns = new[]
        {
            Column("source", "Lead source", ReportValueType.Text, width: 24),
            Column("stage", "Lifecycle stage", ReportValueType.Text, width: 24),
            Column("contacts", "Contacts", ReportValueType.Count, width: 12),
        };
        var stages = ordered.Select(r => r.Stage).Distinct().Order().ToList();
        var labels = bySource.Select(g => Source(g.Key)).ToList();
        var series = stages.Select(stage => new ReportSeries(Label(stage), bySource.Select(g => (decimal)g.Where(c => c.LifecycleStage == stage).Sum(c => c.Count)).ToList())).ToList();
        return (new ReportTable(Title, columns, rows, []), links, new ReportChart(ReportChart.Bar, true, ReportValueType.Count, labels, series));
    }
}
