using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Account;

/// <summary>One access-denied page, status 403, whether a policy refused the request or an action answered 403.</summary>
public sealed class AccessDeniedTests(AccessDeniedTests.ForbiddingAppFactory app) : IClassFixture<AccessDeniedTests.ForbiddingAppFactory>
{
    private const string Password = "Denied-Pass-2026";

    private static async Task AssertTheAccessDeniedPageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = await response.ReadTextAsync();
        Assert.Contains("data-testid=\"access-denied\"", page, StringComparison.Ordinal);
        Assert.Contains("<title>Access denied · Crm</title>", page, StringComparison.Ordinal);
        Assert.Contains("ask an administrator", page, StringComparison.Ordinal);
        Assert.Contains("You are signed in as denied-", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/\" class=\"btn btn-primary\">Back to the dashboard</a>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_a_policy_refuses_sends_to_the_access_denied_page_with_status_403()
    {
        await app.CreateUserAsync("denied-policy@tests.crm", Password, Roles.Sales);
        var browser = await app.SignInAsync("denied-policy@tests.crm", Password);

        var refused = await browser.GetAsync("/Admin");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", refused.LocationPath(), StringComparison.Ordinal);

        await AssertTheAccessDeniedPageAsync(await browser.GetAsync(refused.LocationPath()));
    }

    [Fact]
    public async Task An_action_answering_403_shows_the_same_page()
    {
        await app.CreateUserAsync("denied-action@tests.crm", Password, Roles.Sales);
        var browser = await app.SignInAsync("denied-action@tests.crm", Password);

        await AssertTheAccessDeniedPageAsync(await browser.GetAsync("/Refusing"));
    }

    [Fact]
    public async Task Both_paths_show_one_page()
    {
        await app.CreateUserAsync("denied-same@tests.crm", Password, Roles.Sales);
        var browser = await app.SignInAsync("denied-same@tests.crm", Password);

        var fromPolicy = await browser.GetTextAsync("/Account/AccessDenied?ReturnUrl=%2FAdmin");
        var fromAction = await browser.GetTextAsync("/Refusing");

        static string Main(string page) => page[page.IndexOf("<main", StringComparison.Ordinal)..page.IndexOf("</main>", StringComparison.Ordinal)];
        Assert.Equal(Main(fromPolicy), Main(fromAction));
    }

    [Fact]
    public async Task The_page_links_back_to_the_page_of_this_site_the_user_came_from()
    {
        await app.CreateUserAsync("denied-back@tests.crm", Password, Roles.Sales);
        var browser = await app.SignInAsync("denied-back@tests.crm", Password);

        using var fromHere = new HttpRequestMessage(HttpMethod.Get, "/Refusing");
        // A page of this site: its address is the configured public one, not whatever Host the request names.
        var site = new Uri(app.Services.GetRequiredService<Crm.Web.Infrastructure.Web.PublicLinks>().BaseUrl!);
        fromHere.Headers.Referrer = new Uri(site, "/Contacts?q=mar");
        Assert.Contains("href=\"/Contacts?q=mar\"", await (await browser.SendAsync(fromHere)).ReadTextAsync(), StringComparison.Ordinal);

        // The request's own Host is not proof of anything (a client sets it): a referer matching only that gets no link.
        Assert.NotEqual(site.Authority, browser.BaseAddress!.Authority);
        using var fromForgedHost = new HttpRequestMessage(HttpMethod.Get, "/Refusing");
        fromForgedHost.Headers.Referrer = new Uri(browser.BaseAddress!, "/Contacts?q=forged");
        Assert.DoesNotContain("q=forged", await (await browser.SendAsync(fromForgedHost)).ReadTextAsync(), StringComparison.Ordinal);

        using var fromElsewhere = new HttpRequestMessage(HttpMethod.Get, "/Refusing");
        fromElsewhere.Headers.Referrer = new Uri("https://evil.example/Contacts");
        var page = await (await browser.SendAsync(fromElsewhere)).ReadTextAsync();
        Assert.DoesNotContain("evil.example", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Back to the previous page", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_speaks_French_to_a_French_user()
    {
        await app.CreateUserAsync("denied-fr@tests.crm", Password, Roles.Sales);
        var browser = await app.SignInAsync("denied-fr@tests.crm", Password);
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR");

        var response = await browser.GetAsync("/Refusing");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = await response.ReadTextAsync();
        Assert.Contains("Vous n’avez pas accès à cette page.", page, StringComparison.Ordinal);
        Assert.Contains("Retour au tableau de bord", page, StringComparison.Ordinal);
    }

    /// <summary>The app with one more controller whose action answers 403, as a record a user sees but may not change does.</summary>
    public sealed class ForbiddingAppFactory : CrmAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddMvcCore().AddApplicationPart(typeof(RefusingController).Assembly));
        }
    }
}

public sealed class RefusingController : Controller
{
    public IActionResult Index() => StatusCode(StatusCodes.Status403Forbidden);
}
