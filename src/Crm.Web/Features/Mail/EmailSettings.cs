using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Email;
using Crm.Web.Infrastructure.Text;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Mail;

/// <summary>/Admin/Email: the SMTP server, saved over appsettings, and a test email sent at once to the admin.</summary>
public sealed class EmailSettings(SmtpSettingsStore store, MailSender sender, DataPaths paths, IStringLocalizer<SharedResource> l)
{
    /// <summary>The form; <see cref="Password"/> is never filled back: blank keeps the stored one.</summary>
    public sealed record Form(string? Host, string? Port, SmtpSecurity Security, string? Username, string? Password, string? From, string? FromName);

    public sealed record Page(Form Form, bool HasPassword, bool FromDatabase, bool UsesPickupFolder, string PickupFolder);

    public async Task<Page> PageAsync(Form? typed, CancellationToken ct)
    {
        var current = await store.CurrentAsync(ct);
        var stored = await store.StoredAsync(ct);
        var form = typed ?? new Form(current.Host, current.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), current.Security, current.Username, null, current.From, current.FromName);
        return new Page(form with { Password = null }, !string.IsNullOrEmpty(stored?.ProtectedPassword) || (!current.FromDatabase && !string.IsNullOrEmpty(current.Password)),
            current.FromDatabase, current.UsesPickupFolder, paths.Mail);
    }

    public async Task<Outcome<bool>> SaveAsync(Form form, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var host = form.Host?.Trim();
        if (!string.IsNullOrEmpty(host) && (host.Length > 255 || host.Contains("://", StringComparison.Ordinal) || host.Any(char.IsWhiteSpace)))
        {
            errors.Add(new(nameof(Form.Host), l["Type the server's name only, e.g. smtp.example.com (no http:// and no spaces)."]));
        }

        if (!AdminInputPort(form.Port, out var port))
        {
            errors.Add(new(nameof(Form.Port), l["The port is a number from 1 to 65535 (usually 587, or 465 for SSL)."]));
        }

        if (!Enum.IsDefined(form.Security))
        {
            errors.Add(new(nameof(Form.Security), l["Choose how the connection is secured."]));
        }

        var from = form.From?.Trim() ?? string.Empty;
        if (!EmailAddresses.IsValid(from))
        {
            errors.Add(new(nameof(Form.From), l["Type the address mail is sent from, e.g. crm@example.com."]));
        }

        if (form.Username?.Length > 255)
        {
            errors.Add(new(nameof(Form.Username), l["The username must be at most {0} characters.", 255]));
        }

        if (form.Password?.Length > 500)
        {
            errors.Add(new(nameof(Form.Password), l["The password must be at most {0} characters.", 500]));
        }

        if (form.FromName?.Trim().Length > 100)
        {
            errors.Add(new(nameof(Form.FromName), l["The sender's name must be at most {0} characters.", 100]));
        }

        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }

        await store.SaveAsync(host, port, form.Security, form.Username, form.Password, from, form.FromName, ct);
        return Outcome.Done(true);
    }

    /// <summary>Sends at once, not through the outbox, so the admin reads the server's answer on the page.</summary>
    public async Task<(bool Sent, string Message)> SendTestAsync(string to, CancellationToken ct)
    {
        var current = await store.CurrentAsync(ct);
        try
        {
            await sender.SendAsync(to, l["Crm test email"], l["This test email shows that Crm can send mail with the current settings."], null, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var why = SmtpErrors.Describe(e);
            return (false, why.Detail is null ? l[why.Key].Value : $"{l[why.Key]} {l["The server said: {0}", why.Detail]}");
        }

        return current.UsesPickupFolder
            ? (true, l["No SMTP server is set: the test email was written to the pickup folder {0}.", paths.Mail])
            : (true, l["The test email was sent to {0}. Check that it arrived.", to]);
    }

    private static bool AdminInputPort(string? text, out int port) =>
        Admin.AdminInput.TryWhole(text, out port) && port is >= 1 and <= 65535;
}
