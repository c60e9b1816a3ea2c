using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Email;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Support;

/// <summary>/Admin/Email/Inbound: the IMAP inbox support mail is read from, the pickup folder, and the last mails read.</summary>
[Authorize(Policy = Policies.Admin)]
[Route("Admin/Email/Inbound")]
public sealed class MailInSettingsController(ImapSettingsStore store, MailInJob job, CrmDbContext db, IStringLocalizer<SharedResource> l) : Controller
{
    /// <summary>The form; <see cref="Password"/> is never filled back: blank keeps the stored one.</summary>
    public sealed record Form(string? Host, string? Port, SmtpSecurity Security, string? Username, string? Password);

    public sealed record Recent(DateTime ReceivedAt, string Source, string? From, string? Subject, InboundMailOutcome Outcome, int? TicketId);

    public sealed record Page(Form Form, bool HasPassword, string PickupFolder, IReadOnlyList<Recent> Mails);

    private const string PagePath = "/Features/Support/MailInSettings.cshtml";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var stored = await store.StoredAsync(ct);
        var form = new Form(stored?.Host, (stored?.Port ?? 993).ToString(System.Globalization.CultureInfo.InvariantCulture), stored?.Security ?? SmtpSecurity.SslOnConnect, stored?.Username, null);
        return View(PagePath, await PageAsync(form, ct));
    }

    [HttpPost("")]
    public async Task<IActionResult> Index(Form form, CancellationToken ct)
    {
        ModelState.Clear();
        var host = form.Host?.Trim();
        if (!string.IsNullOrEmpty(host) && (host.Length > 255 || host.Contains("://", StringComparison.Ordinal) || host.Any(char.IsWhiteSpace)))
        {
            ModelState.AddModelError(nameof(Form.Host), l["Type the server's name only, e.g. imap.example.com (no http:// and no spaces)."]);
        }

        if (!Admin.AdminInput.TryWhole(form.Port, out var port) || port is < 1 or > 65535)
        {
            ModelState.AddModelError(nameof(Form.Port), l["The port is a number from 1 to 65535 (usually 993)."]);
        }

        if (!Enum.IsDefined(form.Security))
        {
            ModelState.AddModelError(nameof(Form.Security), l["Choose how the connection is secured."]);
        }

        if (form.Username?.Length > 255)
        {
            ModelState.AddModelError(nameof(Form.Username), l["The username must be at most {0} characters.", 255]);
        }

        if (form.Password?.Length > 500)
        {
            ModelState.AddModelError(nameof(Form.Password), l["The password must be at most {0} characters.", 500]);
        }

        if (!ModelState.IsValid)
        {
            return View(PagePath, await PageAsync(form with { Password = null }, ct));
        }

        await store.SaveAsync(host, port, form.Security, form.Username, form.Password, ct);
        TempData["Flash"] = l["Inbound mail settings saved."].Value;
        return Redirect("/Admin/Email/Inbound");
    }

    private async Task<Page> PageAsync(Form form, CancellationToken ct)
    {
        var stored = await store.StoredAsync(ct);
        var mails = await db.Set<InboundMail>().AsNoTracking().OrderByDescending(m => m.Id).Take(20)
            .Select(m => new Recent(m.ReceivedAt, m.Source, m.From, m.Subject, m.Outcome, m.TicketId)).ToListAsync(ct);
        return new Page(form, !string.IsNullOrEmpty(stored?.ProtectedPassword), job.Folder, mails);
    }
}
