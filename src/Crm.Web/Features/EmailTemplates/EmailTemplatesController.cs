using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.EmailTemplates;

[Authorize(Policy = Policies.Admin)]
[Route("Admin/EmailTemplates")]
public sealed class EmailTemplatesController(EmailTemplateAdmin templates, IStringLocalizer<SharedResource> l) : Controller
{
    public sealed record EditPage(int? Id, EmailTemplateAdmin.Form Form, IReadOnlyList<EmailTemplateAdmin.Choice> Records, EmailTemplateAdmin.Preview? Preview);

    private const string EditView = "/Features/EmailTemplates/Edit.cshtml";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View("/Features/EmailTemplates/Index.cshtml", await templates.ListAsync(ct));

    [HttpGet("New")]
    public async Task<IActionResult> New(string? kind, CancellationToken ct)
    {
        kind = kind is not null && MergeFields.ByKind.ContainsKey(kind) ? kind : "contacts";
        return View(EditView, new EditPage(null, new EmailTemplateAdmin.Form(null, kind, null, null, null, null), await templates.RecordChoicesAsync(kind, ct), null));
    }

    [HttpPost("New")]
    public Task<IActionResult> Create(EmailTemplateAdmin.Form form, CancellationToken ct) => SaveAsync(null, form, ct);

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) =>
        await templates.FindAsync(id, ct) is { } template
            ? View(EditView, new EditPage(id, EmailTemplateAdmin.Form.Of(template), await templates.RecordChoicesAsync(template.Kind, ct), null))
            : NotFound();

    [HttpPost("{id:int}")]
    public Task<IActionResult> Update(int id, EmailTemplateAdmin.Form form, CancellationToken ct) => SaveAsync(id, form, ct);

    /// <summary>The form as typed, not saved, rendered with a record or sample values; its unknown fields are listed as on save.</summary>
    [HttpPost("Preview")]
    public async Task<IActionResult> Preview(int? id, EmailTemplateAdmin.Form form, string? previewLanguage, int? previewRecordId, CancellationToken ct)
    {
        ModelState.Clear();
        foreach (var error in templates.Check(form))
        {
            ModelState.AddModelError(error.Field, error.Message);
        }

        var preview = await templates.PreviewAsync(form, previewLanguage, previewRecordId, ct);
        return View(EditView, new EditPage(id, form, await templates.RecordChoicesAsync(form.Kind, ct), preview));
    }

    [HttpPost("{id:int}/Delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct)
    {
        if (!await templates.DeleteAsync(id, ct))
        {
            return NotFound();
        }

        TempData["Flash"] = l["Template deleted."].Value;
        return Redirect("/Admin/EmailTemplates");
    }

    private async Task<IActionResult> SaveAsync(int? id, EmailTemplateAdmin.Form form, CancellationToken ct)
    {
        var outcome = await templates.SaveAsync(id, form, ct);
        switch (outcome.Status)
        {
            case OutcomeStatus.Done:
                TempData["Flash"] = l["Template saved."].Value;
                return Redirect("/Admin/EmailTemplates");
            case OutcomeStatus.Invalid:
                ModelState.Clear();
                foreach (var error in outcome.Errors)
                {
                    ModelState.AddModelError(error.Field, error.Message);
                }

                return View(EditView, new EditPage(id, form, await templates.RecordChoicesAsync(form.Kind, ct), null));
            default:
                return NotFound();
        }
    }
}
