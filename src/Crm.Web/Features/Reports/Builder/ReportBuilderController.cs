using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Reports.Builder;

/// <summary>The report builder (/Reports/Builder), the saved reports' list (/Reports/Saved), a report's page and its deletion.</summary>
public sealed class ReportBuilderController(SavedReports reports, IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet("Reports/Builder")]
    public async Task<IActionResult> New(string? kind, CancellationToken ct) =>
        Page("Builder", await reports.BuilderAsync(null, new ReportForm { Kind = kind }, Me(), ct));

    [HttpPost("Reports/Builder"), ValidateAntiForgeryToken]
    public Task<IActionResult> New(ReportForm form, string? command, CancellationToken ct) => Post(null, form, command, ct);

    [HttpGet("Reports/Builder/{id:int}")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) =>
        await reports.EditableAsync(id, Me(), ct) is not { } report ? NotFound()
            : Page("Builder", await reports.BuilderAsync(
                id,
                ReportDefinition.FromJson(report.Definition) is { } definition
                    ? ReportForm.From(report.Name, report.SharedTeamId, definition)
                    : new ReportForm { Name = report.Name, Kind = report.Kind, SharedTeamId = report.SharedTeamId },
                Me(),
                ct));

    [HttpPost("Reports/Builder/{id:int}"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Edit(int id, ReportForm form, string? command, CancellationToken ct) =>
        await reports.EditableAsync(id, Me(), ct) is null ? NotFound() : await Post(id, form, command, ct);

    [HttpGet("Reports/Saved")]
    public async Task<IActionResult> Saved(string? q, int page = 1, CancellationToken ct = default) =>
        Page("Saved", await reports.ListAsync(Me(), q, page, ct));

    [HttpGet("Reports/Saved/{id:int}")]
    public async Task<IActionResult> Run(int id, CancellationToken ct) =>
        await reports.RunPageAsync(id, Me(), ct) is { } page ? Page("Run", page) : NotFound();

    [HttpGet("Reports/Saved/{id:int}/Delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct) =>
        await reports.EditableAsync(id, Me(), ct) is { } report ? Page("Delete", report) : NotFound();

    [HttpPost("Reports/Saved/{id:int}/Delete"), ValidateAntiForgeryToken]
    public async Task<IActionResult> DeleteConfirmed(int id, CancellationToken ct)
    {
        if (await reports.DeleteAsync(id, Me(), ct) is not { } name)
        {
            return NotFound();
        }

        TempData["Flash"] = l["Report “{0}” deleted.", name].Value;
        return Redirect("/Reports/Saved");
    }

    private async Task<IActionResult> Post(int? id, ReportForm form, string? command, CancellationToken ct)
    {
        var user = Me();
        // Changing the kind starts the rest of the form again: its fields are not the other kind's.
        if (command == "kind")
        {
            ModelState.Clear();
            return Page("Builder", await reports.BuilderAsync(id, new ReportForm { Kind = form.Kind, Name = form.Name, SharedTeamId = form.SharedTeamId }, user, ct));
        }

        var saving = command != "preview";
        var (prepared, errors) = await reports.CheckAsync(form, user, saving, ct);
        ModelState.Clear();
        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Field, error.Message);
        }

        if (errors.Count > 0 || !saving)
        {
            var page = await reports.BuilderAsync(id, form, user, ct);
            if (prepared is not null)
            {
                page = page with { Preview = await reports.ResultAsync(prepared, null, user, ct) };
            }

            return Page("Builder", page);
        }

        var saved = await reports.SaveAsync(id, form, prepared!, user, ct);
        return saved is null ? NotFound() : Redirect($"/Reports/Saved/{saved}");
    }

    private ViewResult Page(string name, object model) => View($"~/Features/Reports/Builder/{name}.cshtml", model);

    private CrmUser Me() => CrmUser.From(User);
}
