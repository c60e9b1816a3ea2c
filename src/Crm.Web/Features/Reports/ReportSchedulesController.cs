using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Reports;

/// <summary>/Reports/Schedules: the reports a user has emailed to them every week or month (see <see cref="ReportSchedules"/>).</summary>
[Route("Reports/Schedules")]
public sealed class ReportSchedulesController(ReportSchedules schedules, IStringLocalizer<SharedResource> l) : Controller
{
    public const string ListPath = "/Reports/Schedules";

    public sealed record NewPage(string Title, ReportSchedules.Form Form, IReadOnlyList<ReportSchedules.Member> Team);

    [HttpGet("")]
    public async Task<IActionResult> Index(int page = 1, CancellationToken ct = default) =>
        View("/Features/Reports/Schedules.cshtml", await schedules.ListAsync(CrmUser.From(User).Id, page, ct));

    [HttpGet("New")]
    public async Task<IActionResult> New(string? key, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        return await schedules.TitleAsync(key, user, ct) is { } title
            ? View("/Features/Reports/NewSchedule.cshtml", new NewPage(title, ReportSchedules.Form.New(key), await schedules.TeamAsync(user, ct)))
            : NotFound();
    }

    [HttpPost("New")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Create(ReportSchedules.Form form, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        var (id, errors) = await schedules.CreateAsync(form, user, ct);
        if (id is null)
        {
            ModelState.Clear();
            foreach (var error in errors)
            {
                ModelState.AddModelError(error.Field, l[error.Message]);
            }

            var title = await schedules.TitleAsync(form.Key, user, ct);
            return title is null ? NotFound() : View("/Features/Reports/NewSchedule.cshtml", new NewPage(title, form, await schedules.TeamAsync(user, ct)));
        }

        TempData["Flash"] = l["Report scheduled."].Value;
        return Redirect(ListPath);
    }

    [HttpGet("{id:int}/Delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct) =>
        await schedules.FindAsync(id, CrmUser.From(User).Id, ct) is { } row ? View("/Features/Reports/DeleteSchedule.cshtml", row) : NotFound();

    [HttpPost("{id:int}/Delete")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Deleted(int id, CancellationToken ct)
    {
        if (!await schedules.DeleteAsync(id, CrmUser.From(User).Id, ct))
        {
            return NotFound();
        }

        TempData["Flash"] = l["Schedule deleted."].Value;
        return Redirect(ListPath);
    }
}
