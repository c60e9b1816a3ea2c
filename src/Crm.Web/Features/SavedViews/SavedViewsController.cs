using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.SavedViews;

/// <summary>Saved views and the column choice of every kind's list (docs/lists.md); every action answers with the list.</summary>
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
            TempData["FlashError"] = Errors();
            return Redirect(kind.ListPath + SavedViewLists.Clean(form.QueryString));
        }

        var url = await save.Handle(form, User.Id(), ct);
        if (url is null)
        {
            TempData["FlashError"] = l["This view has too many filters to be saved."].Value;
            return Redirect(kind.ListPath);
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
        return Redirect(kinds.Find(list)?.ListPath ?? "/");
    }

    [HttpPost]
    public async Task<IActionResult> Rename(int id, ManageView.RenameForm form, [FromServices] ManageView manage, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        if (await manage.OwnAsync(id, user, ct) is not { } view)
        {
            return NotFound();
        }

        var back = ViewUrl(view);
        if (!ModelState.IsValid)
        {
            TempData["FlashError"] = Errors();
            return Redirect(back);
        }

        if (await manage.RenameAsync(view, form.Name, ct) == ManageView.Result.NameTaken)
        {
            TempData["FlashError"] = l["You already have a view named “{0}”.", form.Name.Trim()].Value;
            return Redirect(back);
        }

        TempData["Flash"] = l["View renamed “{0}”.", view.Name].Value;
        return Redirect(back);
    }

    [HttpPost]
    public async Task<IActionResult> Share(int id, bool share, [FromServices] ManageView manage, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        if (await manage.OwnAsync(id, user, ct) is not { } view)
        {
            return NotFound();
        }

        if (await manage.ShareAsync(view, share, user, ct) == ManageView.Result.NoTeam)
        {
            TempData["FlashError"] = l["You are in no team: there is nobody to share the view with."].Value;
        }
        else
        {
            TempData["Flash"] = share ? l["View “{0}” shared with your team.", view.Name].Value : l["View “{0}” is private again.", view.Name].Value;
        }

        return Redirect(ViewUrl(view));
    }

    /// <summary>Opens the list with this view by default; without an id, with all records.</summary>
    [HttpPost]
    public async Task<IActionResult> Default(string list, int? id, [FromServices] ManageView manage, CancellationToken ct)
    {
        if (kinds.Find(list) is not { } kind)
        {
            return BadRequest();
        }

        if (await manage.SetDefaultAsync(kind.Key, id, CrmUser.From(User), ct) == ManageView.Result.NotFound)
        {
            return NotFound();
        }

        TempData["Flash"] = id is null ? l["The list now opens with all records."].Value : l["The list now opens with this view."].Value;
        return Redirect(id is null ? kind.ListPath + "?view=" + MySavedViews.AllRecords : kind.ListPath);
    }

    /// <summary>The column chooser's form: each declared column with a box to show it and its position; or back to the defaults.</summary>
    [HttpPost]
    public async Task<IActionResult> Columns(ChooseColumns.Form form, [FromServices] ManageView manage, CancellationToken ct)
    {
        if (kinds.Find(form.List) is not { } kind)
        {
            return BadRequest();
        }

        string? columns = null;
        if (!form.Reset)
        {
            var custom = await HttpContext.RequestServices.GetRequiredService<CustomFields.CustomFieldStore>().FieldsAsync(kind.Key, ct);
            if (!ModelState.IsValid || form.Chosen(kind.Columns.With(CustomFields.CustomFieldQuery.Columns(custom))) is not { } chosen)
            {
                return BadRequest();
            }

            if (chosen.Count == 0)
            {
                TempData["FlashError"] = l["Show at least one column."].Value;
                return Redirect(form.Back(kind.ListPath));
            }

            columns = ListColumns.Keys(chosen);
        }

        await manage.SetColumnsAsync(kind.Key, columns, CrmUser.From(User), ct);
        TempData["Flash"] = l["Columns saved."].Value;
        return Redirect(form.Back(kind.ListPath));
    }

    private string ViewUrl(SavedView view) =>
        kinds.Find(view.List) is { } kind ? MySavedViews.UrlOf(kind.ListPath, view.QueryString, view.Id) : "/";

    private string Errors() => string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage));
}
