using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Crm.Web.Features.Companies;
using Crm.Web.Infrastructure.Data;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

            // The menu slides open: the user menu is clicked once it has stopped moving.
            await Expect(page.Locator("nav.crm-navbar .navbar-collapse.show")).ToBeVisibleAsync();
            await Expect(page.Locator("nav.crm-navbar .collapsing")).ToHaveCountAsync(0);
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

    public static TheoryData<int> PhoneWidths => new() { 390, 320 };

    public static TheoryData<int> DealWidths => new() { 390, 1024, 1366 };

    /// <summary>
    /// The deal pages and the catalogue a French admin keeps fit the window on a phone and on laptops: the board scrolls
    /// its columns inside itself, not the page; nothing to tap is under 24px.
    /// </summary>
    [Theory]
    [MemberData(nameof(DealWidths))]
    public async Task Deal_pages_products_and_pipelines_fit_the_window(int width)
    {
        var page = await app.NewPageAsync("fr-FR", width, 800);
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync("admin@demo.crm", SeededBrowserFixture.Password);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");

        var deleted = await SeedDeletedCompanyAsync();
        await page.GotoAsync("/Deals");
        var deal = await page.Locator("main a[href^='/Deals/Details/']").First.GetAttributeAsync("href");
        await page.GotoAsync("/Tickets?queue=all");
        var ticket = await page.Locator("main a[href^='/Tickets/Details/']").First.GetAttributeAsync("href");
        foreach (var (path, name) in new[]
                 {
                     ("/Tickets?queue=all", "tickets"), (ticket!, "ticket-details"), ("/Tickets/Create", "ticket-create"), ("/Admin/Sla", "sla"), ("/Knowledge", "knowledge"),
                     ("/Deals", "deals"), ("/Deals/Board", "board"), ("/Deals/Forecast", "forecast"), ("/Deals/Create", "deal-create"),
                     (deal!, "deal-details"), (deal!.Replace("/Details/", "/Edit/", StringComparison.Ordinal), "deal-edit"),
                     ("/Products", "products"), ("/Admin/Pipelines", "pipelines"),
                     ("/Admin/Users", "users"), ("/Admin/Users/Invite", "user-invite"), ("/Admin/Teams", "teams"), ("/Admin/Settings", "settings"), ("/Admin/Visibility", "visibility"), ("/Admin/Audit", "audit"),
                     ("/Tasks", "my-day"), ("/Tasks/All", "tasks"), ("/Tasks/Create", "task-create"),
                     ("/RecycleBin?kind=companies", "recycle-bin"), ($"/RecycleBin/Purge?kind=companies&id={deleted}", "purge-one"), ("/RecycleBin/Purge", "purge-all"),
                 })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("main h1")).ToBeVisibleAsync();
            await FitsAsync(page, $"fr-{name}-{width}", width);
        }

        await page.Context.CloseAsync();
    }

    /// <summary>
    /// On a phone the lists are cards (name, main detail, owner) with the filters folded behind a button, and the duplicates
    /// and merge pages fit the window with their buttons in reach; nothing to tap is under 24px (axe's target-size).
    /// </summary>
    [Theory]
    [MemberData(nameof(PhoneWidths))]
    public async Task On_a_phone_lists_duplicates_and_merge_fit_the_window(int width)
    {
        await SeedCompanyPairAsync();
        var page = await app.NewPageAsync("fr-FR", width, 800);
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync("admin@demo.crm", SeededBrowserFixture.Password);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");

        foreach (var (list, kind) in new[] { ("/Contacts", "contacts"), ("/Companies", "companies") })
        {
            await page.GotoAsync(list);
            var cards = page.GetByTestId("cards");
            await Expect(cards).ToBeVisibleAsync();
            await Expect(page.Locator("main table.crm-list")).ToBeHiddenAsync();
            await Expect(page.Locator("#f-owner")).ToBeHiddenAsync();
            await Expect(page.Locator("#f-q")).ToBeVisibleAsync();
            await FitsAsync(page, $"phone-{kind}-list-{width}", width);

            await page.GetByTestId("filters-toggle").ClickAsync();
            await Expect(page.Locator("#f-owner")).ToBeVisibleAsync();
            // Measured once the panel has opened: while Bootstrap's collapse animates its height, the last fields are
            // clipped and axe sees tap targets smaller than they end up.
            await Expect(page.Locator("#crm-filters")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"^(?!.*\bcollapsing\b).*\bshow\b"));
            await FitsAsync(page, $"phone-{kind}-filters-{width}", width);

            await cards.Locator("a").First.ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"{list}/Details/\\d+"));
            await FitsAsync(page, $"phone-{kind}-details-{width}", width);

            await page.GotoAsync(list + "/Duplicates");
            var merge = page.Locator($"main a[href^='{list}/Merge?']").First;
            await Expect(merge).ToBeVisibleAsync();
            await FitsAsync(page, $"phone-{kind}-duplicates-{width}", width);
            foreach (var button in new[] { merge, page.GetByRole(AriaRole.Button, new() { Name = "Pas un doublon" }).First })
            {
                var box = await button.BoundingBoxAsync();
                Assert.NotNull(box);
                Assert.True(box.X >= 0 && box.X + box.Width <= width, $"A button of {list}/Duplicates lies outside the window at {width}px ({box.X}+{box.Width}).");
            }

            await merge.ClickAsync();
            await Expect(page.Locator("main form[action$='/Merge'] button[type=submit]")).ToBeVisibleAsync();
            await FitsAsync(page, $"phone-{kind}-merge-{width}", width);
        }

        await page.Context.CloseAsync();
    }

    private static async Task FitsAsync(IPage page, string screenshot, int width)
    {
        await BrowserFixture.ScreenshotAsync(page, screenshot);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{page.Url} is {overflow}px wider than the window at {width}px.");
        var small = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "rule", Values = ["target-size"] } });
        Assert.True(small.Violations.Length == 0, $"{page.Url} has tap targets under 24px at {width}px: "
            + string.Join(" | ", small.Violations.SelectMany(v => v.Nodes).Take(5).Select(n => n.Target.ToString())));
    }

    /// <summary>The demo holds no duplicate companies: two of the same name, unowned, so an admin sees the pair.</summary>
    private async Task SeedCompanyPairAsync()
    {
        await using var scope = app.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        const string name = "Établissements Beaumarchais-Delacroix et Associés";
        if (!db.Companies.Any(c => c.Name == name))
        {
            db.Companies.AddRange(
                new Company { Name = name, Phone = "01 42 00 00 01", BillingAddress = new() { City = "Saint-Rémy-de-Provence" }, CreatedAt = DateTime.UtcNow },
                new Company { Name = name, Phone = "01 42 00 00 02", BillingAddress = new() { City = "Paris" }, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
    }

    /// <summary>A company in the recycle bin with a long name, so the bin's rows and the purge question show.</summary>
    private async Task<int> SeedDeletedCompanyAsync()
    {
        await using var scope = app.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        const string name = "Manufacture Générale de Porcelaine et Faïencerie de Saint-Rémy-de-Provence";
        var existing = await db.Companies.IgnoreQueryFilters()
            .Where(c => c.Name == name && c.DeletedAt != null).Select(c => (int?)c.Id).FirstOrDefaultAsync();
        if (existing is int id)
        {
            return id;
        }

        var company = new Company { Name = name, BillingAddress = new() { City = "Saint-Rémy-de-Provence" }, CreatedAt = DateTime.UtcNow };
        db.Companies.Add(company);
        await db.SaveChangesAsync();
        db.Companies.Remove(company);
        await db.SaveChangesAsync();
        return company.Id;
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
