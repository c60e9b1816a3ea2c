using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Reports;

/// <summary>/Reports, the standard reports the user may open by area, and a standard report's page (/Reports/Standard/{name}).</summary>
public sealed class ReportsController(StandardReports reports) : Controller
{
    public IActionResult Index() => View(new ReportsIndex(reports.For(CrmUser.From(User))));

    /// <summary>
    /// A standard report with the filters of the query string (the key's parameters, <see cref="StandardReportKey"/>);
    /// malformed ones are shown at their fields (400), never run as a wider report.
    /// </summary>
    public async Task<IActionResult> Standard(string id, [FromServices] CrmDbContext db, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        if (reports.Find(id) is not { } report || !report.MayOpen(user))
        {
            return NotFound();
        }

        var scope = report.ScopeFor(user);
        var sent = StandardReportKey.Parameters
            .Select(p => (Name: p, Value: Request.Query[p].ToString()))
            .Where(p => p.Value.Length > 0)
            .ToDictionary(p => p.Name, p => p.Value, StringComparer.OrdinalIgnoreCase);
        var (key, errors) = StandardReportKey.Parse(StandardReportKey.Prefix + report.Name + QueryString.Create(sent.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))));
        var owners = scope.Wide ? await ListFilterOptions.OwnersAsync(db, ct) : [];
        var teams = scope.Wide
            ? await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new Option(t.Id.ToString(), t.Name)).ToListAsync(ct)
            : [];
        if (key is null)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError(error.Parameter, l[error.Text]);
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(new StandardReportPage(report, scope, null, sent, owners, teams));
        }

        var result = await report.RunAsync(key, scope, ct);
        var shown = result.Key.Values.ToDictionary(v => v.Parameter, v => v.Value, StringComparer.OrdinalIgnoreCase);
        return View(new StandardReportPage(report, scope, result, shown, owners, teams));
    }
}

public sealed record ReportsIndex(IReadOnlyList<StandardReport> Standard);

/// <summary>A standard report's page: its result (null when the filters were malformed), the filters' values as sent or applied, and the form's choices.</summary>
public sealed record StandardReportPage(
    StandardReport Report,
    ReportScope Scope,
    StandardReportResult? Result,
    IReadOnlyDictionary<string, string> Values,
    IReadOnlyList<Option> Owners,
    IReadOnlyList<Option> Teams)
{
    public string Value(string parameter) => Values.GetValueOrDefault(parameter) ?? string.Empty;

    /// <summary>The report's key, URL-encoded for the export and schedule addresses.</summary>
    public string? EscapedKey => Result is null ? null : Uri.EscapeDataString(Result.Key.ToString());
}
