using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.SavedViews;

public sealed class SavedViewsController(RecordKinds kinds, IStringLocalizer<SharedResource> l) : Controller
{
    [HttpPost]
    public async Task<IActionResult> Save(SaveView.Form form, [FromServices] SaveView.Handler save, CancellationToken ct)
    {
        if (kinds.Find(form.List) is not { } kind)
        {
            return BadRequest();
        }

        if (!ModelState.IsValid)
        {
            TempData["FlashError"] = string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage));
            return Redirect(kind.Route + SavedViewLists.Clean(form.QueryString));
        }

        var url = await save.Handle(form, User.Id(), ct);
        if (url is null)
        {
            TempData["FlashError"] = l["This view has too many filters to be saved."].Value;
            return Redirect(kind.Route);
        }

        TempData["Flash"] = l["View “{0}” saved.", form.Name.Trim()].Value;
        return Redirect(url);
    }

    [HttpPost]
    public async Task<IActionResult> Delete(int id, [FromServices] DeleteView delete, CancellationToken ct)
    {
        var list = await delete.Handle(id, User.Id(), ct);
        if (list is null)
        {
            return NotFound();
        }

        TempData["Flash"] = l["View deleted."].Value;
        return Redirect(kinds.Find(list)?.Route ?? "/");
    }
}
