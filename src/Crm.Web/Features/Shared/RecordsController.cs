using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
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
        OfferUndo(result.Deleted);
        return LocalRedirect(back);
    }

    /// <summary>Adds "Undo" to the message of a delete: one post that brings these records back.</summary>
    protected void OfferUndo(IEnumerable<int> ids) => UndoFlash.Offer(TempData, UndoFlash.RecordsAction, T.Kind.Key, ids);

    /// <summary>
    /// What a record's page answers when the user cannot see the record: a record merged away sends them to the record
    /// it was merged into, when they may see that one (the merge's change events say which); else 404 as for any other.
    /// </summary>
    protected async Task<IActionResult> NotFoundOrMergedAsync(int id, CancellationToken ct)
    {
        var db = HttpContext.RequestServices.GetRequiredService<CrmDbContext>();
        var kind = T.Kind;
        if ((await kind.MergedIntoAsync(db, [id], ct)).TryGetValue(id, out var keptId)
            && await db.Set<T>().AsNoTracking().VisibleTo(CrmUser.From(User)).Where(r => r.Id == keptId).Select(kind.Summary).Select(s => s.Name).FirstOrDefaultAsync(ct) is { } name
            && await db.Set<T>().IgnoreQueryFilters().AnyAsync(r => r.Id == id && r.DeletedAt != null, ct))
        {
            var l = HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            TempData["Flash"] = l["This record was merged into “{0}”.", name].Value;
            return Redirect(kind.DetailsPath(keptId));
        }

        return NotFound();
    }
}
