using System.Globalization;
using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;

namespace Crm.Tests.Infrastructure.Localization;

public sealed class LocalizationTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task English_is_the_default()
    {
        var client = await app.SignInAsync();
        var html = await client.GetTextAsync("/Dashboard");
        Assert.Contains(">Dashboard</a>", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Tableau de bord", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_French_browser_gets_the_French_navigation()
    {
        var client = await app.SignInAsync();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR");
        var html = await client.GetTextAsync("/Dashboard");
        Assert.Contains(">Tableau de bord</a>", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"fr\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dates_follow_the_culture()
    {
        var client = await app.SignInAsync();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR");
        var french = await client.GetTextAsync("/Dashboard");
        Assert.Contains(DateTime.Now.ToString("D", new CultureInfo("fr")), french, StringComparison.Ordinal);

        var english = await (await app.SignInAsync()).GetTextAsync("/Dashboard");
        Assert.Contains(DateTime.Now.ToString("D", new CultureInfo("en")), english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_login_page_speaks_French_to_a_French_browser()
    {
        var client = app.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR,fr;q=0.9");
        var html = await client.GetTextAsync("/Account/Login");
        Assert.Contains("Se connecter", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">Sign in<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_culture_cookie_wins_over_the_browser_language()
    {
        const string email = "culture@tests.crm";
        const string password = "Culture-Pass-2026";
        await app.CreateUserAsync(email, password, Roles.Sales);
        var client = await app.SignInAsync(email, password);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");

        var set = await client.PostFormAsync("/Culture/Set", new() { ["culture"] = "fr", ["returnUrl"] = "/Deals" }, formPage: "/");
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal("/Deals", set.LocationPath());

        var html = await client.GetTextAsync("/Dashboard");
        Assert.Contains(">Tableau de bord</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chosen_language_follows_the_user_to_a_new_browser()
    {
        const string email = "culture-profile@tests.crm";
        const string password = "Culture-Pass-2026";
        await app.CreateUserAsync(email, password, Roles.Sales);
        var first = await app.SignInAsync(email, password);
        await first.PostFormAsync("/Culture/Set", new() { ["culture"] = "fr" }, formPage: "/");

        var second = await app.SignInAsync(email, password);
        second.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");
        Assert.Contains(">Tableau de bord</a>", await second.GetTextAsync("/Dashboard"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsupported_culture_is_refused()
    {
        var client = app.CreateBrowserLikeClient();
        var response = await client.PostFormAsync("/Culture/Set", new() { ["culture"] = "de" }, formPage: "/Account/Login");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_language_switch_does_not_redirect_to_another_site()
    {
        var client = app.CreateBrowserLikeClient();
        var response = await client.PostFormAsync("/Culture/Set", new() { ["culture"] = "fr", ["returnUrl"] = "//evil.example/" }, formPage: "/Account/Login");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.LocationPath());
    }
}
