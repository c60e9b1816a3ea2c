using Crm.Web.Features.Activities;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// One contact's pages: details, create, edit, delete, vCard, logging activities. Delete, the timeline and
/// logging come from <see cref="RecordsController{T}"/>; outcomes map to 404/403 in <see cref="OutcomeResults"/>.
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

    protected override async Task<IActionResult> DetailsWithLogForm(int id, LogActivity.Form form, CancellationToken ct)
    {
        ViewData["LogForm"] = form;
        return View(nameof(Details), await HttpContext.RequestServices.GetRequiredService<ContactDetails.Handler>().HandleAsync(id, RecordUser, null, false, ct));
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
    public async Task<IActionResult> Edit(int id, [FromServices] EditContact.Handler edit, [FromServices] RecordChoices choices, CancellationToken ct) =>
        await this.Respond(await edit.LoadAsync(id, RecordUser, ct), form => RecordEditor("Edit", form with { Emails = [.. form.Emails, null], Phones = [.. form.Phones, null] }, id, choices, ct));

    [HttpPost]
    public async Task<IActionResult> Edit(int id, ContactForm form, [FromServices] EditContact.Handler edit, [FromServices] RecordChoices choices, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var user = RecordUser;
        var outcome = ModelState.IsValid ? await edit.HandleAsync(id, form, user, ct) : (await edit.LoadAsync(id, user, ct)).Then<int>(_ => Outcome.Invalid([]));
        return await this.Respond(
            outcome,
            _ =>
            {
                TempData["Flash"] = l["Changes saved."].Value;
                return RedirectToAction(nameof(Details), new { id });
            },
            invalid: () => RecordEditor("Edit", form, id, choices, ct),
            conflict: conflict =>
            {
                ViewData["Conflict"] = conflict;
                // The user's input stays on screen; saving again is a deliberate overwrite of the newer version.
                ModelState.Remove(nameof(ContactForm.Version));
                return RecordEditor("Edit", form with { Version = conflict!.CurrentVersion }, id, choices, ct);
            });
    }

    [HttpGet]
    public async Task<IActionResult> VCard(int id, [FromServices] ContactVCard.Handler vcard, CancellationToken ct)
    {
        var file = await vcard.HandleAsync(id, RecordUser, ct);
        return file is null ? NotFound() : File(file.Content, "text/vcard; charset=utf-8", file.FileName);
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
