using System.Globalization;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Users;

[Authorize(Policy = Policies.Admin)]
[Route("Admin/Users")]
public sealed class UsersController(UserAdmin admin, IStringLocalizer<SharedResource> l) : Controller
{
    private const string Folder = "/Features/Users/";

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, string? role, int? teamId, UserStatus? status, int page = 1, CancellationToken ct = default) =>
        View(Folder + "Index.cshtml", await admin.ListAsync(new UserAdmin.Query(q, role, teamId, status, page), ct));

    [HttpGet("Invite")]
    public async Task<IActionResult> Invite(CancellationToken ct) => View(Folder + "Edit.cshtml", await admin.EditorAsync(null, null, ct));

    [HttpPost("Invite")]
    public async Task<IActionResult> Invite(UserAdmin.Form form, CancellationToken ct)
    {
        var outcome = await admin.InviteAsync(form, User.Id(), CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, ct);
        if (!outcome.IsDone)
        {
            AddErrors(outcome.Errors);
            return View(Folder + "Edit.cshtml", await admin.EditorAsync(null, form, ct));
        }

        TempData["Flash"] = l["{0} is invited: an email with a link to choose a password is on its way.", outcome.Value!.DisplayName].Value;
        return Redirect("/Admin/Users");
    }

    [HttpGet("{id}")]
    public async Task<IActionResult> Edit(string id, CancellationToken ct) =>
        await admin.EditorAsync(id, null, ct) is { } editor ? View(Folder + "Edit.cshtml", editor) : NotFound();

    [HttpPost("{id}")]
    public async Task<IActionResult> Edit(string id, UserAdmin.Form form, CancellationToken ct)
    {
        var outcome = await admin.SaveAsync(id, form, User.Id(), ct);
        if (outcome.Status == OutcomeStatus.NotFound)
        {
            return NotFound();
        }

        if (!outcome.IsDone)
        {
            AddErrors(outcome.Errors);
            return View(Folder + "Edit.cshtml", await admin.EditorAsync(id, form, ct));
        }

        TempData["Flash"] = l["{0} is saved.", outcome.Value!.DisplayName].Value;
        return Redirect("/Admin/Users");
    }

    [HttpPost("{id}/SendLink")]
    public async Task<IActionResult> SendLink(string id, CancellationToken ct)
    {
        var sent = await admin.SendLinkAsync(id, User.Id(), CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, ct);
        TempData[sent ? "Flash" : "FlashError"] = sent
            ? l["The email is on its way; the link sent before no longer works."].Value
            : l["Only an active user with an email address can be sent a link."].Value;
        return Redirect($"/Admin/Users/{Uri.EscapeDataString(id)}");
    }

    [HttpGet("{id}/Deactivate")]
    public async Task<IActionResult> Deactivate(string id, CancellationToken ct) =>
        await admin.DeactivationAsync(id, ct) is { } page ? View(Folder + "Deactivate.cshtml", page) : NotFound();

    [HttpPost("{id}/Deactivate")]
    public async Task<IActionResult> Deactivate(string id, string? reassignTo, CancellationToken ct)
    {
        var outcome = await admin.DeactivateAsync(id, reassignTo, User.Id(), ct);
        if (outcome.Status == OutcomeStatus.NotFound)
        {
            return NotFound();
        }

        if (!outcome.IsDone)
        {
            AddErrors(outcome.Errors);
            return await admin.DeactivationAsync(id, ct) is { } page ? View(Folder + "Deactivate.cshtml", page) : NotFound();
        }

        TempData["Flash"] = l["The user is deactivated; {0} handed over.", Infrastructure.Localization.Counted.Format(outcome.Value, l["{0} record"], l["{0} records"])].Value;
        return Redirect("/Admin/Users");
    }

    [HttpPost("{id}/Reactivate")]
    public async Task<IActionResult> Reactivate(string id, CancellationToken ct)
    {
        if (!await admin.ReactivateAsync(id, User.Id(), ct))
        {
            return NotFound();
        }

        TempData["Flash"] = l["The user can sign in again."].Value;
        return Redirect($"/Admin/Users/{Uri.EscapeDataString(id)}");
    }

    private void AddErrors(IReadOnlyList<FieldError> errors)
    {
        ModelState.Clear();
        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Field, error.Message);
        }
    }
}
