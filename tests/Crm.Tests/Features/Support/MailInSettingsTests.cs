using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Support;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Support;

public sealed class MailInSettingsTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task An_admin_sets_the_imap_inbox_and_its_password_is_stored_protected_and_never_shown_back()
    {
        var client = await app.SignInAsync();
        var invalid = await client.PostFormAsync("/Admin/Email/Inbound", new() { ["Host"] = "https://imap.example.com", ["Port"] = "99999", ["Security"] = "SslOnConnect" });
        var errors = await invalid.ReadTextAsync();
        Assert.Contains("Type the server's name only", errors, StringComparison.Ordinal);
        Assert.Contains("The port is a number from 1 to 65535", errors, StringComparison.Ordinal);

        var saved = await client.PostFormAsync("/Admin/Email/Inbound", new() { ["Host"] = "imap.example.com", ["Port"] = "993", ["Security"] = "SslOnConnect", ["Username"] = "support@example.com", ["Password"] = "Imap-Secret-42" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var row = await app.WithDbAsync(db => db.Set<ImapSettings>().SingleAsync());
        Assert.NotNull(row.ProtectedPassword);
        Assert.DoesNotContain("Imap-Secret-42", row.ProtectedPassword, StringComparison.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var current = await scope.ServiceProvider.GetRequiredService<ImapSettingsStore>().CurrentAsync(CancellationToken.None);
            Assert.Equal(("imap.example.com", 993, "support@example.com", "Imap-Secret-42"), (current!.Host, current.Port, current.Username, current.Password));
        }

        var page = await client.GetTextAsync("/Admin/Email/Inbound");
        Assert.DoesNotContain("Imap-Secret-42", page, StringComparison.Ordinal);
        Assert.Contains("A password is stored", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_admins_reach_the_inbound_mail_settings()
    {
        var support = await app.SignInAsync(await app.CreateUserAsync(Roles.Support));
        Assert.NotEqual(HttpStatusCode.OK, (await support.GetAsync("/Admin/Email/Inbound")).StatusCode);
    }
}
