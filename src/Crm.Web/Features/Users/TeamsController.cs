using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Users;

[Authorize(Policy = Policies.Admin)]
[Route("Admin/Teams")]
public sealed class TeamsController(TeamAdmin admin, IStringLocalizer<SharedResource> l) : Controller
{
    private const string Folder = "/Features/Users/";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(Folder + "Teams.cshtml", await admin.ListAsync(ct));

    [HttpGet("New")]
    public async Task<IActionResult> New(CancellationToken ct) => View(Folder + "Team.cshtml", await admin.EditorAsync(null, null, ct));

    [HttpPost("New")]
    public Task<IActionResult> New(TeamAdmin.Form form, CancellationToken ct) => Save(null, form, ct);

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) =>
        await admin.EditorAsync(id, null, ct) is { } editor ? View(Folder + "Team.cshtml", editor) : NotFound();

    [HttpPost("{id:int}")]
    public Task<IActionResult> Edit(int id, TeamAdmin.Form form, CancellationToken ct) => Save(id, form, ct);

    [HttpPost("{id:int}/Delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct)
    {
        var outcome = await admin.DeleteAsync(id, ct);
        if (outcome.Status == OutcomeStatus.NotFound)
        {
            return NotFound();
        }

        TempData[outcome.IsDone ? "Flash" : "FlashError"] = outcome.IsDone
            ? l["The team {0} is deleted.", outcome.Value!].Value
            : outcome.Errors[0].Message;
        return Redirect(outcome.IsDone ? "/Admin/Teams" : $"/Admin/Teams/{id}");
    }

    private async Task<IActionResult> Save(int? id, TeamAdmin.Form form, CancellationToken ct)
    {
        var outcome = await admin.SaveAsync(id, form, ct);
        if (outcome.Status == OutcomeStatus.NotFound)
        {
            return NotFound();
        }

        if (!outcome.IsDone)
        {
            ModelState.Clear();
            foreach (var error in outcome.Errors)
            {
                ModelState.AddModelError(error.Field, error.Message);
            }

            return await admin.EditorAsync(id, form, ct) is { } editor ? View(Folder + "Team.cshtml", editor) : NotFound();
        }

        TempData["Flash"] = l["The team {0} is saved.", outcome.Value!.Name].Value;
        return Redirect("/Admin/Teams");
    }
}
