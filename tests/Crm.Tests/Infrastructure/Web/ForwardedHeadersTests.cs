using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Web;

namespace Crm.Tests.Infrastructure.Web;

public sealed class ForwardedHeadersTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task Behind_a_TLS_proxy_the_auth_cookie_is_secure()
    {
        var client = app.CreateBrowserLikeClient();
        var token = FormPosting.AntiforgeryToken(await client.GetStringAsync("/Account/Login"));
        using var request = SignInRequest(token);
        request.Headers.Add("X-Forwarded-Proto", "https");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = AuthCookie(response);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Over_plain_http_sign_in_works_with_a_cookie_that_is_not_secure()
    {
        var client = app.CreateBrowserLikeClient();
        var token = FormPosting.AntiforgeryToken(await client.GetStringAsync("/Account/Login"));
        using var request = SignInRequest(token);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("secure", AuthCookie(response), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_forwarded_host_cannot_redirect_the_reset_link_to_another_site()
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
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "evil.example");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await app.MailQueueIdleAsync();
        var mail = Assert.Single(app.MailFiles());
        var body = MimeKit.MimeMessage.Load(mail).TextBody;
        // Testing without Crm:PublicUrl: the launch profile's address, whatever the request said.
        Assert.Contains(PublicLinks.DevelopmentFallback + "/Account/ResetPassword?", body, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", body, StringComparison.Ordinal);
    }

    private static HttpRequestMessage SignInRequest(string token) => new(HttpMethod.Post, "/Account/Login")
    {
        Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = CrmAppFactory.AdminEmail,
            ["Password"] = CrmAppFactory.AdminPassword,
            ["__RequestVerificationToken"] = token,
        }),
    };

    private static string AuthCookie(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("crm.auth=", StringComparison.Ordinal));
}
