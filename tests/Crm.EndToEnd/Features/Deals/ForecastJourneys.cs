using System.Text.RegularExpressions;
using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Deals;

[Collection(BrowserCollection.Name)]
public sealed class ForecastJourneys(BrowserFixture browser)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task A_manager_opens_a_forecast_figure_reaches_the_deals_behind_it_and_opens_one(int width)
    {
        var name = $"Forecast journey {width} — Boulangerie Éloïse";
        await ArrangeOpenDealClosingTodayAsync(name, 12_500_00);

        var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = browser.Server.BaseAddress.ToString(),
            Locale = "fr-FR",
            ViewportSize = new() { Width = width, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync(CrmServer.AdminEmail, CrmServer.AdminPassword);

        await page.GotoAsync("/Deals/Forecast");
        await Expect(page.Locator("main h1").First).ToHaveTextAsync("Prévisions");
        var bestCase = page.Locator("table.forecast-table").First.Locator("tbody tr").Last.Locator("a[data-measure='BestCase']");
        await Expect(bestCase).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, $"deals-forecast-{width}");

        await bestCase.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Deals/Forecast/Deals\\?.*measure=BestCase"));
        var deal = page.Locator("#forecast-deals a", new() { HasText = name });
        await Expect(deal).ToBeVisibleAsync();
        await Expect(page.Locator("#forecast-deals tr", new() { HasText = name })).ToContainTextAsync("au montant total");
        await BrowserFixture.ScreenshotAsync(page, $"deals-forecast-drill-{width}");

        await deal.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Deals/Details/\\d+$"));
        await Expect(new RecordDetailsPage(page).Heading).ToContainTextAsync(name);
        await context.CloseAsync();
    }

    private async Task ArrangeOpenDealClosingTodayAsync(string name, long cents)
    {
        await using var scope = browser.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var admin = await db.Users.SingleAsync(u => u.Email == CrmServer.AdminEmail);

        // The language comes from the browser (fr-FR) unless the profile names one: another journey may have left one.
        admin.Culture = null;
        var stage = await db.PipelineStages.OrderBy(s => s.PipelineId).ThenBy(s => s.Position).Skip(2).FirstAsync();
        var deal = new Deal { Name = name, OwnerId = admin.Id, Currency = "EUR", ExpectedCloseDate = DateOnly.FromDateTime(DateTime.Today) };
        deal.SetAmount(cents / 100m, 1m);
        deal.Start(stage, admin.Id, DateTime.UtcNow);
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
    }
}
