using Crm.Web.Features.Activities;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Shared;

/// <summary>
/// The pages every kind shares, written once: bulk actions, delete, the timeline's next page and logging an activity.
/// A kind's controller derives from this and adds only what is its own (its list page, export, details and editor);
/// how its timeline reads and what a logged entry attaches to come from the kind (<see cref="RecordTimeline{T}"/>).
/// A record the user may not see answers 404, one they see but may not change 403 (<see cref="OutcomeResults"/>).
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
        var back = Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl! : kind.ListPath;
        if (!ModelState.IsValid)
        {
            TempData["FlashError"] = l["The bulk action could not be read; nothing was changed."].Value;
            return LocalRedirect(back);
        }

        var user = CrmUser.From(User);
        var ids = form.AllMatching ? await MatchingAsync(user, ct) : form.Ids.Distinct().Take(BulkForm.MaxIds).ToList();
        if (form.Action == BulkForm.Delete && !form.Confirmed && ids.Count > 0)
        {
            return View("BulkConfirm", new BulkConfirmPage(l[kind.DeleteManyTitle], $"{kind.Route}/Bulk{Request.QueryString}", form, ids.Count));
        }

        var result = await bulk.Handle<T>(form, ids, user, ct);
        BulkMessages.Flash(TempData, l, result);
        if (result.Deleted.Count <= BulkForm.MaxIds)
        {
            // The undo restores a batch; beyond, the records are in the recycle bin.
            OfferUndo(result.Deleted);
        }

        return LocalRedirect(back);
    }

    /// <summary>
    /// The ids "select all N matching" applies to: the records the list shows for the bulk URL's query string (the
    /// list's filters, through its access rule), in its order, at most <see cref="BulkForm.MaxMatching"/>; none for a
    /// kind without a list.
    /// </summary>
    protected virtual Task<IReadOnlyList<int>> MatchingAsync(CrmUser user, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<int>>([]);

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

    [HttpPost]
    public async Task<IActionResult> Delete(int id, [FromServices] DeleteRecord delete, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        await this.Respond(await delete.Handle<T>(id, CrmUser.From(User), ct), name =>
        {
            TempData["Flash"] = l["{0} was moved to the recycle bin.", name].Value;
            OfferUndo([id]);
            return RedirectToAction("Index");
        });

    /// <summary>The next page of the timeline, as a fragment the details page appends (the link works without JS too).</summary>
    [HttpGet]
    public async Task<IActionResult> Timeline(int id, string? after, ActivityKind? type, [FromServices] CrmDbContext db, [FromServices] ActivityTimeline.Handler timeline, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        if (await VisibleAsync(db, id, user, ct) is not { } record)
        {
            return NotFound();
        }

        var page = await timeline.ForAsync<T>(id, after, user, ct, type: type);
        return PartialView("_TimelineEntries", TimelinePage.For(T.Kind, id, page, user.CanEdit<T>(record), user, type));
    }

    /// <summary>
    /// Logs an activity. A browser without script gets the record's page back (at the timeline, or with the form's
    /// errors); the page's script (<see cref="TimelineFragments.Requested"/>) gets the new entry as the timeline shows it,
    /// or the form again with its errors (422), and puts either in place without a reload.
    /// </summary>
    [HttpPost]
    public async Task<IActionResult> LogActivity(int id, LogActivity.Form form, [FromServices] CrmDbContext db, [FromServices] LogActivity.Handler log, [FromServices] ActivityTimeline.Handler timeline, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        var inPlace = TimelineFragments.Requested(Request);
        var outcome = ModelState.IsValid ? await log.ForAsync<T>(id, form, user, ct) : await CheckLoggableAsync(db, id, user, ct);
        return await this.Respond(
            outcome,
            async Task<IActionResult> (activityId) =>
            {
                if (!inPlace)
                {
                    TempData["Flash"] = l["Activity logged."].Value;
                    return Redirect(T.Kind.DetailsPath(id) + "#timeline");
                }

                var record = await VisibleAsync(db, id, user, ct);
                var entry = await timeline.OneAsync(activityId, ct);
                var page = new Page<ActivityTimeline.Entry>([entry], null, null, 1);
                return PartialView("_TimelineEntries", TimelinePage.For(T.Kind, id, page, record is not null && user.CanEdit<T>(record), user, null));
            },
            invalid: () => inPlace ? Task.FromResult<IActionResult>(LogFormAgain(id, form)) : DetailsWithLogForm(id, form, ct));
    }

    /// <summary>The activity form alone with its errors and what the user typed, for the page's script to put in place.</summary>
    private PartialViewResult LogFormAgain(int id, LogActivity.Form form)
    {
        ViewData["LogAction"] = $"{T.Kind.Route}/LogActivity/{id}";
        var result = PartialView("_LogActivity", form);
        result.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return result;
    }

    /// <summary>The record's details page again, with the activity form as the user filled it and its errors.</summary>
    protected abstract Task<IActionResult> DetailsWithLogForm(int id, LogActivity.Form form, CancellationToken ct);

    private static Task<OwnedRef?> VisibleAsync(CrmDbContext db, int id, CrmUser user, CancellationToken ct) =>
        db.Set<T>().AsNoTracking().VisibleTo(user).Where(r => r.Id == id).Select(r => new OwnedRef(r.OwnerId, r.TeamId)).FirstOrDefaultAsync(ct);

    /// <summary>For a form that did not bind: invalid (the form again) when the user may log on the record, else why not.</summary>
    private static async Task<Outcome<int>> CheckLoggableAsync(CrmDbContext db, int id, CrmUser user, CancellationToken ct) =>
        await VisibleAsync(db, id, user, ct) is not { } record ? Outcome.NotFound
            : !user.CanLog<T>(record) ? Outcome.Forbidden
            : Outcome.Invalid([]);
}
