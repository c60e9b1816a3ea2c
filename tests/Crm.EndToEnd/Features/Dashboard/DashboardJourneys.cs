using System.Text.RegularExpressions;
using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Dashboard;

/// <summary>The manager's dashboard on the demo data: its charts are drawn by Chart.js, and a bar opens the list behind it.</summary>
[Collection(SeededCollection.Name)]
public sealed class DashboardJourneys(SeededBrowserFixture app)
{
    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task A_manager_sees_the_team_charts_and_a_bar_opens_the_deals_of_its_stage(int width)
    {
        var page = await app.NewPageAsync("en-GB", width);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync("manager@demo.crm", SeededBrowserFixture.Password);

        await page.GotoAsync("/Dashboard?period=year");
        var chart = page.Locator("#chart-team-pipeline");
        await Expect(chart).ToHaveAttributeAsync("data-rendered", "true");
        await Expect(page.Locator("[data-testid='section-team']")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, $"dashboard-manager-{width}");
        Assert.Empty(errors);

        // The page fits its width: nothing wider than the window.
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow} px wider than the window.");

        // The first bar with a value, where Chart.js drew it.
        var point = await chart.EvaluateAsync<double[]>(
            "c => { const meta = c.crmChart.getDatasetMeta(0); const i = meta.data.findIndex((_, n) => c.crmChart.data.datasets[0].data[n] > 0); const p = meta.data[i].getCenterPoint(); return [p.x, p.y, i]; }");
        await chart.ScrollIntoViewIfNeededAsync();
        var box = (await chart.BoundingBoxAsync())!;
        await page.Mouse.ClickAsync((float)(box.X + point[0]), (float)(box.Y + point[1]));

        await Expect(page).ToHaveURLAsync(new Regex("/Deals\\?stage=\\d+&status=Open"));
        await Expect(page.Locator("main a[href^='/Deals/Details/']:visible").First).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
