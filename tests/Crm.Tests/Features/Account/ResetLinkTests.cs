using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Features.Account;

/// <summary>The mailed reset link starts with Crm:PublicUrl, never with what the request claims to be.</summary>
public sealed partial class ResetLinkTests
{
    [GeneratedRegex(@"\S+/Account/ResetPassword\?\S+")]
    private static partial Regex ResetLink();

    private static async Task<HttpResponseMessage> AskForResetAsync(CrmAppFactory app, string host)
    {
        var client = app.CreateBrowserLikeClient();
        var token = FormPosting.AntiforgeryToken(await client.GetStringAsync("/Account/ForgotPassword"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/ForgotPassword")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = CrmAppFactory.AdminEmail,
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Host = host;
        return await client.SendAsync(request);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("localhost")]
    [InlineData("crm.example.com:8443")]
    public async Task The_reset_link_uses_the_configured_public_url_whatever_the_Host_header(string host)
    {
        await using var app = new CrmAppFactory { Settings = { ["Crm:PublicUrl"] = "https://crm.example.com/" } };

        var response = await AskForResetAsync(app, host);
        await app.MailQueueIdleAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = MimeKit.MimeMessage.Load(Assert.Single(app.MailFiles())).TextBody ?? string.Empty;
        var link = ResetLink().Match(body);
        Assert.True(link.Success, "No reset link in the mail.");
        Assert.StartsWith("https://crm.example.com/Account/ResetPassword?email=", link.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_public_url_with_a_path_keeps_its_path_in_the_link()
    {
        await using var app = new CrmAppFactory { Settings = { ["Crm:PublicUrl"] = "https://intranet.example.com/crm" } };

        await AskForResetAsync(app, "evil.example");
        await app.MailQueueIdleAsync();

        var body = MimeKit.MimeMessage.Load(Assert.Single(app.MailFiles())).TextBody ?? string.Empty;
        Assert.StartsWith("https://intranet.example.com/crm/Account/ResetPassword?", ResetLink().Match(body).Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_production_without_a_public_url_forgot_password_says_so_and_sends_no_mail()
    {
        await using var app = new ProductionAppFactory();
        var client = app.CreateBrowserLikeClient();

        var page = await client.GetTextAsync("/Account/ForgotPassword");
        var response = await client.PostFormAsync("/Account/ForgotPassword", new() { ["Email"] = CrmAppFactory.AdminEmail });
        await app.MailQueueIdleAsync();

        const string message = "Password reset by email is not configured. Ask your administrator to reset your password.";
        Assert.Contains(message, page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadTextAsync();
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Check your email", html, StringComparison.Ordinal);
        Assert.Empty(app.MailFiles());
    }

    [Fact]
    public async Task In_production_without_a_public_url_the_start_up_log_says_which_setting_to_set()
    {
        await using var app = new ProductionAppFactory();
        app.StartServer();

        var log = await ServerLog.WaitForAsync(app.DataDirectory, l => l.Contains("Crm:PublicUrl is not set", StringComparison.Ordinal));
        var line = Assert.Single(log, l => l.Contains("Crm:PublicUrl is not set", StringComparison.Ordinal));
        Assert.Contains("[ERR]", line, StringComparison.Ordinal);
        Assert.Contains("e.g. https://crm.example.com", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_production_with_a_public_url_the_link_is_mailed()
    {
        await using var app = new ProductionAppFactory { Settings = { ["Crm:PublicUrl"] = "https://crm.example.com" } };

        var response = await AskForResetAsync(app, "evil.example");
        await app.MailQueueIdleAsync();

        Assert.Contains("Check your email", await response.ReadTextAsync(), StringComparison.Ordinal);
        var body = MimeKit.MimeMessage.Load(Assert.Single(app.MailFiles())).TextBody ?? string.Empty;
        Assert.StartsWith("https://crm.example.com/Account/ResetPassword?", ResetLink().Match(body).Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("crm.example.com")]
    [InlineData("ftp://crm.example.com")]
    [InlineData("/relative")]
    public async Task An_invalid_public_url_stops_the_app_at_start(string publicUrl)
    {
        await using var app = new CrmAppFactory { Settings = { ["Crm:PublicUrl"] = publicUrl } };

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Crm:PublicUrl", Flatten(error), StringComparison.Ordinal);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " " + Flatten(e.InnerException);
}
