using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.CustomFields;

/// <summary>/Admin/Fields: the custom fields of every registered kind of record (docs/decisions/0015-custom-fields-storage.md).</summary>
[Authorize(Policy = Policies.Admin)]
[Route("Admin/Fields")]
public sealed class CustomFieldsController(CustomFieldAdmin admin, IStringLocalizer<SharedResource> l) : Controller
{
    public sealed record EditPage(int? Id, CustomFieldAdmin.Form Form, int Values);

    public sealed record RemovePage(CustomField Field, int Values);

    private const string EditView = "/Features/CustomFields/Edit.cshtml";

    [HttpGet("")]
    public async Task<IActionResult> Index(string? kind, CancellationToken ct) =>
        await admin.ListAsync(kind, ct) is { } list ? View("/Features/CustomFields/Index.cshtml", list) : NotFound();

    [HttpGet("New")]
    public IActionResult New(string? kind) =>
        View(EditView, new EditPage(null, new CustomFieldAdmin.Form(kind, null, CustomFieldType.Text, null, null, null, null, false, null, null, null, null), 0));

    [HttpPost("New")]
    public Task<IActionResult> Create(CustomFieldAdmin.Form form, CancellationToken ct) => SaveAsync(null, form, ct);

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) =>
        await admin.FindAsync(id, ct) is { } field ? View(EditView, new EditPage(id, CustomFieldAdmin.Form.Of(field), await admin.CountValuesAsync(id, ct))) : NotFound();

    [HttpPost("{id:int}")]
    public Task<IActionResult> Update(int id, CustomFieldAdmin.Form form, CancellationToken ct) => SaveAsync(id, form, ct);

    [HttpPost("{id:int}/Move")]
    public async Task<IActionResult> Move(int id, string? direction, CancellationToken ct) =>
        await admin.MoveAsync(id, direction == "up", ct) is { } kind ? Redirect($"/Admin/Fields?kind={Uri.EscapeDataString(kind)}") : NotFound();

    /// <summary>The confirmation: what removing the field does, and how many records hold a value.</summary>
    [HttpGet("{id:int}/Remove")]
    public async Task<IActionResult> Remove(int id, CancellationToken ct) =>
        await admin.FindAsync(id, ct) is { } field ? View("/Features/CustomFields/Remove.cshtml", new RemovePage(field, await admin.CountValuesAsync(id, ct))) : NotFound();

    [HttpPost("{id:int}/Remove")]
    public async Task<IActionResult> RemoveConfirmed(int id, CancellationToken ct)
    {
        if (await admin.RemoveAsync(id, ct) is not { } field)
        {
            return NotFound();
        }

        TempData["Flash"] = l["Field {0} removed. Its values can be restored for 30 days.", field.Label(CustomFieldStore.French)].Value;
        return Redirect($"/Admin/Fields?kind={Uri.EscapeDataString(field.Kind)}");
    }

    [HttpPost("{id:int}/Restore")]
    public async Task<IActionResult> Restore(int id, CancellationToken ct)
    {
        if (await admin.RestoreAsync(id, ct) is not { } field)
        {
            return NotFound();
        }

        TempData["Flash"] = l["Field {0} restored with its values.", field.Label(CustomFieldStore.French)].Value;
        return Redirect($"/Admin/Fields?kind={Uri.EscapeDataString(field.Kind)}");
    }

    private async Task<IActionResult> SaveAsync(int? id, CustomFieldAdmin.Form form, CancellationToken ct)
    {
        var outcome = await admin.SaveAsync(id, form, ct);
        switch (outcome.Status)
        {
            case OutcomeStatus.Done:
                TempData["Flash"] = l["Field saved."].Value;
                var saved = id is int editing ? await admin.FindAsync(editing, ct) : null;
                return Redirect($"/Admin/Fields?kind={Uri.EscapeDataString(saved?.Kind ?? form.Kind ?? string.Empty)}");
            case OutcomeStatus.Invalid:
                ModelState.Clear();
                foreach (var error in outcome.Errors)
                {
                    ModelState.AddModelError(error.Field, error.Message);
                }

                var current = id is int edited ? await admin.FindAsync(edited, ct) : null;
                // The kind, name and type of an existing field are not editable: show them as they are.
                var shown = current is null ? form : form with { Kind = current.Kind, Key = current.Key, Type = current.Type };
                return View(EditView, new EditPage(id, shown, id is int counted ? await admin.CountValuesAsync(counted, ct) : 0));
            default:
                return NotFound();
        }
    }
}
