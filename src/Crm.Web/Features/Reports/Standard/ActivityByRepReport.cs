using Crm.Web.Features.Activities;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Reports.Standard;

/// <summary>
/// What each user logged in the period (calls, emails, meetings, notes, by when they happened) and the tasks they
/// completed, counting only entries on records the user running the report may see and tasks they may see. The owner
/// and team filters pick the authors (a team: its members).
/// </summary>
public sealed class ActivityByRepReport(ReportServices services) : StandardReport(services)
{
    public override string Name => "activity-by-rep";
    public override string Title => "Activity by rep";
    public override string Description => "Calls, emails, meetings and notes logged and tasks completed in the period, per user.";
    public override ReportArea Area => ReportArea.Activity;
    protected override RecordKind? Kind => null;
    protected override IReadOnlySet<string> WideRoles { get; } = new HashSet<string>([Roles.Admin, Roles.Manager]);
    protected override bool DefaultsToThisMonth => true;

    protected override async Task<(ReportTable, IReadOnlyList<string?>, ReportChart)> ComputeAsync(StandardReportKey key, ReportScope scope, string currency, CancellationToken ct)
    {
        var (start, end) = Bounds(key);
        var user = scope.User;
        var entries = Db.Activities.AsNoTracking().Where(a => a.CreatedById != null);
        var tasks = Db.Tasks.AsNoTracking().VisibleTo(user).Where(t => t.CompletedAt != null && t.CompletedById != null);
        if (start is { } s)
        {
            entries = entries.Where(a => a.OccurredAt >= s);
            tasks = tasks.Where(t => t.CompletedAt >= s);
        }

        if (end is { } e)
        {
            entries = entries.Where(a => a.OccurredAt < e);
            tasks = tasks.Where(t => t.CompletedAt < e);
        }

        var author = !scope.Wide ? user.Id : key.Owner == Shared.ListQuery.OwnerMe ? user.Id : key.Owner;
        if (author is not null)
        {
            entries = entries.Where(a => a.CreatedById == author);
            tasks = tasks.Where(t => t.CompletedById == author);
        }

        if (scope.Wide && key.Team is int team)
        {
            entries = entries.Where(a => Db.Users.Any(u => u.Id == a.CreatedById && u.TeamId == team));
            tasks = tasks.Where(t => Db.Users.Any(u => u.Id == t.CompletedById && u.TeamId == team));
        }

        var logged = await entries.SeenBy(user, Db, Kinds)
            .GroupBy(a => a.CreatedById)
            .Select(g => new
            {
                UserId = g.Key!,
                Calls = g.Count(a => a.Kind == ActivityKind.Call),
                Emails = g.Count(a => a.Kind == ActivityKind.Email),
                Meetings = g.Count(a => a.Kind == ActivityKind.Meeting),
                Notes = g.Count(a => a.Kind == ActivityKind.Note),
            })
            .ToListAsync(ct);
        var done = await tasks.GroupBy(t => t.CompletedById).Select(g => new { UserId = g.Key!, Count = g.Count() }).ToDictionaryAsync(t => t.UserId, t => t.Count, ct);

        var ids = logged.Select(l => l.UserId).Union(done.Keys).ToList();
        var names = await UserNamesAsync(ids, ct);
        var byUser = logged.ToDictionary(l => l.UserId);
        var rows = ids.OrderBy(id => names.GetValueOrDefault(id, id), StringComparer.CurrentCultureIgnoreCase)
            .Select(id =>
            {
                var l = byUser.GetValueOrDefault(id);
                int calls = l?.Calls ?? 0, emails = l?.Emails ?? 0, meetings = l?.Meetings ?? 0, notes = l?.Notes ?? 0, completed = done.GetValueOrDefault(id);
                return new object?[] { names.GetValueOrDefault(id, id), calls, emails, meetings, notes, completed, calls + emails + meetings + notes + completed };
            })
            .ToList();
        var columns = new[]
        {
            Column("user", "User", ReportValueType.Text, width: 24),
            Column("calls", "Calls", ReportValueType.Count, width: 10),
            Column("emails", "Emails", ReportValueType.Count, width: 10),
            Column("meetings", "Meetings", ReportValueType.Count, width: 10),
            Column("notes", "Notes", ReportValueType.Count, width: 10),
            Column("tasks", "Tasks completed", ReportValueType.Count, width: 12),
            Column("total", "Total", ReportValueType.Count, width: 10),
        };
        var labels = rows.Select(r => (string)r[0]!).ToList();
        var series = Enumerable.Range(1, 5).Select(i => new ReportSeries(L[columns[i].Header], rows.Select(r => (decimal)(int)r[i]!).ToList())).ToList();

        // Entries have no list of their own, and the tasks list filters by owner, not by who completed them.
        return (new ReportTable(Title, columns, rows, []), rows.Select(_ => (string?)null).ToList(), new ReportChart(ReportChart.Bar, true, ReportValueType.Count, labels, series));
    }
}
