using Crm.Web.Features.Activities;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Companies;

/// <summary>
/// One company's pages: details, create, edit, delete, logging activities, and the company lookup of record forms.
/// Delete, the timeline
/// and logging come from <see cref="RecordsController{T}"/>; outcomes map to 404/403 in <see cref="OutcomeResults"/>.
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

    protected override async Task<IActionResult> DetailsWithLogForm(int id, LogActivity.Form form, CancellationToken ct)
    {
        ViewData["LogForm"] = form;
        return View(nameof(Details), await HttpContext.RequestServices.GetRequiredService<CompanyDetails.Handler>().HandleAsync(id, RecordUser, null, false, ct));
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
    public async Task<IActionResult> Edit(int id, [FromServices] EditCompany.Handler edit, [FromServices] RecordChoices choices, CancellationToken ct) =>
        await this.Respond(await edit.LoadAsync(id, RecordUser, ct), form => RecordEditor("Edit", form, id, choices, ct));

    [HttpPost]
    public async Task<IActionResult> Edit(int id, CompanyForm form, [FromServices] EditCompany.Handler edit, [FromServices] RecordChoices choices, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
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
                ModelState.Remove(nameof(CompanyForm.Version));
                return RecordEditor("Edit", form with { Version = conflict!.CurrentVersion }, id, choices, ct);
            });
    }

    /// <summary>Visible companies with a name word starting each word of <paramref name="q"/>, for the company pickers of record forms.</summary>
    [HttpGet]
    public async Task<IActionResult> Lookup(string? q, int? exclude, [FromServices] RecordChoices choices, CancellationToken ct)
    {
        var found = await choices.CompaniesAsync(RecordUser, q, null, exclude, ct);
        return Json(found.Select(c => new { value = c.Value, text = c.Text }));
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
