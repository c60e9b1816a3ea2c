using System.Net;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Features.Account;

public sealed class SignInTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task Anonymous_request_redirects_to_the_login_page()
    {
        var client = app.CreateBrowserLikeClient();
        var response = await client.GetAsync("/Contacts");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_configured_admin_signs_in_and_sees_the_layout()
    {
        var client = await app.SignInAsync();
        var html = await client.GetStringAsync("/");
        Assert.Contains("Dashboard", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Admin\"", html, StringComparison.Ordinal);
    }
}
