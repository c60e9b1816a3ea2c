using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Account;

/// <summary>Each test starts its own app: creating the admin closes the setup page for good.</summary>
public sealed class SetupTests
{
    private static Dictionary<string, string> Form(string password = "Setup-Pass-2026", string? confirm = null) => new()
    {
        ["DisplayName"] = "Marie Curie",
        ["Email"] = "marie@tests.crm",
        ["Password"] = password,
        ["ConfirmPassword"] = confirm ?? password,
    };

    [Fact]
    public async Task Empty_database_without_configured_admin_sends_pages_to_setup()
    {
        await using var app = new NoAdminAppFactory();
        var client = app.CreateBrowserLikeClient();

        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/Setup", home.LocationPath());

        var login = await client.GetAsync("/Account/Login");
        Assert.Equal("/Setup", login.LocationPath());

        var setup = await client.GetAsync("/Setup");
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        var html = await setup.ReadTextAsync();
        Assert.Contains("Create the administrator", html, StringComparison.Ordinal);
        Assert.Contains("name=\"ConfirmPassword\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_answers_while_setup_is_pending()
    {
        await using var app = new NoAdminAppFactory();
        var response = await app.CreateBrowserLikeClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Setup_creates_an_admin_signs_in_and_closes()
    {
        await using var app = new NoAdminAppFactory();
        var client = app.CreateBrowserLikeClient();

        var response = await client.PostFormAsync("/Setup", Form());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.LocationPath());

        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("href=\"/Admin\"", await home.ReadTextAsync(), StringComparison.Ordinal);

        await app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var admin = await users.FindByEmailAsync("marie@tests.crm");
            Assert.NotNull(admin);
            Assert.Equal("Marie Curie", admin.DisplayName);
            Assert.True(await users.IsInRoleAsync(admin, Roles.Admin));
        });

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Setup")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateBrowserLikeClient().GetAsync("/Setup")).StatusCode);

        var second = await client.PostFormAsync("/Setup", Form(), formPage: "/");
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task The_admin_created_by_setup_can_sign_in_again()
    {
        await using var app = new NoAdminAppFactory();
        await app.CreateBrowserLikeClient().PostFormAsync("/Setup", Form());

        var client = await app.SignInAsync("marie@tests.crm", "Setup-Pass-2026");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Mismatched_passwords_show_an_error_and_create_no_user()
    {
        await using var app = new NoAdminAppFactory();
        var response = await app.CreateBrowserLikeClient().PostFormAsync("/Setup", Form(confirm: "Other-Pass-2026"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The passwords do not match.", await response.ReadTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Weak_password_shows_the_rules_and_creates_no_user()
    {
        await using var app = new NoAdminAppFactory();
        var response = await app.CreateBrowserLikeClient().PostFormAsync("/Setup", Form(password: "short"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadTextAsync();
        Assert.Contains("Passwords must be at least 10 characters.", html, StringComparison.Ordinal);
        Assert.Contains("Passwords must have at least one digit", html, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Users.CountAsync()));

        var again = await app.CreateBrowserLikeClient().GetAsync("/");
        Assert.Equal("/Setup", again.LocationPath());
    }

    [Fact]
    public async Task Setup_is_not_found_when_an_admin_is_configured()
    {
        await using var app = new CrmAppFactory();
        var response = await app.CreateBrowserLikeClient().GetAsync("/Setup");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
