using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Workflows;

/// <summary>
/// /Admin/Workflows: the rules, their form (rows added and removed by the server without script, by wwwroot/js/workflows.js
/// with it), enabling, the run log with retry, and the dry run on a record.
/// </summary>
[Authorize(Policy = Policies.Admin)]
[Route("Admin/Workflows")]
public sealed class AdminWorkflowsController(WorkflowAdmin admin, IStringLocalizer<SharedResource> l) : Controller
{
    public const int RunsPerPage = 25;

    public sealed record IndexModel(IReadOnlyList<WorkflowAdmin.RuleRow> Rules, int Failed);

    public sealed record FormModel(int? Id, WorkflowRuleForm Form, WorkflowFormChoices Choices);

    public sealed record TestModel(WorkflowRule Rule, IReadOnlyList<RecordSummary> Recent, int? RecordId, WorkflowDryRun.Result? Result, bool NotFound);

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View("/Features/Workflows/Index.cshtml", new IndexModel(await admin.ListAsync(ct), await admin.FailedCountAsync(ct)));

    [HttpGet("Create")]
    public async Task<IActionResult> Create([FromServices] WorkflowFormChoices.Loader choices, CancellationToken ct) =>
        Form(null, new WorkflowRuleForm { RecordKind = "contacts", Actions = [new()] }, await choices.LoadAsync(ct));

    [HttpPost("Create")]
    public Task<IActionResult> Create(WorkflowRuleForm form, string? command, [FromServices] WorkflowFormChoices.Loader choices, CancellationToken ct) =>
        SaveAsync(null, form, command, choices, ct);

    [HttpGet("{id:int}/Edit")]
    public async Task<IActionResult> Edit(int id, [FromServices] WorkflowFormChoices.Loader choices, CancellationToken ct) =>
        await admin.FindAsync(id, ct) is { } rule ? Form(id, WorkflowRuleForm.From(rule), await choices.LoadAsync(ct)) : NotFound();

    [HttpPost("{id:int}/Edit")]
    public Task<IActionResult> Edit(int id, WorkflowRuleForm form, string? command, [FromServices] WorkflowFormChoices.Loader choices, CancellationToken ct) =>
        SaveAsync(id, form, command, choices, ct);

    [HttpPost("{id:int}/Enable")]
    public async Task<IActionResult> Enable(int id, bool enabled, CancellationToken ct)
    {
        var outcome = await admin.EnableAsync(id, enabled, ct);
        switch (outcome.Status)
        {
            case OutcomeStatus.Done:
                TempData["Flash"] = enabled ? l["Rule enabled."].Value : l["Rule disabled."].Value;
                return Redirect("/Admin/Workflows");
            case OutcomeStatus.Invalid:
                TempData["FlashError"] = l["This rule cannot be enabled: {0}", outcome.Errors[0].Message].Value;
                return Redirect("/Admin/Workflows");
            default:
                return NotFound();
        }
    }

    [HttpGet("{id:int}/Runs")]
    public async Task<IActionResult> Runs(int id, long? before, CancellationToken ct) =>
        await admin.RunsAsync(id, before, RunsPerPage, ct) is { } log ? View("/Features/Workflows/Runs.cshtml", log) : NotFound();

    [HttpPost("{id:int}/Runs/{runId:long}/Retry")]
    public async Task<IActionResult> Retry(int id, long runId, CancellationToken ct)
    {
        var outcome = await admin.RetryAsync(id, runId, ct);
        switch (outcome.Status)
        {
            case OutcomeStatus.Done:
                TempData["Flash"] = l["The run will be retried within a minute."].Value;
                break;
            case OutcomeStatus.Conflict:
                TempData["FlashError"] = l["Only a run that failed at an action can be retried."].Value;
                break;
            default:
                return NotFound();
        }

        return Redirect($"/Admin/Workflows/{id}/Runs#run-{runId}");
    }

    [HttpGet("{id:int}/Test")]
    public async Task<IActionResult> Test(int id, int? recordId, [FromServices] WorkflowDryRun dryRun, [FromServices] RecordKinds kinds, [FromServices] CrmDbContext db, CancellationToken ct)
    {
        var rule = await admin.FindAsync(id, ct);
        if (rule is null)
        {
            return NotFound();
        }

        var recent = kinds.Find(rule.RecordKind) is { } kind
            ? await kind.Summaries(db).OrderByDescending(s => s.Id).Take(50).ToListAsync(ct)
            : [];
        var result = recordId is int record ? await dryRun.RunAsync(rule, record, ct) : null;
        return View("/Features/Workflows/Test.cshtml", new TestModel(rule, recent, recordId, result, recordId is not null && result is null));
    }

    private async Task<IActionResult> SaveAsync(int? id, WorkflowRuleForm form, string? command, WorkflowFormChoices.Loader choices, CancellationToken ct)
    {
        // Rows added or removed without script: the server draws the form again with the change, saving nothing.
        if (command is not null && command != "save")
        {
            ModelState.Clear();
            Change(form, command);
            return Form(id, form, await choices.LoadAsync(ct));
        }

        var outcome = await admin.SaveAsync(id, form, ct);
        switch (outcome.Status)
        {
            case OutcomeStatus.Done:
                TempData["Flash"] = l["Rule saved."].Value;
                return Redirect("/Admin/Workflows");
            case OutcomeStatus.Invalid:
                foreach (var error in outcome.Errors)
                {
                    ModelState.AddModelError(error.Field, error.Message);
                }

                return Form(id, form, await choices.LoadAsync(ct));
            case OutcomeStatus.Conflict:
                ModelState.AddModelError(string.Empty, l["Someone else changed this rule meanwhile. Open it again to see their changes."]);
                return Form(id, form, await choices.LoadAsync(ct));
            default:
                return NotFound();
        }
    }

    private static void Change(WorkflowRuleForm form, string command)
    {
        if (command == "add-condition" && form.Conditions.Count < WorkflowRuleForm.MaxRows)
        {
            form.Conditions.Add(new());
        }
        else if (command == "add-action" && form.Actions.Count < WorkflowRuleForm.MaxRows)
        {
            form.Actions.Add(new());
        }
        else if (command.StartsWith("remove-condition-", StringComparison.Ordinal) && int.TryParse(command["remove-condition-".Length..], out var c) && c >= 0 && c < form.Conditions.Count)
        {
            form.Conditions.RemoveAt(c);
        }
        else if (command.StartsWith("remove-action-", StringComparison.Ordinal) && int.TryParse(command["remove-action-".Length..], out var a) && a >= 0 && a < form.Actions.Count)
        {
            form.Actions.RemoveAt(a);
        }
    }

    private ViewResult Form(int? id, WorkflowRuleForm form, WorkflowFormChoices choices)
    {
        Response.StatusCode = ModelState.IsValid ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity;
        return View("/Features/Workflows/Edit.cshtml", new FormModel(id, form, choices));
    }
}
