using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Layout;

/// <summary>
/// The admin has the most links, and French the longest labels: on laptops (1024 to 1280 px) and phones the page
/// must not scroll sideways, and the user menu (account, language, sign out) must be reachable, collapsed or not.
/// </summary>
[Collection(SeededCollection.Name)]
public sealed class NavbarWidthJourneys(SeededBrowserFixture app)
{
    public static TheoryData<int> Widths => new() { 1024, 1100, 1200, 1280, 390, 320 };

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task A_French_admin_sees_every_page_fit_the_window_and_reaches_the_user_menu(int width)
    {
        var page = await app.NewPageAsync("fr-FR", width);
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync("admin@demo.crm", SeededBrowserFixture.Password);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");

        foreach (var (path, text) in new[] { ("/", "Tableau de bord"), ("/Contacts", "Contacts") })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("main")).ToContainTextAsync(text);
            await BrowserFixture.ScreenshotAsync(page, $"fr-admin-nav{path.Replace('/', '-')}-{width}");
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{page.Url} is {overflow}px wider than the window at {width}px.");
        }

        var shell = new AppShell(page);
        var toggler = page.Locator("nav.crm-navbar .navbar-toggler");
        if (await toggler.IsVisibleAsync())
        {
            Assert.True(width < 1200, $"The menu is collapsed at {width}px, where it fits.");
            await toggler.ClickAsync();
        }
        else
        {
            Assert.True(width >= 1200, $"The menu is expanded at {width}px, where it does not fit.");
        }

        await shell.OpenUserMenuAsync();
        var account = page.GetByRole(AriaRole.Link, new() { Name = "Mon compte" });
        await Expect(account).ToBeVisibleAsync();
        var box = await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= width, $"Sign out lies outside the window at {width}px ({box.X}+{box.Width}).");

        await account.ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Mon compte");
        var accountOverflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(accountOverflow <= 0, $"The account page is {accountOverflow}px wider than the window at {width}px.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_first_tab_offers_to_skip_to_the_content()
    {
        var page = await app.NewPageAsync("fr-FR", 1280);
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync("admin@demo.crm", SeededBrowserFixture.Password);
        await Expect(page.Locator("main")).ToContainTextAsync("Tableau de bord");

        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Aller au contenu" });
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main")).ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }
}
