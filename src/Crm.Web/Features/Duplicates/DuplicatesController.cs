using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Duplicates;

/// <summary>
/// Likely duplicates of any kind with a duplicates part, at the kind's route (/Contacts/Duplicates): the list, "not a
/// duplicate", and the merge preview and merge of a kind with a merge part.
/// </summary>
public sealed class DuplicatesController(CurrentUser currentUser, RecordKinds kinds, IStringLocalizer<SharedResource> l) : Controller
{
    public const string StaleMessage = "One of these records was changed by someone else since you opened this page. Nothing was merged: check the current values below and merge again.";
    public const string InvalidMessage = "Choose, for every field, one of the two records.";

    [HttpGet("/{route}/Duplicates")]
    public async Task<IActionResult> Pairs(string route, string? after, string? before, [FromServices] DuplicatePairs.Handler pairs, CancellationToken ct) =>
        KindAt(route) is { HasDuplicates: true } kind && await pairs.Handle(kind, new DuplicatePairs.Query(after, before), currentUser.Value, ct) is { } model
            ? View("Pairs", model)
            : NotFound();

    [HttpPost("/{route}/Duplicates/Dismiss")]
    public async Task<IActionResult> Dismiss(string route, DismissDuplicate.Form form, [FromServices] DismissDuplicate.Handler dismiss, CancellationToken ct)
    {
        if (KindAt(route) is not { HasDuplicates: true } kind)
        {
            return NotFound();
        }

        var list = $"{kind.Route}/Duplicates";
        return await this.Respond(await dismiss.Handle(kind, form, currentUser.Value, ct), _ => Redirect(PairCursor.Parse(form.After) is { } cursor ? $"{list}?after={cursor}" : list));
    }

    [HttpGet("/{route}/Merge")]
    public async Task<IActionResult> Merge(string route, int a, int b, [FromServices] MergePreview.Handler preview, CancellationToken ct)
    {
        var model = KindAt(route) is { HasMerge: true } kind ? await preview.Handle(kind, a, b, currentUser.Value, ct) : null;
        return model is null ? NotFound() : !model.CanMerge ? StatusCode(StatusCodes.Status403Forbidden) : View("Merge", model);
    }

    [HttpPost("/{route}/Merge")]
    public async Task<IActionResult> Merge(
        string route, MergeRecords.Form form, [FromServices] MergeRecords.Handler merge, [FromServices] MergePreview.Handler preview, CancellationToken ct)
    {
        if (KindAt(route) is not { HasMerge: true } kind)
        {
            return NotFound();
        }

        var outcome = await merge.Handle(kind, form, name => Request.Form[name].FirstOrDefault(), currentUser.Value, ct);
        return await this.Respond(
            outcome,
            survivorId =>
            {
                TempData["Flash"] = l[MergePreview.TextsOf(kind)!.Done].Value;
                UndoFlash.Offer(TempData, UndoFlash.RecordsAction, kind.Key, [form.Keep == form.A ? form.B : form.A]);
                return Redirect(kind.DetailsPath(survivorId));
            },
            invalid: () => MergeAgain(preview.Handle(kind, form.A, form.B, currentUser.Value, ct), InvalidMessage, StatusCodes.Status400BadRequest),
            conflict: _ => MergeAgain(preview.Handle(kind, form.A, form.B, currentUser.Value, ct), StaleMessage, StatusCodes.Status409Conflict));
    }

    /// <summary>The kind whose pages live at /{route} (the kind's own route, any case).</summary>
    private RecordKind? KindAt(string route) =>
        kinds.All.FirstOrDefault(k => string.Equals(k.Route, "/" + route, StringComparison.OrdinalIgnoreCase));

    /// <summary>The merge preview again, with the current values, why nothing was merged, and the status saying so.</summary>
    private async Task<IActionResult> MergeAgain(Task<MergePreview.Model?> preview, string message, int status)
    {
        if (await preview is not { } model)
        {
            return NotFound();
        }

        ModelState.Clear();
        ModelState.AddModelError(string.Empty, l[message]);
        Response.StatusCode = status;
        return View("Merge", model);
    }
}
