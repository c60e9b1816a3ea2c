using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.SavedViews;

public sealed class SavedViewsController(IStringLocalizer<SharedResource> l) : Controller
{
    [HttpPost]
    public async Task<IActionResult> Save(SaveView.Form form, [FromServices] SaveView.Handler save, CancellationToken ct)
    {
        if (!SavedViewLists.IsKnown(form.List))
        {
            return BadRequest();
        }

        if (!ModelState.IsValid)
        {
            TempData["FlashError"] = string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage));
            return Redirect(SavedViewLists.PathOf(form.List) + SavedViewLists.Clean(form.QueryString));
        }

        var url = await save.Handle(form, User.Id(), ct);
        if (url is null)
        {
            TempData["FlashError"] = l["This view has too many filters to be saved."].Value;
            return Redirect(SavedViewLists.PathOf(form.List));
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
        return Redirect(SavedViewLists.PathOf(list));
    }
}
