using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Visibility;

/// <summary>Who sees whose records, per kind: the organisation-wide sharing levels (decision 0016).</summary>
[Authorize(Policy = Policies.Admin)]
[Route("Admin/Visibility")]
public sealed class VisibilityController(VisibilityAdmin admin, IStringLocalizer<SharedResource> l) : Controller
{
    private const string PagePath = "/Features/Visibility/Index.cshtml";

    public sealed record Page(IReadOnlyList<VisibilityAdmin.KindLevel> Kinds, IReadOnlyDictionary<string, string?> Posted);

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(PagePath, new Page(await admin.KindsAsync(null, ct), new Dictionary<string, string?>()));

    [HttpPost("")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Index([FromForm] Dictionary<string, string?>? levels, CancellationToken ct)
    {
        ModelState.Clear();
        var (read, errors) = admin.Read(levels);
        if (errors.Count > 0)
        {
            foreach (var (key, message, value) in errors)
            {
                ModelState.AddModelError(key, value is null ? l[message] : l[message, value]);
            }

            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(PagePath, new Page(await admin.KindsAsync(read, ct), levels ?? new Dictionary<string, string?>()));
        }

        var changed = await admin.SaveAsync(read, User.Id(), ct);
        TempData["Flash"] = changed == 0 ? l["Nothing changed."].Value : l["Record visibility saved. It applies from the next page each user opens."].Value;
        return Redirect("/Admin/Visibility");
    }
}
