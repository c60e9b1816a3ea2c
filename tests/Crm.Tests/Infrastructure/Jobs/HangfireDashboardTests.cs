using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Tests.Infrastructure.Web;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Jobs;
using Crm.Web.Infrastructure.Web;

namespace Crm.Tests.Infrastructure.Jobs;

public sealed partial class HangfireDashboardTests(HangfireAppFactory app) : IClassFixture<HangfireAppFactory>
{
    [Fact]
    public async Task An_admin_sees_the_dashboard()
    {
        var client = await app.SignInAsync();
        var response = await client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(JobsSetup.DashboardTitle, await response.ReadTextAsync(), StringComparison.Ordinal);
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

    [Fact]
    public async Task An_admin_can_use_the_live_stats_with_the_token_the_page_carries()
    {
        var client = await app.SignInAsync();
        var (header, token) = await DashboardTokenAsync(client, "/hangfire/recurring");

        var response = await client.SendAsync(StatsRequest(header, token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("succeeded:count", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_can_trigger_a_recurring_job_with_the_token_the_page_carries()
    {
        var client = await app.SignInAsync();
        var (header, token) = await DashboardTokenAsync(client, "/hangfire/recurring");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", "no-such-job")]),
        };
        request.Headers.Add(header, token);
        var response = await client.SendAsync(request);

        // Hangfire answers 204 once the command ran; an unknown job id is simply skipped.
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task A_dashboard_post_without_token_is_refused_even_for_an_admin()
    {
        var client = await app.SignInAsync();
        await client.GetAsync("/hangfire/recurring");

        var response = await client.SendAsync(StatsRequest(header: null, token: null));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_dashboard_post_with_another_users_token_is_refused()
    {
        var (header, token) = await DashboardTokenAsync(await app.SignInAsync(), "/hangfire/recurring");
        var other = await app.SignInAsync();
        await other.GetAsync("/hangfire/recurring");

        var response = await other.SendAsync(StatsRequest(header, token));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_sales_user_cannot_post_to_the_dashboard_even_with_a_token()
    {
        const string email = "sales-jobs-post@tests.crm";
        const string password = "Sales-Pass-2026";
        await app.CreateUserAsync(email, password, Roles.Sales);
        var client = await app.SignInAsync(email, password);
        var token = FormPosting.AntiforgeryToken(await client.GetStringAsync("/Contacts/Create"));

        var response = await client.SendAsync(StatsRequest("RequestVerificationToken", token));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.LocationPath(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_post_to_the_dashboard_is_sent_to_sign_in()
    {
        var response = await app.CreateBrowserLikeClient().SendAsync(StatsRequest(header: null, token: null));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.LocationPath(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_runs_its_own_scripts_but_cannot_be_framed()
    {
        var client = await app.SignInAsync();
        var response = await client.GetAsync("/hangfire/recurring");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        SecurityHeaderChecks.AssertHardened(response, SecurityHeaders.JobsDashboardPolicy);
        Assert.Contains("frame-ancestors 'none'", SecurityHeaders.JobsDashboardPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_first_issued_by_the_dashboard_is_kept_for_the_whole_site()
    {
        // An admin who follows a link to the dashboard from another site arrives signed in (the auth cookie is Lax) but
        // without the antiforgery cookie (Strict), so the dashboard issues one. Stored for /hangfire only, it sat beside
        // the site's: the buttons' requests then carried both, the server read the site's, and answered 403.
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var login = await client.GetAsync("/Account/Login");
        var antiforgery = CookiePair(login, "crm.af");
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = CrmAppFactory.AdminEmail,
                ["Password"] = CrmAppFactory.AdminPassword,
                ["__RequestVerificationToken"] = FormPosting.AntiforgeryToken(await login.Content.ReadAsStringAsync()),
            }),
        };
        signIn.Headers.Add("Cookie", antiforgery);
        var auth = CookiePair(await client.SendAsync(signIn), "crm.auth");

        using var dashboard = new HttpRequestMessage(HttpMethod.Get, "/hangfire/recurring");
        dashboard.Headers.Add("Cookie", auth);
        var response = await client.SendAsync(dashboard);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var issued = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("crm.af=", StringComparison.Ordinal));
        Assert.Contains("path=/;", issued + ";", StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("path=/hangfire", issued, StringComparison.OrdinalIgnoreCase);

        // Same name, same path: the browser replaces its cookie with this one, and the buttons carry the matching token.
        using var stats = StatsRequest("RequestVerificationToken", Meta(await response.Content.ReadAsStringAsync(), "csrf-token"));
        stats.Headers.Add("Cookie", $"{auth}; {issued.Split(';')[0]}");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(stats)).StatusCode);
    }

    private static string CookiePair(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(name + "=", StringComparison.Ordinal)).Split(';')[0];

    private static async Task<(string Header, string Token)> DashboardTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        return (Meta(html, "csrf-header"), Meta(html, "csrf-token"));
    }

    private static string Meta(string html, string name)
    {
        foreach (Match match in MetaContent().Matches(html))
        {
            if (match.Groups[1].Value == name && match.Groups[2].Value.Length > 0)
            {
                return WebUtility.HtmlDecode(match.Groups[2].Value);
            }
        }

        throw new InvalidOperationException($"The dashboard page carries no {name}: {html[..Math.Min(html.Length, 2000)]}");
    }

    private static HttpRequestMessage StatsRequest(string? header, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/hangfire/stats")
        {
            Content = new FormUrlEncodedContent([new("metrics[]", "succeeded:count")]),
        };
        if (header is not null && token is not null)
        {
            request.Headers.Add(header, token);
        }

        return request;
    }

    [GeneratedRegex("<meta name=\"([a-z-]+)\" content=\"([^\"]*)\"")]
    private static partial Regex MetaContent();
}
