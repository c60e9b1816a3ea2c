using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.EmailTemplates;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Mail;

/// <summary>/Admin/Email, /Admin/EmailTemplates and /Admin/Outbox: admins only, every POST with its antiforgery token.</summary>
public sealed class MailAdminPagesTests(MailAppFactory app) : IClassFixture<MailAppFactory>
{
    private const string Password = "Mail-Pages-2026";

    [Theory]
    [InlineData(Roles.Sales)]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Support)]
    [InlineData(Roles.Marketing)]
    public async Task Other_roles_are_refused_every_mail_admin_page(string role)
    {
        var email = $"mail-{role.ToLowerInvariant()}@tests.crm";
        await app.CreateUserAsync(email, Password, role);
        var browser = await app.SignInAsync(email, Password);

        foreach (var path in new[] { "/Admin/Email", "/Admin/EmailTemplates", "/Admin/EmailTemplates/New", "/Admin/EmailTemplates/1", "/Admin/Outbox" })
        {
            var response = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", response.LocationPath(), StringComparison.Ordinal);
        }

        // A POST with a valid token (taken from a page the user may open) is refused too.
        var refused = await browser.PostFormAsync("/Admin/Email", new() { ["Host"] = "evil.example.com", ["Port"] = "25", ["From"] = "x@example.com" }, "/Notifications");
        Assert.StartsWith("/Account/AccessDenied", refused.LocationPath(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Admin/Email")]
    [InlineData("/Admin/Email/Test")]
    [InlineData("/Admin/EmailTemplates/New")]
    [InlineData("/Admin/EmailTemplates/1")]
    [InlineData("/Admin/EmailTemplates/Preview")]
    [InlineData("/Admin/EmailTemplates/2/Delete")]
    [InlineData("/Admin/Outbox/1/Retry")]
    [InlineData("/Notifications/1/Open")]
    [InlineData("/Notifications/ReadAll")]
    public async Task Every_post_without_its_antiforgery_token_is_refused(string action)
    {
        var admin = await app.SignInAsync();
        var response = await admin.PostAsync(action, new FormUrlEncodedContent([new("Name", "x")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>Each form carries its own token: a token elsewhere on the page (the layout's) does not make a form work.</summary>
    [Fact]
    public async Task Every_post_form_on_the_mail_pages_carries_its_antiforgery_token()
    {
        var admin = await app.SignInAsync();
        await app.QueueAsync("form-token@example.com", "Form token", "Text");
        await app.WithDbAsync(db => db.Outbox.Where(m => m.To == "form-token@example.com").ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Failed)));
        var me = await app.WithDbAsync(db => db.Users.Where(u => u.Email == CrmAppFactory.AdminEmail).Select(u => u.Id).SingleAsync());
        await app.WithScopeAsync(async services =>
        {
            services.GetRequiredService<Crm.Web.Features.Notifications.Notifications>().Add(me, "Form token", null, null, "test-form-token");
            await services.GetRequiredService<Crm.Web.Infrastructure.Data.CrmDbContext>().SaveChangesAsync();
        });
        var parser = new AngleSharp.Html.Parser.HtmlParser();
        foreach (var path in new[] { "/Admin/Email", "/Admin/EmailTemplates", "/Admin/EmailTemplates/1", "/Admin/EmailTemplates/New", "/Admin/Outbox", "/Notifications" })
        {
            var document = parser.ParseDocument(await (await admin.GetAsync(path)).Content.ReadAsStringAsync());
            var forms = document.QuerySelectorAll("main form[method=post]");
            Assert.NotEmpty(forms);
            Assert.All(forms, form => Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]")));
        }
    }

    [Fact]
    public async Task Smtp_settings_are_saved_with_the_password_protected_and_never_shown_back()
    {
        var admin = await app.SignInAsync();
        var before = await admin.GetTextAsync("/Admin/Email");
        Assert.Contains("data-testid=\"pickup-folder\"", before, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(app.DataDirectory, "mail"), before, StringComparison.Ordinal);

        var saved = await admin.PostFormAsync("/Admin/Email", new()
        {
            ["Host"] = "smtp.example.com", ["Port"] = "587", ["Security"] = "StartTls", ["Username"] = "crm-user",
            ["Password"] = "S3cret-Smtp-Pass", ["From"] = "crm@example.com", ["FromName"] = "Our CRM",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var row = await app.WithDbAsync(db => db.Set<SmtpSettings>().SingleAsync());
        Assert.Equal(("smtp.example.com", 587, SmtpSecurity.StartTls, "crm-user", "crm@example.com"), (row.Host, row.Port, row.Security, row.Username, row.From));
        Assert.NotNull(row.ProtectedPassword);
        Assert.DoesNotContain("S3cret", row.ProtectedPassword, StringComparison.Ordinal);

        var page = await admin.GetTextAsync("/Admin/Email");
        Assert.DoesNotContain("S3cret-Smtp-Pass", page, StringComparison.Ordinal);
        Assert.Contains("A password is stored; leave blank to keep it.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"pickup-folder\"", page, StringComparison.Ordinal);

        // Blank keeps it.
        await admin.PostFormAsync("/Admin/Email", new() { ["Host"] = "smtp.example.com", ["Port"] = "2525", ["Security"] = "StartTls", ["Username"] = "crm-user", ["Password"] = "", ["From"] = "crm@example.com" });
        var kept = await app.WithDbAsync(db => db.Set<SmtpSettings>().SingleAsync());
        Assert.Equal((2525, row.ProtectedPassword), (kept.Port, kept.ProtectedPassword));

        await app.UsePickupFolderAsync();
    }

    [Fact]
    public async Task Wrong_smtp_settings_show_every_error_at_once()
    {
        var admin = await app.SignInAsync();
        var response = await admin.PostFormAsync("/Admin/Email", new() { ["Host"] = "https://smtp.example.com", ["Port"] = "99999", ["From"] = "not an address" });
        var page = await response.ReadTextAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("There are 3 problems:", page, StringComparison.Ordinal);
        Assert.Contains("name only, e.g. smtp.example.com", page, StringComparison.Ordinal);
        Assert.Contains("The port is a number from 1 to 65535", page, StringComparison.Ordinal);
        Assert.Contains("Type the address mail is sent from", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_test_email_is_sent_at_once_to_the_admin_or_says_why_not()
    {
        var admin = await app.SignInAsync();
        await using (var smtp = InProcessSmtp.Start())
        {
            await app.UseSmtpAsync(smtp.Port);
            var sent = await admin.PostFormAsync("/Admin/Email/Test", [], "/Admin/Email");
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
            Assert.Contains($"The test email was sent to {CrmAppFactory.AdminEmail}.", await admin.GetTextAsync("/Admin/Email"), StringComparison.Ordinal);
            var received = await smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == CrmAppFactory.AdminEmail));
            Assert.Equal("Crm test email", received.Subject);
        }

        await app.UseSmtpAsync(InProcessSmtp.FreePort());
        await admin.PostFormAsync("/Admin/Email/Test", [], "/Admin/Email");
        Assert.Contains("Could not connect to the server: check the host and the port.", await admin.GetTextAsync("/Admin/Email"), StringComparison.Ordinal);

        // Not through the outbox.
        Assert.Equal(0, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Subject == "Crm test email")));
        await app.UsePickupFolderAsync();
    }

    [Fact]
    public async Task A_template_with_an_unknown_merge_field_is_refused_naming_it()
    {
        var admin = await app.SignInAsync();
        var response = await admin.PostFormAsync("/Admin/EmailTemplates/New", new()
        {
            ["Name"] = "Shoe size", ["Kind"] = "contacts",
            ["SubjectEn"] = "Hello {{contact.first_name}}", ["BodyEn"] = "Your size: {{contact.shoe_size}}. Deal: {{ deal.name }}",
        });
        var page = await response.ReadTextAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("{{contact.shoe_size}}, {{deal.name}} are not merge fields of this kind of record", page, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<MailTemplate>().AnyAsync(t => t.Name == "Shoe size")));
    }

    [Fact]
    public async Task A_template_is_saved_and_previewed_with_sample_values_in_either_language()
    {
        var admin = await app.SignInAsync();
        var fields = new Dictionary<string, string>
        {
            ["Name"] = "Deal won", ["Kind"] = "deals",
            ["SubjectEn"] = "Won: {{deal.name}}", ["BodyEn"] = "Hello {{contact.first_name}},\n\nWe won {{deal.amount}}.",
            ["SubjectFr"] = "Gagnée : {{deal.name}}", ["BodyFr"] = "Bonjour {{contact.first_name}},\n\nNous avons gagné {{deal.amount}}.",
        };

        var preview = await (await admin.PostFormAsync("/Admin/EmailTemplates/Preview", new(fields) { ["previewLanguage"] = "fr" }, "/Admin/EmailTemplates/New")).ReadTextAsync();
        Assert.Contains("Gagnée : Renouvellement 2027", preview, StringComparison.Ordinal);
        Assert.Contains("<p>Bonjour Camille,</p>", preview, StringComparison.Ordinal);
        Assert.Contains(Crm.Web.Features.Deals.Money.Format(12_500_00, "EUR", System.Globalization.CultureInfo.GetCultureInfo("fr-FR")), System.Net.WebUtility.HtmlDecode(preview), StringComparison.Ordinal);

        var saved = await admin.PostFormAsync("/Admin/EmailTemplates/New", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var template = await app.WithDbAsync(db => db.Set<MailTemplate>().SingleAsync(t => t.Name == "Deal won"));
        Assert.Equal(("deals", "Won: {{deal.name}}"), (template.Kind, template.SubjectEn));
        Assert.Contains("Deal won", await admin.GetTextAsync("/Admin/EmailTemplates"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_two_examples_are_seeded_in_french_and_english()
    {
        var templates = await app.WithDbAsync(db => db.Set<MailTemplate>().Where(t => t.Id <= 2).OrderBy(t => t.Id).ToListAsync());
        Assert.Equal(2, templates.Count);
        Assert.All(templates, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.SubjectFr));
            Assert.False(string.IsNullOrWhiteSpace(t.BodyEn));
            Assert.Empty(MergeFields.Unknown(t.Kind, t.BodyFr));
            Assert.Empty(MergeFields.Unknown(t.Kind, t.SubjectEn));
        });
    }
}
