using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.WebUtilities;

namespace Crm.Tests.Features.Account;

public sealed partial class ForgotPasswordTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [GeneratedRegex(@"https?://\S+/Account/ResetPassword\?\S+")]
    private static partial Regex ResetLink();

    private static Uri ResetLinkIn(MimeKit.MimeMessage message)
    {
        var match = ResetLink().Match(message.TextBody ?? string.Empty);
        Assert.True(match.Success, "No reset link in the mail.");
        return new Uri(match.Value);
    }

    private string[] MailFiles()
    {
        app.StartServer();
        return Directory.GetFiles(Path.Combine(app.DataDirectory, "mail"), "*.eml");
    }

    [Fact]
    public async Task The_reset_link_from_the_mail_sets_a_new_password()
    {
        const string email = "forgetful@tests.crm";
        await app.CreateUserAsync(email, "Forgot-Pass-2026", Roles.Sales);
        var before = MailFiles().ToHashSet();
        var client = app.CreateBrowserLikeClient();

        var sent = await client.PostFormAsync("/Account/ForgotPassword", new() { ["Email"] = email });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains("Check your email", await sent.ReadTextAsync(), StringComparison.Ordinal);

        await app.MailQueueIdleAsync();
        var mail = Assert.Single(MailFiles(), f => !before.Contains(f));
        var message = MimeKit.MimeMessage.Load(mail);
        Assert.Equal(email, Assert.Single(message.To.Mailboxes).Address);
        var link = ResetLinkIn(message);
        var query = QueryHelpers.ParseQuery(link.Query);

        var form = await client.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var reset = await client.PostFormAsync(
            "/Account/ResetPassword",
            new() { ["Email"] = query["email"].ToString(), ["Code"] = query["code"].ToString(), ["Password"] = "Remembered-Pass-2026", ["ConfirmPassword"] = "Remembered-Pass-2026" },
            formPage: link.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.StartsWith("/Account/Login", reset.LocationPath(), StringComparison.Ordinal);
        Assert.Contains("Your password has been changed.", await client.GetTextAsync("/Account/Login"), StringComparison.Ordinal);

        var signedIn = await app.SignInAsync(email, "Remembered-Pass-2026");
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/")).StatusCode);
        var old = await app.CreateBrowserLikeClient().PostFormAsync("/Account/Login", new() { ["Email"] = email, ["Password"] = "Forgot-Pass-2026" });
        Assert.Contains("Invalid email or password.", await old.ReadTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_can_reset_a_forgotten_password()
    {
        var before = MailFiles().ToHashSet();
        var client = app.CreateBrowserLikeClient();
        await client.PostFormAsync("/Account/ForgotPassword", new() { ["Email"] = CrmAppFactory.AdminEmail });
        await app.MailQueueIdleAsync();

        var mail = Assert.Single(MailFiles(), f => !before.Contains(f));
        var link = ResetLinkIn(MimeKit.MimeMessage.Load(mail));
        var query = QueryHelpers.ParseQuery(link.Query);
        Assert.Equal(CrmAppFactory.AdminEmail, query["email"].ToString());

        var reset = await client.PostFormAsync(
            "/Account/ResetPassword",
            new() { ["Email"] = CrmAppFactory.AdminEmail, ["Code"] = query["code"].ToString(), ["Password"] = "New-Admin-Pass-2026", ["ConfirmPassword"] = "New-Admin-Pass-2026" },
            formPage: link.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);

        await app.SignInAsync(CrmAppFactory.AdminEmail, "New-Admin-Pass-2026");
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answer_and_no_mail()
    {
        var before = MailFiles().Length;
        var client = app.CreateBrowserLikeClient();

        var response = await client.PostFormAsync("/Account/ForgotPassword", new() { ["Email"] = "stranger@tests.crm" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Check your email", await response.ReadTextAsync(), StringComparison.Ordinal);
        await app.MailQueueIdleAsync();
        Assert.Equal(before, MailFiles().Length);
    }

    [Fact]
    public async Task A_forged_reset_code_is_refused()
    {
        var client = app.CreateBrowserLikeClient();
        var code = WebEncoders.Base64UrlEncode("not-a-token"u8.ToArray());
        var page = $"/Account/ResetPassword?email={Uri.EscapeDataString(CrmAppFactory.AdminEmail)}&code={code}";

        var response = await client.PostFormAsync(
            "/Account/ResetPassword",
            new() { ["Email"] = CrmAppFactory.AdminEmail, ["Code"] = code, ["Password"] = "Hacked-Pass-2026", ["ConfirmPassword"] = "Hacked-Pass-2026" },
            formPage: page);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This link is invalid or has expired.", await response.ReadTextAsync(), StringComparison.Ordinal);
        var hacked = await app.CreateBrowserLikeClient().PostFormAsync("/Account/Login", new() { ["Email"] = CrmAppFactory.AdminEmail, ["Password"] = "Hacked-Pass-2026" });
        Assert.Equal(HttpStatusCode.OK, hacked.StatusCode);
    }

    [Fact]
    public async Task The_reset_page_without_a_code_is_a_bad_request()
    {
        var response = await app.CreateBrowserLikeClient().GetAsync("/Account/ResetPassword?email=x@tests.crm");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
