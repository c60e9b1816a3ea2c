using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Activities;

/// <summary>Actions on one timeline entry. Logging happens on the record's page (the LogActivity action every kind gets from RecordsController).</summary>
public sealed class ActivitiesController : Controller
{
    [HttpGet]
    public async Task<IActionResult> Edit(int id, [FromServices] EditActivity.Handler edit, CancellationToken ct) =>
        await this.Respond(await edit.LoadAsync(id, CrmUser.From(User), ct), page => View(page));

    [HttpPost]
    public async Task<IActionResult> Edit(int id, EditActivity.Form form, [FromServices] EditActivity.Handler edit, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        var outcome = ModelState.IsValid ? await edit.SaveAsync(id, form, user, ct) : (await edit.LoadAsync(id, user, ct)).Then<string>(_ => Outcome.Invalid([]));
        return await this.Respond(
            outcome,
            recordUrl =>
            {
                TempData["Flash"] = l["Changes saved."].Value;
                return Redirect(recordUrl + "#timeline");
            },
            invalid: async () => await AgainAsync(id, form, null, edit, user, ct),
            conflict: async conflict =>
            {
                // What the user typed stays on screen; saving again is a deliberate overwrite of the newer version.
                ModelState.Remove(nameof(EditActivity.Form.Version));
                return await AgainAsync(id, conflict is null ? form : form with { Version = conflict.CurrentVersion }, conflict, edit, user, ct);
            });
    }

    [HttpPost]
    public async Task<IActionResult> Delete(int id, string? returnUrl, [FromServices] DeleteActivity.Handler delete, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var outcome = await delete.HandleAsync(id, CrmUser.From(User), ct);
        return await this.Respond(outcome, recordUrl =>
        {
            TempData["Flash"] = l["The activity was moved to the recycle bin."].Value;
            UndoFlash.Offer(TempData, UndoFlash.ActivityAction, null, [id]);
            return Redirect((Url.IsLocalUrl(returnUrl) ? returnUrl : recordUrl) + "#timeline");
        });
    }

    /// <summary>The edit page again with the user's input: its errors, or the conflict with who changed what.</summary>
    private async Task<IActionResult> AgainAsync(int id, EditActivity.Form form, EditConflict? conflict, EditActivity.Handler edit, CrmUser user, CancellationToken ct) =>
        await this.Respond(await edit.LoadAsync(id, user, ct), loaded => View(nameof(Edit), loaded with { Form = form, Conflict = conflict }));
}
