using System.Text.RegularExpressions;
using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Account;

[Collection(BrowserCollection.Name)]
public sealed class SignInJourneys(BrowserFixture browser)
{
    [Fact]
    public async Task Admin_signs_in_through_the_login_page_and_sees_the_dashboard()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
        await BrowserFixture.ScreenshotAsync(page, "login");

        await new LoginPage(page).SignInAsync(CrmServer.AdminEmail, CrmServer.AdminPassword);

        var shell = new AppShell(page);
        await Expect(shell.NavLink("Dashboard")).ToBeVisibleAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/Account/Login"));
        await BrowserFixture.ScreenshotAsync(page, "dashboard");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Admin_switches_the_language_to_French_from_the_user_menu()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync(CrmServer.AdminEmail, CrmServer.AdminPassword);
        var shell = new AppShell(page);
        await Expect(shell.NavLink("Dashboard")).ToBeVisibleAsync();

        await shell.OpenUserMenuAsync();
        await BrowserFixture.ScreenshotAsync(page, "user-menu");
        await shell.SwitchLanguageAsync("Français");

        await Expect(shell.NavLink("Tableau de bord")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "dashboard-fr");

        // The choice is stored on the profile: put English back for the other journeys.
        await shell.SwitchLanguageAsync("English");
        await Expect(shell.NavLink("Dashboard")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_password_shows_an_error_and_stays_on_the_login_page()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        var login = new LoginPage(page);

        await login.SignInAsync(CrmServer.AdminEmail, "not-the-password");

        await Expect(login.Errors).ToContainTextAsync("Invalid email or password.");
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
        await Expect(page.Locator("nav.crm-navbar")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "login-wrong-password");
        await page.Context.CloseAsync();
    }
}
