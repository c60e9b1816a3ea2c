using System.Text.RegularExpressions;
using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Reports;

[Collection(BrowserCollection.Name)]
public sealed class ReportJourneys(BrowserFixture browser)
{
    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task A_manager_opens_the_pipeline_report_sees_its_chart_drawn_and_opens_a_rows_deals(int width)
    {
        var name = $"Report journey {width} — Fromagerie Noémie";
        await ArrangeOpenDealAsync(name, 4_200_00);

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

        await page.GotoAsync("/Reports");
        await page.Locator("a[href='/Reports/Standard/pipeline-by-stage']").ClickAsync();
        await Expect(page.Locator("main h1").First).ToHaveTextAsync("Pipeline par étape et propriétaire");

        // Chart.js drew the chart: the canvas is marked once the chart is built, and it has pixels.
        var canvas = page.Locator("canvas[data-report-chart]");
        await Expect(canvas).ToHaveAttributeAsync("data-rendered", "true");
        var height = await canvas.EvaluateAsync<int>("c => c.height");
        Assert.True(height > 100, $"canvas height {height}");
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"The page is {scrollWidth}px wide at {width}px.");
        await BrowserFixture.ScreenshotAsync(page, $"reports-pipeline-{width}");

        await page.Locator("table[data-testid='report-table'] tbody tr").First.Locator("a").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Deals\\?stage=\\d+&status=Open&owner="));
        await context.CloseAsync();
    }

    private async Task ArrangeOpenDealAsync(string name, long cents)
    {
        await using var scope = browser.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var admin = await db.Users.SingleAsync(u => u.Email == CrmServer.AdminEmail);
        admin.Culture = null;
        var stage = await db.PipelineStages.OrderBy(s => s.PipelineId).ThenBy(s => s.Position).FirstAsync();
        var deal = new Deal { Name = name, OwnerId = admin.Id, Currency = "EUR" };
        deal.SetAmount(cents / 100m, 1m);
        deal.Start(stage, admin.Id, DateTime.UtcNow);
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
    }
}
