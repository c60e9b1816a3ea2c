using Crm.Web.Features.Activities;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Companies;

/// <summary>
/// One company's pages: details, create, edit, delete, logging activities, and the company lookup of record forms.
/// A company the user may not see
/// answers 404 everywhere. One they see but may not change answers 403: they already know it exists, so a 404
/// would hide nothing and only confuse (a support agent who reads a company is told plainly they cannot edit it).
/// </summary>
public sealed partial class CompaniesController
{
    private CrmUser RecordUser => CrmUser.From(User);

    [HttpGet]
    public async Task<IActionResult> Details(int id, string? after, bool history, [FromServices] CompanyDetails.Handler details, CancellationToken ct)
    {
        var view = await details.HandleAsync(id, RecordUser, after, history, ct);
        return view is null ? await NotFoundOrMergedAsync(id, ct) : View(view);
    }

    /// <summary>The next page of the timeline, as a fragment the details page appends (the link works without JS too).</summary>
    [HttpGet]
    public async Task<IActionResult> Timeline(int id, string? after, [FromServices] CompanyDetails.Handler details, [FromServices] ActivityTimeline.Handler timeline, CancellationToken ct)
    {
        var user = RecordUser;
        if (await details.FindVisibleAsync(id, user, ct) is not { } record)
        {
            return NotFound();
        }

        var page = await timeline.ForCompanyAsync(id, after, user, ct);
        return PartialView("_TimelineEntries", new TimelinePage(page, Url.Action(nameof(Timeline), new { id })!, Url.Action(nameof(Details), new { id })!, ShowContact: true, CanEditRecord: user.CanEdit<Company>(record), UserId: user.Id));
    }

    [HttpGet]
    public async Task<IActionResult> Create(int? parentId, [FromServices] RecordChoices choices, CancellationToken ct)
    {
        var user = RecordUser;
        if (!user.CanCreate<Company>())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var form = new CompanyForm { OwnerId = user.Id, ParentCompanyId = parentId, ShippingSameAsBilling = true };
        return await RecordEditor("Create", form, null, choices, ct);
    }

    [HttpPost]
    public async Task<IActionResult> Create(CompanyForm form, [FromServices] CreateCompany.Handler create, [FromServices] RecordChoices choices, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var user = RecordUser;
        if (!user.CanCreate<Company>())
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
            TempData["Flash"] = l["Company created."].Value;
            return RedirectToAction(nameof(Details), new { id = result.Id });
        }

        AddRecordErrors(result.Errors);
        ViewData["Duplicates"] = result.Duplicates;
        return await RecordEditor("Create", form, null, choices, ct);
    }

    [HttpGet]
    public async Task<IActionResult> Edit(int id, [FromServices] EditCompany.Handler edit, [FromServices] RecordChoices choices, CancellationToken ct)
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

        return await RecordEditor("Edit", form, id, choices, ct);
    }

    [HttpPost]
    public async Task<IActionResult> Edit(int id, CompanyForm form, [FromServices] EditCompany.Handler edit, [FromServices] RecordChoices choices, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
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
            case EditCompany.Status.NotFound:
                return NotFound();
            case EditCompany.Status.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
            case EditCompany.Status.Saved:
                TempData["Flash"] = l["Changes saved."].Value;
                return RedirectToAction(nameof(Details), new { id });
            case EditCompany.Status.Conflict:
                ViewData["Conflict"] = result.Conflict;
                // The user's input stays on screen; saving again is a deliberate overwrite of the newer version.
                ModelState.Remove(nameof(CompanyForm.Version));
                return await RecordEditor("Edit", form with { Version = result.Conflict!.CurrentVersion }, id, choices, ct);
            default:
                AddRecordErrors(result.Errors);
                return await RecordEditor("Edit", form, id, choices, ct);
        }
    }

    [HttpPost]
    public async Task<IActionResult> Delete(int id, [FromServices] DeleteCompany.Handler delete, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var (result, name) = await delete.HandleAsync(id, RecordUser, ct);
        if (result == DeleteCompany.Outcome.NotFound)
        {
            return NotFound();
        }

        if (result == DeleteCompany.Outcome.Forbidden)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        TempData["Flash"] = l["{0} was moved to the recycle bin.", name ?? string.Empty].Value;
        OfferUndo([id]);
        return RedirectToAction("Index");
    }

    /// <summary>Visible companies with a name word starting each word of <paramref name="q"/>, for the company pickers of record forms.</summary>
    [HttpGet]
    public async Task<IActionResult> Lookup(string? q, int? exclude, [FromServices] RecordChoices choices, CancellationToken ct)
    {
        var found = await choices.CompaniesAsync(RecordUser, q, null, exclude, ct);
        return Json(found.Select(c => new { value = c.Value, text = c.Text }));
    }

    [HttpPost]
    public async Task<IActionResult> LogActivity(int id, LogActivity.Form form, [FromServices] LogActivity.Handler log, [FromServices] CompanyDetails.Handler details, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
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

        var result = await log.ForCompanyAsync(id, form, user, ct);
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

    private async Task<IActionResult> RecordEditor(string view, CompanyForm form, int? id, RecordChoices choices, CancellationToken ct)
    {
        var user = RecordUser;
        ViewData["Id"] = id;
        ViewData["Owners"] = await choices.OwnersAsync<Company>(user, ct, id is null ? null : form.OwnerId);
        ViewData["Companies"] = await choices.CompaniesAsync(user, null, form.ParentCompanyId, id, ct);
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
