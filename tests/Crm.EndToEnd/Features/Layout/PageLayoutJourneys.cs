using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Layout;

/// <summary>The main pages, full of demo data, in French, on a laptop and on a phone: readable, nothing spills sideways.</summary>
[Collection(SeededCollection.Name)]
public sealed class PageLayoutJourneys(SeededBrowserFixture app)
{
    public static TheoryData<int> Widths => new() { 1366, 390 };

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task A_French_sales_rep_reads_the_main_pages_without_sideways_scrolling(int width)
    {
        var page = await app.NewPageAsync("fr-FR", width);
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync("sales@demo.crm", SeededBrowserFixture.Password);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");

        await CheckAsync(page, "/", "Tableau de bord", $"fr-dashboard-{width}");
        await CheckAsync(page, "/Contacts", "Contacts", $"fr-contacts-{width}");
        // A phone shows a card per record, a wider window the table.
        await Expect(width < 768 ? page.GetByTestId("cards") : page.Locator("main table th").First).ToBeVisibleAsync();
        await CheckAsync(page, "/Companies", "Sociétés", $"fr-companies-{width}");

        await page.GotoAsync("/Contacts");
        await page.Locator("main a[href^='/Contacts/Details/']:visible").First.ClickAsync();
        await CheckAsync(page, null, "Chronologie", $"fr-contact-details-{width}");
        var editEntry = page.Locator("main a[href^='/Activities/Edit/']").First;
        if (await editEntry.CountAsync() > 0)
        {
            await CheckAsync(page, await editEntry.GetAttributeAsync("href"), "Modifier l’activité", $"fr-activity-edit-{width}");
        }

        await CheckAsync(page, "/Contacts/Create", "Nouveau contact", $"fr-contact-create-{width}");
        await CheckAsync(page, "/RecycleBin", "Corbeille", $"fr-recycle-bin-{width}");
        await page.Context.CloseAsync();
    }

    private static async Task CheckAsync(IPage page, string? path, string expectedText, string screenshot)
    {
        if (path is not null)
        {
            await page.GotoAsync(path);
        }

        await Expect(page.Locator("main")).ToContainTextAsync(expectedText);
        await BrowserFixture.ScreenshotAsync(page, screenshot);
        // Wide tables may scroll inside their own box; the page itself must not.
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{page.Url} is {overflow}px wider than the window.");
    }
}
