using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Shared;

/// <summary>
/// The pages every kind's list shares, written once: a kind's controller derives from this and adds only what is its
/// own (its list page, export and record pages).
/// </summary>
public abstract class RecordsController<T> : Controller
    where T : class, IRecord<T>, IAssignable, ITaggable
{
    [HttpPost]
    public async Task<IActionResult> Bulk(
        [FromForm] BulkForm form,
        [FromServices] BulkEdit bulk,
        [FromServices] IStringLocalizer<SharedResource> l,
        CancellationToken ct)
    {
        var kind = T.Kind;
        var back = Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl! : kind.Route;
        if (!ModelState.IsValid)
        {
            TempData["FlashError"] = l["The bulk action could not be read; nothing was changed."].Value;
            return LocalRedirect(back);
        }

        if (form.Action == BulkForm.Delete && !form.Confirmed && form.Ids.Length > 0)
        {
            return View("BulkConfirm", new BulkConfirmPage(l[kind.DeleteManyTitle], $"{kind.Route}/Bulk", form, form.Ids.Distinct().Count()));
        }

        var result = await bulk.Handle<T>(form, CrmUser.From(User), ct);
        BulkMessages.Flash(TempData, l, result);
        return LocalRedirect(back);
    }
}
