using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Admin;

/// <summary>
/// /Admin/Pipelines: pipelines, their stages and the currency rates, one page of small forms that work without
/// JavaScript; every change redirects back to the page, with its error when it was refused.
/// </summary>
[Authorize(Policy = Policies.Admin)]
[Route("Admin/Pipelines")]
public sealed class AdminPipelinesController(PipelineAdmin pipelines, CurrencyAdmin currencies, IStringLocalizer<SharedResource> l) : Controller
{
    public sealed record PageModel(IReadOnlyList<PipelineAdmin.PipelineRow> Pipelines, IReadOnlyList<CurrencyAdmin.RateRow> Rates, string DefaultCurrency);

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View("/Features/Admin/Pipelines.cshtml", new PageModel(await pipelines.ListAsync(ct), await currencies.ListAsync(ct), await currencies.DefaultAsync(ct)));

    [HttpPost("Add")]
    public async Task<IActionResult> Add(PipelineAdmin.PipelineForm form, CancellationToken ct) => Back(await pipelines.AddPipelineAsync(form, ct), "pipeline-");

    [HttpPost("{id:int}/Rename")]
    public async Task<IActionResult> Rename(int id, PipelineAdmin.PipelineForm form, CancellationToken ct) => Back(await pipelines.RenamePipelineAsync(id, form, ct), "pipeline-");

    [HttpPost("{id:int}/Move")]
    public async Task<IActionResult> Move(int id, bool up, CancellationToken ct) => Back(await pipelines.MovePipelineAsync(id, up, ct), "pipeline-");

    [HttpPost("{id:int}/Remove")]
    public async Task<IActionResult> Remove(int id, CancellationToken ct) => Back(await pipelines.RemovePipelineAsync(id, ct), null);

    [HttpPost("{id:int}/Stages/Add")]
    public async Task<IActionResult> AddStage(int id, PipelineAdmin.StageForm form, CancellationToken ct) => Back(await pipelines.AddStageAsync(id, form, ct), "stage-");

    [HttpPost("Stages/{id:int}")]
    public async Task<IActionResult> UpdateStage(int id, PipelineAdmin.StageForm form, CancellationToken ct) => Back(await pipelines.UpdateStageAsync(id, form, ct), "stage-");

    [HttpPost("Stages/{id:int}/Move")]
    public async Task<IActionResult> MoveStage(int id, bool up, CancellationToken ct) => Back(await pipelines.MoveStageAsync(id, up, ct), "stage-");

    /// <summary>The question a removal asks when the stage holds open deals: where they go.</summary>
    [HttpGet("Stages/{id:int}/Remove")]
    public async Task<IActionResult> RemoveStage(int id, CancellationToken ct)
    {
        var stage = await pipelines.LiveStageAsync(id, ct);
        if (stage is null)
        {
            return NotFound();
        }

        var all = await pipelines.ListAsync(ct);
        var others = all.First(p => p.Id == stage.PipelineId).Stages.Where(s => s.Id != id).ToList();
        return View("/Features/Admin/RemoveStage.cshtml", new RemoveStageModel(stage.Id, stage.Name, stage.Pipeline!.Name, await pipelines.OpenDealsInAsync(id, ct), others));
    }

    [HttpPost("Stages/{id:int}/Remove")]
    public async Task<IActionResult> RemoveStage(int id, int? targetId, CancellationToken ct) =>
        Back(await pipelines.RemoveStageAsync(id, targetId, User.Id(), ct), null, failedTo: $"/Admin/Pipelines/Stages/{id}/Remove");

    [HttpPost("Currencies")]
    public async Task<IActionResult> SaveRate(CurrencyAdmin.RateForm form, CancellationToken ct) => Back(await currencies.SaveAsync(form, ct), "currencies");

    [HttpPost("Currencies/{code}/Remove")]
    public async Task<IActionResult> RemoveRate(string code, CancellationToken ct) => Back(await currencies.RemoveAsync(code, ct), "currencies");

    public sealed record RemoveStageModel(int Id, string Name, string PipelineName, int OpenDeals, IReadOnlyList<PipelineAdmin.StageRow> Others);

    /// <param name="anchor">Where the page scrolls back to: a prefix the id is added to, or a fixed anchor.</param>
    private IActionResult Back<T>(Outcome<T> outcome, string? anchor, string? failedTo = null)
    {
        switch (outcome.Status)
        {
            case OutcomeStatus.Done:
                TempData["Flash"] = l["Changes saved."].Value;
                var fragment = anchor is null ? null : anchor.EndsWith('-') ? $"#{anchor}{outcome.Value}" : $"#{anchor}";
                return Redirect("/Admin/Pipelines" + fragment);
            case OutcomeStatus.Invalid:
                TempData["FlashError"] = outcome.Errors.Count > 0 ? outcome.Errors[0].Message : null;
                return Redirect(failedTo ?? "/Admin/Pipelines");
            default:
                return NotFound();
        }
    }
}
