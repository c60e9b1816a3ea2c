using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Infrastructure.Auth;

/// <summary>A sign-in cookie is checked against the user's security stamp on every request, not only every few minutes.</summary>
public sealed class SessionCheckTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    /// <summary>Signs in with a browser-like client, and returns it with its auth cookie as a copy would hold it.</summary>
    private async Task<(HttpClient Browser, string Cookie)> SignInAsync(string email, string password)
    {
        var browser = app.CreateBrowserLikeClient();
        var response = await browser.PostFormAsync("/Account/Login", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("crm.auth=", StringComparison.Ordinal));
        return (browser, setCookie.Split(';')[0]);
    }

    /// <summary>A request carrying only the given cookie, as an attacker replaying a copied one would send it.</summary>
    private async Task<HttpResponseMessage> ReplayAsync(string cookie, string path = "/")
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private static void AssertSentToLogin(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.LocationPath(), StringComparison.Ordinal);
    }

    private async Task<AppUser> NewUserAsync(string email) => await app.CreateUserAsync(email, "Session-Pass-2026", Roles.Sales);

    [Fact]
    public async Task A_normal_session_keeps_working_across_requests()
    {
        await NewUserAsync("steady@tests.crm");
        var (browser, cookie) = await SignInAsync("steady@tests.crm", "Session-Pass-2026");

        foreach (var path in new[] { "/", "/Contacts", "/Companies", "/" })
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(cookie, path)).StatusCode);
        }
    }

    [Fact]
    public async Task A_cookie_captured_before_sign_out_gets_the_login_page_after_it()
    {
        await NewUserAsync("leaving@tests.crm");
        var (browser, cookie) = await SignInAsync("leaving@tests.crm", "Session-Pass-2026");
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(cookie)).StatusCode);

        var signOut = await browser.PostFormAsync("/Account/Logout", [], formPage: "/");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        AssertSentToLogin(await ReplayAsync(cookie));
        AssertSentToLogin(await browser.GetAsync("/"));
        var again = await SignInAsync("leaving@tests.crm", "Session-Pass-2026");
        Assert.Equal(HttpStatusCode.OK, (await again.Browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_makes_an_older_cookie_fail()
    {
        var user = await NewUserAsync("reset-me@tests.crm");
        var (_, cookie) = await SignInAsync("reset-me@tests.crm", "Session-Pass-2026");

        await app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var stored = (await users.FindByIdAsync(user.Id))!;
            var reset = await users.ResetPasswordAsync(stored, await users.GeneratePasswordResetTokenAsync(stored), "Other-Session-Pass-2026");
            Assert.True(reset.Succeeded);
        });

        AssertSentToLogin(await ReplayAsync(cookie));
        var (fresh, _) = await SignInAsync("reset-me@tests.crm", "Other-Session-Pass-2026");
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_deactivated_user_s_cookie_fails()
    {
        var user = await NewUserAsync("deactivated@tests.crm");
        var (browser, cookie) = await SignInAsync("deactivated@tests.crm", "Session-Pass-2026");

        await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsActive, false)));

        AssertSentToLogin(await ReplayAsync(cookie));
        AssertSentToLogin(await browser.GetAsync("/"));
    }

    [Fact]
    public async Task Another_user_s_sign_out_leaves_a_session_alone()
    {
        await NewUserAsync("stays@tests.crm");
        await NewUserAsync("goes@tests.crm");
        var (_, staying) = await SignInAsync("stays@tests.crm", "Session-Pass-2026");
        var (going, _) = await SignInAsync("goes@tests.crm", "Session-Pass-2026");

        await going.PostFormAsync("/Account/Logout", [], formPage: "/");

        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(staying)).StatusCode);
    }
}
