using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Dashboard;

public sealed class DashboardController : Controller
{
    public async Task<IActionResult> Index([FromQuery] DashboardQuery query, [FromServices] DashboardPage page, CancellationToken ct) =>
        View(await page.Handle(query, CrmUser.From(User), ct));

    [HttpGet("/Targets"), Authorize(Policy = Policies.Managers)]
    public async Task<IActionResult> Targets(string? month, [FromServices] MonthlyTargets targets, CancellationToken ct) =>
        View(await targets.ReadAsync(month, CrmUser.From(User), null, ct));

    [HttpPost("/Targets"), ValidateAntiForgeryToken, Authorize(Policy = Policies.Managers)]
    public async Task<IActionResult> SaveTargets(
        [FromForm] MonthlyTargets.Form form, [FromServices] MonthlyTargets targets, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        var errors = await targets.SaveAsync(form, user, ct);
        if (errors is null)
        {
            return NotFound();
        }

        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError(error.Field, error.Message);
            }

            var posted = form.Rows.ToDictionary(r => r.UserId, r => r.Amount, StringComparer.Ordinal);
            return View(nameof(Targets), await targets.ReadAsync(form.Month, user, posted, ct));
        }

        TempData["Flash"] = l["The targets are saved."].Value;
        return Redirect("/Targets?month=" + Uri.EscapeDataString(form.Month!));
    }
}
