using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Mail;

[Authorize(Policy = Policies.Admin)]
[Route("Admin/Email")]
public sealed class EmailSettingsController(EmailSettings settings, IStringLocalizer<SharedResource> l) : Controller
{
    private const string PagePath = "/Features/Mail/EmailSettings.cshtml";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(PagePath, await settings.PageAsync(null, ct));

    [HttpPost("")]
    public async Task<IActionResult> Index(EmailSettings.Form form, CancellationToken ct)
    {
        var outcome = await settings.SaveAsync(form, ct);
        if (!outcome.IsDone)
        {
            ModelState.Clear();
            foreach (var error in outcome.Errors)
            {
                ModelState.AddModelError(error.Field, error.Message);
            }

            return View(PagePath, await settings.PageAsync(form, ct));
        }

        TempData["Flash"] = l["Email settings saved."].Value;
        return Redirect("/Admin/Email");
    }

    [HttpPost("Test")]
    public async Task<IActionResult> Test([FromServices] UserManager<AppUser> userManager, CancellationToken ct)
    {
        var me = await userManager.GetUserAsync(User);
        if (string.IsNullOrEmpty(me?.Email))
        {
            TempData["FlashError"] = l["Your account has no email address to send the test to."].Value;
            return Redirect("/Admin/Email");
        }

        var (sent, message) = await settings.SendTestAsync(me.Email, ct);
        TempData[sent ? "Flash" : "FlashError"] = message;
        return Redirect("/Admin/Email");
    }
}
