using System.Text.Json;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Reports.Builder;

public sealed record TeamChoice(int Id, string Name);

/// <summary>The builder page: the form, the kinds the user reads, the chosen kind's fields, the teams to share with, a preview.</summary>
public sealed record BuilderPage(int? Id, ReportForm Form, IReadOnlyList<RecordKind> Kinds, RecordKind? Kind, ReportFieldList? Fields, IReadOnlyList<TeamChoice> Teams, ReportResult? Preview = null);

/// <summary>A report's result as a page shows it: the table (its first rows when not grouped), and the chart's data as JSON.</summary>
public sealed record ReportResult(ReportTable Table, ReportChartType Chart, string? ChartJson, bool Truncated);

public sealed record RunPage(SavedReport Report, string KindName, bool CanEdit, ReportResult? Result, IReadOnlyList<FieldError> Errors);

public sealed record SavedRow(int Id, string Name, string Kind, string OwnerName, string? TeamName, DateTime UpdatedAt, bool CanEdit);

public sealed record SavedList(IReadOnlyList<SavedRow> Rows, string? Query, int Page, bool HasNext, IReadOnlyDictionary<string, string> KindNames);

/// <summary>The builder's use cases: the form's choices, checking, saving, listing, running and deleting saved reports.</summary>
public sealed class SavedReports(CrmDbContext db, RecordKinds kinds, ReportFieldCatalog catalog, SavedReportRunner runner, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const int PageSize = 25;

    /// <summary>Rows a page shows of a report that is not grouped; the export has them all.</summary>
    public const int ShownRows = 100;

    public async Task<BuilderPage> BuilderAsync(int? id, ReportForm form, CrmUser user, CancellationToken ct)
    {
        var readable = kinds.All.Where(user.Reads).ToList();
        var kind = readable.FirstOrDefault(k => k.Key == form.Kind);
        var fields = kind is null ? null : await catalog.ForAsync(kind, ct);
        return new BuilderPage(id, form, readable, kind, fields, await TeamsAsync(user, ct));
    }

    public async Task<IReadOnlyList<TeamChoice>> TeamsAsync(CrmUser user, CancellationToken ct)
    {
        var teams = db.Teams.AsNoTracking();
        if (!user.IsIn(Roles.Admin))
        {
            var mine = user.Teams.ToList();
            teams = teams.Where(t => mine.Contains(t.Id));
        }

        return await teams.OrderBy(t => t.Name).Select(t => new TeamChoice(t.Id, t.Name)).ToListAsync(ct);
    }

    /// <summary>The form checked as a whole: name and team when saving, and the definition against the kind.</summary>
    public async Task<(PreparedReport? Prepared, List<FieldError> Errors)> CheckAsync(ReportForm form, CrmUser user, bool saving, CancellationToken ct)
    {
        var name = form.Name?.Trim() ?? string.Empty;
        var errors = new List<FieldError>();
        if (saving && name.Length == 0)
        {
            errors.Add(new(nameof(ReportForm.Name), l["Give the report a name."]));
        }
        else if (name.Length > SavedReport.MaxNameLength)
        {
            errors.Add(new(nameof(ReportForm.Name), l["The name is longer than {0} characters.", SavedReport.MaxNameLength]));
        }

        if (form.SharedTeamId is { } team && (await TeamsAsync(user, ct)).All(t => t.Id != team))
        {
            errors.Add(new(nameof(ReportForm.SharedTeamId), l["Share the report with one of your teams."]));
        }

        var (prepared, definitionErrors) = await runner.CheckAsync(name.Length == 0 ? l["Preview"] : name, form, user, ct);
        errors.AddRange(definitionErrors);
        if (prepared is not null && prepared.Definition.ToJson().Length > SavedReport.MaxDefinitionLength)
        {
            errors.Add(new(string.Empty, l["The report is too long to be saved: remove some filters or columns."]));
        }

        return (errors.Count == 0 ? prepared : null, errors);
    }

    /// <summary>Creates the report, or saves the one the user may edit; its id, or null when it is not theirs to edit.</summary>
    public async Task<int?> SaveAsync(int? id, ReportForm form, PreparedReport prepared, CrmUser user, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        SavedReport? report;
        if (id is { } existing)
        {
            report = await db.SavedReports.EditableBy(user).FirstOrDefaultAsync(r => r.Id == existing, ct);
            if (report is null)
            {
                return null;
            }
        }
        else
        {
            report = new SavedReport { OwnerId = user.Id, CreatedAt = now };
            db.SavedReports.Add(report);
        }

        report.Name = form.Name!.Trim();
        report.Kind = prepared.Kind.Key;
        report.Definition = prepared.Definition.ToJson();
        report.SharedTeamId = form.SharedTeamId;
        report.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return report.Id;
    }

    public Task<SavedReport?> EditableAsync(int id, CrmUser user, CancellationToken ct) =>
        db.SavedReports.AsNoTracking().EditableBy(user).FirstOrDefaultAsync(r => r.Id == id, ct);

    public async Task<string?> DeleteAsync(int id, CrmUser user, CancellationToken ct)
    {
        var report = await db.SavedReports.EditableBy(user).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null)
        {
            return null;
        }

        db.SavedReports.Remove(report);
        await db.SaveChangesAsync(ct);
        return report.Name;
    }

    public async Task<SavedList> ListAsync(CrmUser user, string? query, int page, CancellationToken ct)
    {
        page = Math.Clamp(page, 1, 10_000);
        var reports = db.SavedReports.AsNoTracking().ReadableBy(user);
        var search = query?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            reports = reports.Where(r => r.Name.Contains(search));
        }

        var isAdmin = user.IsIn(Roles.Admin);
        var me = user.Id;
        var rows = await reports.OrderBy(r => r.Name).ThenBy(r => r.Id).Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(r => new SavedRow(
                r.Id, r.Name, r.Kind,
                db.Users.Where(u => u.Id == r.OwnerId).Select(u => u.DisplayName).FirstOrDefault() ?? string.Empty,
                db.Teams.Where(t => t.Id == r.SharedTeamId).Select(t => t.Name).FirstOrDefault(),
                r.UpdatedAt,
                isAdmin || r.OwnerId == me))
            .ToListAsync(ct);
        return new SavedList(rows.Take(PageSize).ToList(), search, page, rows.Count > PageSize, kinds.All.ToDictionary(k => k.Key, k => l[k.Plural].Value));
    }

    public async Task<RunPage?> RunPageAsync(int id, CrmUser user, CancellationToken ct)
    {
        var report = await db.SavedReports.AsNoTracking().ReadableBy(user).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null)
        {
            return null;
        }

        var kindName = kinds.Find(report.Kind) is { } kind ? l[kind.Plural].Value : report.Kind;
        var definition = ReportDefinition.FromJson(report.Definition);
        var (prepared, errors) = definition is null
            ? (null, [new FieldError(string.Empty, l["This report can no longer be read."])])
            : await runner.CheckAsync(report.Name, ReportForm.From(report.Name, report.SharedTeamId, definition), user, ct);
        var result = prepared is null ? null : await ResultAsync(prepared, report.Id, user, ct);
        return new RunPage(report, kindName, user.CanEdit(report), result, errors);
    }

    public async Task<ReportResult> ResultAsync(PreparedReport prepared, int? id, CrmUser user, CancellationToken ct)
    {
        var table = await runner.RunAsync(prepared, user, prepared.Definition.IsGrouped ? null : ShownRows + 1, ct);
        var truncated = table.Rows.Count > ShownRows && !prepared.Definition.IsGrouped;
        if (truncated)
        {
            table = table with { Rows = table.Rows.Take(ShownRows).ToList() };
        }

        var chart = prepared.Definition.Chart;
        return new ReportResult(table, chart, chart == ReportChartType.None ? null : ChartJson(table, prepared.Definition), truncated);
    }

    /// <summary>
    /// The chart's data for report-builder.js: one group level gives a dataset per total; two give the first level as
    /// labels and a dataset per value of the second, of the first total.
    /// </summary>
    public static string ChartJson(ReportTable table, ReportDefinition definition)
    {
        var levels = definition.Groups.Count;
        var labels = table.Rows.Select(r => (string)r[0]!).Distinct().ToList();
        object datasets;
        if (levels == 1)
        {
            var totals = definition.Chart == ReportChartType.Pie ? 1 : definition.Aggregates.Count;
            // A count and an amount differ in scale: totals of another type than the first are read on a second axis.
            var firstType = table.Columns[1].Type;
            datasets = Enumerable.Range(0, totals).Select(i => new
            {
                label = table.Columns[1 + i].Header,
                data = table.Rows.Select(r => Number(r[1 + i])).ToList(),
                axis = table.Columns[1 + i].Type == firstType ? "y" : "y1",
            }).ToList();
        }
        else
        {
            var seconds = table.Rows.Select(r => (string)r[1]!).Distinct().ToList();
            datasets = seconds.Select(second => new
            {
                label = second,
                data = labels.Select(first => table.Rows.Where(r => (string)r[0]! == first && (string)r[1]! == second).Select(r => Number(r[2])).FirstOrDefault()).ToList(),
                axis = "y",
            }).ToList();
        }

        return JsonSerializer.Serialize(new { type = definition.Chart.ToString().ToLowerInvariant(), labels, datasets, stacked = levels > 1 && definition.Chart == ReportChartType.Bar });
    }

    private static decimal Number(object? value) => value switch
    {
        int count => count,
        decimal amount => amount,
        double number => (decimal)number,
        _ => 0,
    };
}
