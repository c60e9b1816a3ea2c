using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;

namespace Crm.Tests.Features.Account;

public sealed class SignInTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Contacts")]
    [InlineData("/Deals")]
    [InlineData("/Admin")]
    public async Task Anonymous_request_redirects_to_the_login_page(string page)
    {
        var client = app.CreateBrowserLikeClient();
        var response = await client.GetAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.LocationPath(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/Account/Login")]
    [InlineData("/Account/ForgotPassword")]
    public async Task Some_pages_are_reachable_anonymously(string page)
    {
        var client = app.CreateBrowserLikeClient();
        var response = await client.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_configured_admin_signs_in_and_sees_the_layout()
    {
        var client = app.CreateBrowserLikeClient();
        var response = await client.PostFormAsync("/Account/Login", new() { ["Email"] = CrmAppFactory.AdminEmail, ["Password"] = CrmAppFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.LocationPath());

        var html = await client.GetTextAsync("/");
        Assert.Contains("Dashboard", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Admin\"", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"crm-user-name\">Administrator</span>", html, StringComparison.Ordinal); // the user menu shows the display name
    }

    [Fact]
    public async Task Sign_in_returns_to_the_local_page_asked_for()
    {
        var client = app.CreateBrowserLikeClient();
        var response = await client.PostFormAsync(
            "/Account/Login",
            new() { ["Email"] = CrmAppFactory.AdminEmail, ["Password"] = CrmAppFactory.AdminPassword, ["ReturnUrl"] = "/Deals" });
        Assert.Equal("/Deals", response.LocationPath());
    }

    [Fact]
    public async Task Sign_in_ignores_a_return_url_to_another_site()
    {
        var client = app.CreateBrowserLikeClient();
        var response = await client.PostFormAsync(
            "/Account/Login",
            new() { ["Email"] = CrmAppFactory.AdminEmail, ["Password"] = CrmAppFactory.AdminPassword, ["ReturnUrl"] = "https://evil.example/" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.LocationPath());
    }

    [Fact]
    public async Task Wrong_password_shows_an_error_and_signs_nobody_in()
    {
        var client = app.CreateBrowserLikeClient();
        var response = await client.PostFormAsync("/Account/Login", new() { ["Email"] = CrmAppFactory.AdminEmail, ["Password"] = "Wrong-Pass-2026" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Invalid email or password.", await response.ReadTextAsync(), StringComparison.Ordinal);

        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/Account/Login", home.LocationPath(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_email_shows_the_same_error_as_a_wrong_password()
    {
        var client = app.CreateBrowserLikeClient();
        var response = await client.PostFormAsync("/Account/Login", new() { ["Email"] = "nobody@tests.crm", ["Password"] = "Wrong-Pass-2026" });
        Assert.Contains("Invalid email or password.", await response.ReadTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_five_failed_sign_ins_even_the_right_password_is_refused()
    {
        const string email = "lockout@tests.crm";
        const string password = "Lockout-Pass-2026";
        await app.CreateUserAsync(email, password, Roles.Sales);
        var client = app.CreateBrowserLikeClient();

        for (var i = 0; i < AuthSetup.MaxFailedSignIns; i++)
        {
            await client.PostFormAsync("/Account/Login", new() { ["Email"] = email, ["Password"] = "Wrong-Pass-2026" });
        }

        var response = await client.PostFormAsync("/Account/Login", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Invalid email or password. After 5 failed attempts an account is locked for 15 minutes.", await response.ReadTextAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Four_failed_sign_ins_do_not_lock_the_account()
    {
        const string email = "almost-locked@tests.crm";
        const string password = "Almost-Pass-2026";
        await app.CreateUserAsync(email, password, Roles.Sales);
        var client = app.CreateBrowserLikeClient();

        for (var i = 0; i < AuthSetup.MaxFailedSignIns - 1; i++)
        {
            await client.PostFormAsync("/Account/Login", new() { ["Email"] = email, ["Password"] = "Wrong-Pass-2026" });
        }

        var response = await client.PostFormAsync("/Account/Login", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var client = await app.SignInAsync();
        var response = await client.PostFormAsync("/Account/Logout", [], formPage: "/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.LocationPath(), StringComparison.Ordinal);

        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/Account/Login", home.LocationPath(), StringComparison.Ordinal);
    }
}
