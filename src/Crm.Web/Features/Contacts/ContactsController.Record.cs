using Crm.Web.Features.Activities;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// One contact's pages: details, create, edit, delete, vCard, logging activities. A contact the user may not see
/// answers 404 everywhere. One they see but may not change answers 403: they already know it exists, so a 404
/// would hide nothing and only confuse (a support agent who reads a contact is told plainly they cannot edit it).
/// </summary>
public sealed partial class ContactsController
{
    private CrmUser RecordUser => CrmUser.From(User);

    [HttpGet]
    public async Task<IActionResult> Details(int id, string? after, bool history, [FromServices] ContactDetails.Handler details, CancellationToken ct)
    {
        var view = await details.HandleAsync(id, RecordUser, after, history, ct);
        return view is null ? await NotFoundOrMergedAsync(id, ct) : View(view);
    }

    /// <summary>The next page of the timeline, as a fragment the details page appends (the link works without JS too).</summary>
    [HttpGet]
    public async Task<IActionResult> Timeline(int id, string? after, [FromServices] ContactDetails.Handler details, [FromServices] ActivityTimeline.Handler timeline, CancellationToken ct)
    {
        var user = RecordUser;
        if (await details.FindVisibleAsync(id, user, ct) is not { } record)
        {
            return NotFound();
        }

        var page = await timeline.ForContactAsync(id, after, user, ct);
        return PartialView("_TimelineEntries", new TimelinePage(page, Url.Action(nameof(Timeline), new { id })!, Url.Action(nameof(Details), new { id })!, CanEditRecord: user.CanEdit<Contact>(record), UserId: user.Id));
    }

    [HttpGet]
    public async Task<IActionResult> Create(int? companyId, [FromServices] RecordChoices choices, CancellationToken ct)
    {
        var user = RecordUser;
        if (!user.CanCreate<Contact>())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var form = new ContactForm { OwnerId = user.Id, CompanyId = companyId, Emails = [null], Phones = [null] };
        return await RecordEditor("Create", form, null, choices, ct);
    }

    [HttpPost]
    public async Task<IActionResult> Create(ContactForm form, [FromServices] CreateContact.Handler create, [FromServices] RecordChoices choices, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var user = RecordUser;
        if (!user.CanCreate<Contact>())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        if (!ModelState.IsValid)
        {
            return await RecordEditor("Create", form, null, choices, ct);
        }

        var result = await create.HandleAsync(form, user, ct);
        if (result.Created)
        {
            TempData["Flash"] = l["Contact created."].Value;
            return RedirectToAction(nameof(Details), new { id = result.Id });
        }

        AddRecordErrors(result.Errors);
        ViewData["Duplicates"] = result.Duplicates;
        return await RecordEditor("Create", form, null, choices, ct);
    }

    [HttpGet]
    public async Task<IActionResult> Edit(int id, [FromServices] EditContact.Handler edit, [FromServices] RecordChoices choices, CancellationToken ct)
    {
        var (form, canEdit) = await edit.LoadAsync(id, RecordUser, ct);
        if (form is null)
        {
            return NotFound();
        }

        if (!canEdit)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        return await RecordEditor("Edit", form with { Emails = [.. form.Emails, null], Phones = [.. form.Phones, null] }, id, choices, ct);
    }

    [HttpPost]
    public async Task<IActionResult> Edit(int id, ContactForm form, [FromServices] EditContact.Handler edit, [FromServices] RecordChoices choices, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var user = RecordUser;
        if (!ModelState.IsValid)
        {
            var (current, canEdit) = await edit.LoadAsync(id, user, ct);
            return current is null ? NotFound() : !canEdit ? StatusCode(StatusCodes.Status403Forbidden) : await RecordEditor("Edit", form, id, choices, ct);
        }

        var result = await edit.HandleAsync(id, form, user, ct);
        switch (result.Status)
        {
            case EditContact.Status.NotFound:
                return NotFound();
            case EditContact.Status.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
            case EditContact.Status.Saved:
                TempData["Flash"] = l["Changes saved."].Value;
                return RedirectToAction(nameof(Details), new { id });
            case EditContact.Status.Conflict:
                ViewData["Conflict"] = result.Conflict;
                // The user's input stays on screen; saving again is a deliberate overwrite of the newer version.
                ModelState.Remove(nameof(ContactForm.Version));
                return await RecordEditor("Edit", form with { Version = result.Conflict!.CurrentVersion }, id, choices, ct);
            default:
                AddRecordErrors(result.Errors);
                return await RecordEditor("Edit", form, id, choices, ct);
        }
    }

    [HttpPost]
    public async Task<IActionResult> Delete(int id, [FromServices] DeleteContact.Handler delete, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var (result, name) = await delete.HandleAsync(id, RecordUser, ct);
        if (result == DeleteContact.Outcome.NotFound)
        {
            return NotFound();
        }

        if (result == DeleteContact.Outcome.Forbidden)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        TempData["Flash"] = l["{0} was moved to the recycle bin.", name ?? string.Empty].Value;
        OfferUndo([id]);
        return RedirectToAction("Index");
    }

    [HttpGet]
    public async Task<IActionResult> VCard(int id, [FromServices] ContactVCard.Handler vcard, CancellationToken ct)
    {
        var file = await vcard.HandleAsync(id, RecordUser, ct);
        return file is null ? NotFound() : File(file.Content, "text/vcard; charset=utf-8", file.FileName);
    }

    [HttpPost]
    public async Task<IActionResult> LogActivity(int id, LogActivity.Form form, [FromServices] LogActivity.Handler log, [FromServices] ContactDetails.Handler details, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var user = RecordUser;
        if (!ModelState.IsValid)
        {
            var view = await details.HandleAsync(id, user, null, false, ct);
            if (view is null)
            {
                return NotFound();
            }

            if (!view.CanEdit)
            {
                return StatusCode(StatusCodes.Status403Forbidden);
            }

            ViewData["LogForm"] = form;
            return View(nameof(Details), view);
        }

        var result = await log.ForContactAsync(id, form, user, ct);
        if (result == Activities.LogActivity.Outcome.NotFound)
        {
            return NotFound();
        }

        if (result == Activities.LogActivity.Outcome.Forbidden)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        TempData["Flash"] = l["Activity logged."].Value;
        return Redirect(Url.Action(nameof(Details), new { id }) + "#timeline");
    }

    private async Task<IActionResult> RecordEditor(string view, ContactForm form, int? id, RecordChoices choices, CancellationToken ct)
    {
        var user = RecordUser;
        ViewData["Id"] = id;
        ViewData["Owners"] = await choices.OwnersAsync<Contact>(user, ct, id is null ? null : form.OwnerId);
        ViewData["Companies"] = await choices.CompaniesAsync(user, null, form.CompanyId, null, ct);
        return View(view, form);
    }

    private void AddRecordErrors(IEnumerable<FieldError> errors)
    {
        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Field, error.Message);
        }
    }
}
