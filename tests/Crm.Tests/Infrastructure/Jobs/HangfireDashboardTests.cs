using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;

namespace Crm.Tests.Infrastructure.Jobs;

public sealed class HangfireDashboardTests(HangfireAppFactory app) : IClassFixture<HangfireAppFactory>
{
    [Fact]
    public async Task An_admin_sees_the_dashboard()
    {
        var client = await app.SignInAsync();
        var response = await client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Crm jobs", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_sees_the_dashboard_from_a_remote_address()
    {
        var client = await app.SignInAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_user_who_is_not_admin_is_denied()
    {
        const string email = "sales-jobs@tests.crm";
        const string password = "Sales-Pass-2026";
        await app.CreateUserAsync(email, password, Roles.Sales);
        var client = await app.SignInAsync(email, password);

        var response = await client.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.LocationPath(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in()
    {
        var response = await app.CreateBrowserLikeClient().GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.LocationPath(), StringComparison.Ordinal);
    }
}
