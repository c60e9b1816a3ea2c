using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Products;

/// <summary>/Products: everyone reads the catalogue; admins and managers keep it.</summary>
public sealed class ProductsController(ProductCatalog catalog, IStringLocalizer<SharedResource> l) : Controller
{
    public sealed record EditPage(int? Id, ProductCatalog.Form Form);

    public async Task<IActionResult> Index(string? q, bool inactive = false, int page = 1, CancellationToken ct = default) =>
        View(await catalog.ListAsync(q, inactive, page, ct));

    [Authorize(Policy = Policies.Managers)]
    public IActionResult Create() => View("Edit", new EditPage(null, new ProductCatalog.Form(null, null, null, "20")));

    [HttpPost, Authorize(Policy = Policies.Managers)]
    public Task<IActionResult> Create(ProductCatalog.Form form, CancellationToken ct) => SaveAsync(null, form, ct);

    [Authorize(Policy = Policies.Managers)]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) =>
        await catalog.FindAsync(id, ct) is { } product ? View(new EditPage(id, ProductCatalog.Form.Of(product))) : NotFound();

    [HttpPost, Authorize(Policy = Policies.Managers)]
    public Task<IActionResult> Edit(int id, ProductCatalog.Form form, CancellationToken ct) => SaveAsync(id, form, ct);

    [HttpPost, Authorize(Policy = Policies.Managers)]
    public async Task<IActionResult> Deactivate(int id, CancellationToken ct) => Flash(await catalog.SetActiveAsync(id, false, ct), "“{0}” is no longer offered to new deal lines.");

    [HttpPost, Authorize(Policy = Policies.Managers)]
    public async Task<IActionResult> Reactivate(int id, CancellationToken ct) => Flash(await catalog.SetActiveAsync(id, true, ct), "“{0}” is offered to deal lines again.");

    private async Task<IActionResult> SaveAsync(int? id, ProductCatalog.Form form, CancellationToken ct)
    {
        var outcome = await catalog.SaveAsync(id, form, ct);
        switch (outcome.Status)
        {
            case OutcomeStatus.Done:
                TempData["Flash"] = l["Product saved."].Value;
                return RedirectToAction(nameof(Index), new { q = form.Name });
            case OutcomeStatus.Invalid:
                ModelState.Clear();
                foreach (var error in outcome.Errors)
                {
                    ModelState.AddModelError(error.Field, error.Message);
                }

                return View("Edit", new EditPage(id, form));
            default:
                return NotFound();
        }
    }

    private IActionResult Flash(Outcome<string> outcome, string message)
    {
        if (!outcome.IsDone)
        {
            return NotFound();
        }

        TempData["Flash"] = l[message, outcome.Value!].Value;
        return RedirectToAction(nameof(Index), new { inactive = true });
    }
}
