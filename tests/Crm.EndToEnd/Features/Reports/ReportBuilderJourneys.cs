using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Reports;

/// <summary>A manager builds a report in the browser (deals grouped by status, counted, as a bar chart), saves it and sees its chart (issue 16).</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportBuilderJourneys(BrowserFixture browser)
{
    private const string Email = "maud@reportjourney.test";
    private const string Password = "Report-Journey-2026";

    private async Task SeedAsync()
    {
        await using var scope = browser.Server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(Email) is not null)
        {
            return;
        }

        var user = new AppUser { UserName = Email, Email = Email, EmailConfirmed = true, DisplayName = "Maud Report" };
        await users.CreateAsync(user, Password);
        await users.AddToRoleAsync(user, Roles.Manager);
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var at = DateTime.UtcNow.AddDays(-3);
        for (var i = 0; i < 5; i++)
        {
            var deal = new Deal { Name = "Journey report deal " + i, OwnerId = user.Id, Currency = "EUR" };
            deal.SetAmount(100m * (i + 1), 1m);
            deal.Start(new PipelineStage { Id = 1, PipelineId = 1 }, user.Id, at);
            if (i < 2)
            {
                deal.Win(user.Id, at.AddDays(1));
            }

            db.Deals.Add(deal);
        }

        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_manager_builds_a_grouped_report_saves_it_and_sees_its_chart()
    {
        await SeedAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync(Email, Password);
        await Expect(new AppShell(page).NavLink("Dashboard")).ToBeVisibleAsync();

        await page.GotoAsync("/Reports/Builder");
        // Choosing the records posts the form back with their fields (report-builder.js).
        await page.Locator("#Kind").SelectOptionAsync("deals");
        await Expect(page.Locator("#Groups_0_")).ToBeVisibleAsync();
        await page.Locator("#Name").FillAsync("Deals by status");
        await page.Locator("#Groups_0_").SelectOptionAsync("Status");
        await page.Locator("#Aggregates_0__Function").SelectOptionAsync("Count");
        await page.Locator("#Aggregates_1__Function").SelectOptionAsync("Sum");
        await page.Locator("#Aggregates_1__Field").SelectOptionAsync("AmountCents");
        await page.Locator("#Chart").SelectOptionAsync("Bar");
        await page.GetByTestId("save-report").ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Reports/Saved/\\d+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Deals by status" })).ToBeVisibleAsync();
        await Expect(page.Locator("canvas[data-report-chart][data-rendered=true]")).ToBeVisibleAsync();
        var table = page.GetByTestId("report-table");
        await Expect(table).ToContainTextAsync("Won");
        await Expect(table).ToContainTextAsync("Open");
        await Expect(page.GetByTestId("export-report")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("/Reports/Export\\?key=saved%3A\\d+"));
        await BrowserFixture.ScreenshotAsync(page, "report-builder-chart");

        var edit = page.Url.Replace("/Reports/Saved/", "/Reports/Builder/", StringComparison.Ordinal);
        await page.GotoAsync("/Reports/Saved");
        await Expect(page.GetByTestId("saved-reports")).ToContainTextAsync("Deals by status");

        // On a phone the builder and the report fit the width.
        await page.SetViewportSizeAsync(390, 844);
        foreach (var path in new[] { edit, "/Reports/Saved" })
        {
            await page.GotoAsync(path);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), path + " is wider than 390 px");
        }

        await page.GotoAsync(edit);
        await BrowserFixture.ScreenshotAsync(page, "report-builder-390");
    }
}
