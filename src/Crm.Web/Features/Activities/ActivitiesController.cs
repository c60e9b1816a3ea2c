using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Activities;

/// <summary>Actions on one timeline entry. Logging happens on the record's page (the LogActivity action every kind gets from RecordsController).</summary>
public sealed class ActivitiesController : Controller
{
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
}
