using System.Text.RegularExpressions;
using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Search;

[Collection(SeededCollection.Name)]
public sealed class GlobalSearchJourneys(SeededBrowserFixture app)
{
    [Fact]
    public async Task The_search_box_suggests_as_you_type_and_opens_a_record_with_the_keyboard()
    {
        var page = await app.NewPageAsync("en-US", 1366);
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync("admin@demo.crm", SeededBrowserFixture.Password);

        var box = page.Locator("nav input[data-crm-search]");
        await box.PressSequentiallyAsync("ma", new() { Delay = 60 });
        var suggestions = page.Locator("[data-crm-search-results] a[href*='/Details/']");
        await Expect(suggestions.First).ToBeVisibleAsync();
        await Expect(box).ToHaveAttributeAsync("aria-expanded", "true");
        await BrowserFixture.ScreenshotAsync(page, "search-typeahead");

        await box.PressAsync("ArrowDown");
        await Expect(suggestions.First).ToHaveClassAsync(new Regex(@"\bactive\b"));
        var target = await suggestions.First.GetAttributeAsync("href");
        await box.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(target!) + "$"));
        await Expect(page.Locator("main h1").First).ToBeVisibleAsync();

        // Escape closes the suggestions without leaving the page.
        await box.PressSequentiallyAsync("ma", new() { Delay = 60 });
        await Expect(suggestions.First).ToBeVisibleAsync();
        await box.PressAsync("Escape");
        await Expect(box).ToHaveAttributeAsync("aria-expanded", "false");
        await page.Context.CloseAsync();
    }
}
