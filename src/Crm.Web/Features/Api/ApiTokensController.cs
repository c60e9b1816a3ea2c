using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Api;

/// <summary>/Account/Tokens: a signed-in user's personal API tokens (the fallback policy requires a signed-in user here).</summary>
[Route("/Account/Tokens")]
public sealed class ApiTokensController(ApiTokens tokens, IStringLocalizer<SharedResource> l) : Controller
{
    private const string ViewPath = "/Features/Api/Tokens.cshtml";

    public sealed record Page(IReadOnlyList<ApiTokens.Row> Tokens, ApiTokens.NewTokenForm Form, string? Created);

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(ViewPath, new Page(await tokens.ListAsync(User.Id(), ct), new(), null));

    [HttpPost("")]
    public async Task<IActionResult> Create([Bind(Prefix = nameof(Page.Form))] ApiTokens.NewTokenForm form, CancellationToken ct)
    {
        var created = ModelState.IsValid && !string.IsNullOrWhiteSpace(form.Name) ? await tokens.CreateAsync(User.Id(), form.Name, ct) : null;
        if (ModelState.IsValid && created is null)
        {
            ModelState.AddModelError($"{nameof(Page.Form)}.{nameof(form.Name)}", string.IsNullOrWhiteSpace(form.Name)
                ? l["Enter a name for the token."]
                : l["You have {0} tokens already: revoke one you no longer use first.", ApiToken.MaxPerUser]);
        }

        // The token is shown on this answer only: never cached, never in a redirect's flash.
        Response.Headers.CacheControl = "no-store";
        return View(ViewPath, new Page(await tokens.ListAsync(User.Id(), ct), created is null ? form : new(), created));
    }

    [HttpPost("Revoke/{id:int}")]
    public async Task<IActionResult> Revoke(int id, CancellationToken ct)
    {
        if (!await tokens.RevokeAsync(User.Id(), id, ct))
        {
            return NotFound();
        }

        TempData["Flash"] = l["The token has been revoked: it no longer works."].Value;
        return Redirect("/Account/Tokens");
    }
}
