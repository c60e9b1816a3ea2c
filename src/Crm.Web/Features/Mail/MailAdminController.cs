using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Mail;

/// <summary>/Admin/Outbox: what is waiting and what failed; /Admin/Email: the SMTP server and the test email.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class MailAdminController(IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet("Admin/Outbox")]
    public async Task<IActionResult> Outbox([FromServices] OutboxAdmin outbox, int page = 1, CancellationToken ct = default) =>
        View("/Features/Mail/Outbox.cshtml", await outbox.ListAsync(page, ct));

    [HttpPost("Admin/Outbox/{id:long}/Retry")]
    public async Task<IActionResult> Retry(long id, [FromServices] OutboxAdmin outbox, CancellationToken ct)
    {
        if (await outbox.RetryAsync(id, ct))
        {
            TempData["Flash"] = l["The email is queued again; it goes out within a minute."].Value;
        }
        else
        {
            TempData["FlashError"] = l["That email is no longer failed: it was sent or queued again meanwhile."].Value;
        }

        return Redirect("/Admin/Outbox");
    }
}
