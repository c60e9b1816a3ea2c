using System.Globalization;
using System.Linq.Expressions;
using Crm.Web.Features.Tickets;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Reports.Standard;

/// <summary>
/// Tickets opened in the period, per priority or per queue: how many, how many resolved and the share of those resolved
/// without a breach, how many breached a deadline (first response or resolution, even if resolved since), and the
/// average hours to the first response and to the resolution (calendar hours, of the tickets that have one).
/// </summary>
public sealed class TicketSlaReport(ReportServices services) : StandardReport(services)
{
    public override string Name => "ticket-sla";
    public override string Title => "Ticket SLA";
    public override string Description => "Tickets opened in the period per priority or queue: resolved within their SLA, breached, and average first response and resolution times.";
    public override ReportArea Area => ReportArea.Support;
    protected override RecordKind Kind => Ticket.Kind;
    protected override IReadOnlySet<string> WideRoles { get; } = new HashSet<string>([Roles.Admin, Roles.Manager, Roles.Support]);
    protected override bool DefaultsToThisMonth => true;
    public override bool HasBy => true;

    protected override async Task<(ReportTable, IReadOnlyList<string?>, ReportChart)> ComputeAsync(StandardReportKey key, ReportScope scope, string currency, CancellationToken ct)
    {
        var (start, end) = Bounds(key);
        var tickets = Narrow(Db.Tickets.AsNoTracking().VisibleTo(scope.User), key, scope);
        if (start is { } s)
        {
            tickets = tickets.Where(t => t.CreatedAt >= s);
        }

        if (end is { } e)
        {
            tickets = tickets.Where(t => t.CreatedAt < e);
        }

        var byQueue = key.By == StandardReportKey.ByQueue;
        // The grouping as a member-init key EF translates; a priority is compared as stored (its name), never cast.
        Expression<Func<Ticket, TicketGroup>> group = byQueue ? t => new TicketGroup { Team = t.TeamId } : t => new TicketGroup { Priority = t.Priority };
        var sums = await tickets
            .GroupBy(group)
            .Select(g => new
            {
                g.Key.Team,
                g.Key.Priority,
                Tickets = g.Count(),
                Resolved = g.Count(t => t.ResolvedAt != null),
                ResolvedInSla = g.Count(t => t.ResolvedAt != null && t.BreachedAt == null && t.SlaState != SlaState.Breached),
                Breached = g.Count(t => t.BreachedAt != null || t.SlaState == SlaState.Breached),
                FirstResponse = g.Where(t => t.FirstRespondedAt != null).Average(t => (double?)SqlDuration.Seconds(t.CreatedAt, t.FirstRespondedAt!.Value)),
                Resolution = g.Where(t => t.ResolvedAt != null).Average(t => (double?)SqlDuration.Seconds(t.CreatedAt, t.ResolvedAt!.Value)),
            })
            .ToListAsync(ct);

        var teamIds = byQueue ? sums.Select(x => x.Team).OfType<int>().ToList() : [];
        var teams = await Db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var ordered = byQueue
            ? sums.OrderBy(x => x.Team is null).ThenBy(x => x.Team is int id ? teams.GetValueOrDefault(id, string.Empty) : string.Empty, StringComparer.CurrentCultureIgnoreCase).ToList()
            : sums.OrderByDescending(x => x.Priority).ToList();
        string Group(int? team, TicketPriority? priority) => byQueue
            ? team is int id ? teams.GetValueOrDefault(id, id.ToString(CultureInfo.CurrentCulture)) : L["No queue"]
            : Label(priority!.Value);
        static decimal? Hours(double? seconds) => seconds is double v ? decimal.Round((decimal)v / 3600m, 1, MidpointRounding.AwayFromZero) : null;

        var rows = ordered.Select(x => new object?[]
        {
            Group(x.Team, x.Priority), x.Tickets, x.Resolved, x.Resolved == 0 ? null : (decimal)x.ResolvedInSla / x.Resolved, x.Breached, Hours(x.FirstResponse), Hours(x.Resolution),
        }).ToList();

        // A priority's tickets open in the list with the same period and owner; the list has no queue filter by team.
        var links = ordered.Select(x => byQueue || key.Team is not null
            ? null
            : (string?)Link("/Tickets", ("queue", TicketList.All), ("priority", x.Priority!.Value.ToString()), ("owner", scope.Wide ? key.Owner : Shared.ListQuery.OwnerMe), ("from", Day(key.From)), ("to", Day(key.To))))
            .ToList();
        var columns = new[]
        {
            Column("group", byQueue ? "Queue" : "Priority", ReportValueType.Text, width: 20),
            Column("tickets", "Tickets", ReportValueType.Count, width: 10),
            Column("resolved", "Resolved", ReportValueType.Count, width: 10),
            Column("within", "Resolved within SLA", ReportValueType.Percent, width: 14),
            Column("breached", "Breached", ReportValueType.Count, width: 10),
            Column("first", "Average first response", ReportValueType.Hours, width: 16),
            Column("resolution", "Average resolution", ReportValueType.Hours, width: 16),
        };
        var labels = rows.Select(r => (string)r[0]!).ToList();
        var series = new[] { 1, 4 }.Select(i => new ReportSeries(L[columns[i].Header], rows.Select(r => (decimal)(int)r[i]!).ToList())).ToList();
        return (new ReportTable(Title, columns, rows, []), links, new ReportChart(ReportChart.Bar, false, ReportValueType.Count, labels, series));
    }

    private sealed class TicketGroup
    {
        public int? Team { get; init; }
        public TicketPriority? Priority { get; init; }
    }
}
