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
        AfterDismiss(await dismiss.ContactsAsync(form, currentUser.Value, ct), "/Contacts/Duplicates", form.After);

    [HttpPost("/Companies/Duplicates/Dismiss")]
    public async Task<IActionResult> DismissCompanies(DismissDuplicate.Form form, [FromServices] DismissDuplicate.Handler dismiss, CancellationToken ct) =>
        AfterDismiss(await dismiss.CompaniesAsync(form, currentUser.Value, ct), "/Companies/Duplicates", form.After);

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
        var result = await merge.Handle(form, currentUser.Value, ct);
        switch (result.Outcome)
        {
            case MergeOutcome.Done:
                TempData["Flash"] = l["The contacts were merged."].Value;
                UndoFlash.Offer(TempData, UndoFlash.RecordsAction, Contact.Kind.Key, [form.Keep == form.A ? form.B : form.A]);
                return Redirect($"/Contacts/Details/{result.SurvivorId}");
            case MergeOutcome.NotFound:
                return NotFound();
            case MergeOutcome.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
        }

        var model = await preview.Handle(form.A, form.B, currentUser.Value, ct);
        if (model is null)
        {
            return NotFound();
        }

        ModelState.Clear();
        ModelState.AddModelError(string.Empty, l[result.Outcome == MergeOutcome.Stale ? StaleMessage : InvalidMessage]);
        Response.StatusCode = result.Outcome == MergeOutcome.Stale ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return View("ContactMerge", model);
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
        var result = await merge.Handle(form, currentUser.Value, ct);
        switch (result.Outcome)
        {
            case MergeOutcome.Done:
                TempData["Flash"] = l["The companies were merged."].Value;
                UndoFlash.Offer(TempData, UndoFlash.RecordsAction, Company.Kind.Key, [form.Keep == form.A ? form.B : form.A]);
                return Redirect($"/Companies/Details/{result.SurvivorId}");
            case MergeOutcome.NotFound:
                return NotFound();
            case MergeOutcome.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
        }

        var model = await preview.Handle(form.A, form.B, currentUser.Value, ct);
        if (model is null)
        {
            return NotFound();
        }

        ModelState.Clear();
        ModelState.AddModelError(string.Empty, l[result.Outcome == MergeOutcome.Stale ? StaleMessage : InvalidMessage]);
        Response.StatusCode = result.Outcome == MergeOutcome.Stale ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return View("CompanyMerge", model);
    }

    private IActionResult AfterDismiss(MergeOutcome outcome, string list, string? after) => outcome switch
    {
        MergeOutcome.NotFound => NotFound(),
        MergeOutcome.Forbidden => StatusCode(StatusCodes.Status403Forbidden),
        _ => Redirect(PairCursor.Parse(after) is { } cursor ? $"{list}?after={cursor}" : list),
    };
}
