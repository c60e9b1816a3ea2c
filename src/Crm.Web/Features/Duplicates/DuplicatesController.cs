using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Duplicates;

/// <summary>Likely duplicate contacts and companies: the lists, "not a duplicate", and the merge preview and merge.</summary>
public sealed class DuplicatesController(CurrentUser currentUser, IStringLocalizer<SharedResource> l) : Controller
{
    public const string StaleMessage = "One of these records was changed by someone else since you opened this page. Nothing was merged: check the current values below and merge again.";
    public const string InvalidMessage = "Choose, for every field, one of the two records.";

    [HttpGet("/Contacts/Duplicates")]
    public async Task<IActionResult> Contacts(string? after, string? before, [FromServices] ContactDuplicatePairs.Handler pairs, CancellationToken ct) =>
        View("ContactDuplicates", await pairs.Handle(new ContactDuplicatePairs.Query(after, before), currentUser.Value, ct));

    [HttpGet("/Companies/Duplicates")]
    public async Task<IActionResult> Companies(string? after, string? before, [FromServices] CompanyDuplicatePairs.Handler pairs, CancellationToken ct) =>
        View("CompanyDuplicates", await pairs.Handle(new CompanyDuplicatePairs.Query(after, before), currentUser.Value, ct));

    [HttpPost("/Contacts/Duplicates/Dismiss")]
    public async Task<IActionResult> DismissContacts(DismissDuplicate.Form form, [FromServices] DismissDuplicate.Handler dismiss, CancellationToken ct) =>
        await AfterDismiss(await dismiss.ContactsAsync(form, currentUser.Value, ct), "/Contacts/Duplicates", form.After);

    [HttpPost("/Companies/Duplicates/Dismiss")]
    public async Task<IActionResult> DismissCompanies(DismissDuplicate.Form form, [FromServices] DismissDuplicate.Handler dismiss, CancellationToken ct) =>
        await AfterDismiss(await dismiss.CompaniesAsync(form, currentUser.Value, ct), "/Companies/Duplicates", form.After);

    [HttpGet("/Contacts/Merge")]
    public async Task<IActionResult> MergeContacts(int a, int b, [FromServices] ContactMergePreview.Handler preview, CancellationToken ct)
    {
        var model = await preview.Handle(a, b, currentUser.Value, ct);
        return model is null ? NotFound() : !model.CanMerge ? StatusCode(StatusCodes.Status403Forbidden) : View("ContactMerge", model);
    }

    [HttpPost("/Contacts/Merge")]
    public async Task<IActionResult> MergeContacts(
        MergeContacts.Form form, [FromServices] MergeContacts.Handler merge, [FromServices] ContactMergePreview.Handler preview, CancellationToken ct)
    {
        var outcome = await merge.Handle(form, currentUser.Value, ct);
        return await this.Respond(
            outcome,
            survivorId =>
            {
                TempData["Flash"] = l["The contacts were merged."].Value;
                UndoFlash.Offer(TempData, UndoFlash.RecordsAction, Contact.Kind.Key, [form.Keep == form.A ? form.B : form.A]);
                return Redirect($"/Contacts/Details/{survivorId}");
            },
            invalid: () => MergeAgain("ContactMerge", preview.Handle(form.A, form.B, currentUser.Value, ct), InvalidMessage, StatusCodes.Status400BadRequest),
            conflict: _ => MergeAgain("ContactMerge", preview.Handle(form.A, form.B, currentUser.Value, ct), StaleMessage, StatusCodes.Status409Conflict));
    }

    [HttpGet("/Companies/Merge")]
    public async Task<IActionResult> MergeCompanies(int a, int b, [FromServices] CompanyMergePreview.Handler preview, CancellationToken ct)
    {
        var model = await preview.Handle(a, b, currentUser.Value, ct);
        return model is null ? NotFound() : !model.CanMerge ? StatusCode(StatusCodes.Status403Forbidden) : View("CompanyMerge", model);
    }

    [HttpPost("/Companies/Merge")]
    public async Task<IActionResult> MergeCompanies(
        MergeCompanies.Form form, [FromServices] MergeCompanies.Handler merge, [FromServices] CompanyMergePreview.Handler preview, CancellationToken ct)
    {
        var outcome = await merge.Handle(form, currentUser.Value, ct);
        return await this.Respond(
            outcome,
            survivorId =>
            {
                TempData["Flash"] = l["The companies were merged."].Value;
                UndoFlash.Offer(TempData, UndoFlash.RecordsAction, Company.Kind.Key, [form.Keep == form.A ? form.B : form.A]);
                return Redirect($"/Companies/Details/{survivorId}");
            },
            invalid: () => MergeAgain("CompanyMerge", preview.Handle(form.A, form.B, currentUser.Value, ct), InvalidMessage, StatusCodes.Status400BadRequest),
            conflict: _ => MergeAgain("CompanyMerge", preview.Handle(form.A, form.B, currentUser.Value, ct), StaleMessage, StatusCodes.Status409Conflict));
    }

    private Task<IActionResult> AfterDismiss(Outcome<bool> outcome, string list, string? after) =>
        this.Respond(outcome, _ => Redirect(PairCursor.Parse(after) is { } cursor ? $"{list}?after={cursor}" : list));

    /// <summary>The merge preview again, with the current values, why nothing was merged, and the status saying so.</summary>
    private async Task<IActionResult> MergeAgain<TPreview>(string view, Task<TPreview?> preview, string message, int status)
        where TPreview : class
    {
        if (await preview is not { } model)
        {
            return NotFound();
        }

        ModelState.Clear();
        ModelState.AddModelError(string.Empty, l[message]);
        Response.StatusCode = status;
        return View(view, model);
    }
}
