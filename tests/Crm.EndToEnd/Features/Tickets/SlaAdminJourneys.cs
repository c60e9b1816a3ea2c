using System.Text.RegularExpressions;
using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Tickets;

[Collection(BrowserCollection.Name)]
public sealed class SlaAdminJourneys(BrowserFixture browser)
{
    private static readonly AxeRunOptions Wcag21 = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    [Fact]
    public async Task An_admin_adds_a_years_French_holidays_to_a_new_policy_sees_every_error_then_saves_it_and_the_pages_fit_every_width()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync(CrmServer.AdminEmail, CrmServer.AdminPassword);
        var violations = new List<string>();

        await page.GotoAsync("/Admin");
        await page.Locator("a[href='/Admin/Sla']").ClickAsync();
        await Expect(page.Locator("tr[data-policy=Standard]")).ToBeVisibleAsync();
        await CheckAxeAsync(page, violations);

        await page.GotoAsync("/Admin/Sla/Create");
        await page.Locator("input[name=Name]").FillAsync("Key accounts journey");
        await page.Locator("input[name=HolidayYear]").FillAsync("2029");
        await page.Locator("button[value=add-holidays]").ClickAsync();
        await Expect(page.Locator("textarea[name=Holidays]")).ToContainTextAsync("2029-04-02 Lundi de Pâques");
        await Expect(page.Locator("input[name=Name]")).ToHaveValueAsync("Key accounts journey");

        await page.Locator("input[name='Targets[0].FirstResponse']").FillAsync("soon");
        await page.Locator("input[name=AtRiskPercent]").FillAsync("120");
        await page.Locator("button[value=save]").ClickAsync();
        await Expect(page.GetByTestId("error-summary")).ToContainTextAsync("2");
        await Expect(page.Locator("input[name='Targets[0].FirstResponse']")).ToHaveAttributeAsync("aria-invalid", "true");
        await CheckAxeAsync(page, violations);

        await page.Locator("input[name='Targets[0].FirstResponse']").FillAsync("30 min");
        await page.Locator("input[name=AtRiskPercent]").FillAsync("70");
        await page.Locator("button[value=save]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Admin/Sla$"));
        await page.Locator("tr[data-policy='Key accounts journey'] a").ClickAsync();
        await Expect(page.Locator("input[name='Targets[0].FirstResponse']")).ToHaveValueAsync("30 min");
        await CheckAxeAsync(page, violations);
        Assert.Empty(violations);

        var edit = new Uri(page.Url).AbsolutePath;
        foreach (var width in new[] { 390, 1024, 1280, 1366 })
        {
            await page.SetViewportSizeAsync(width, 900);
            foreach (var path in new[] { "/Admin/Sla", "/Admin/Sla/Create", edit })
            {
                await page.GotoAsync(path);
                var scroll = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                Assert.True(scroll <= width, $"{path} is {scroll} px wide at {width} px");
            }
        }

        await BrowserFixture.ScreenshotAsync(page, "sla-policy-form-1366");
        await page.Context.CloseAsync();
    }

    private static async Task CheckAxeAsync(Microsoft.Playwright.IPage page, List<string> failures)
    {
        var result = await page.RunAxe(Wcag21);
        failures.AddRange(result.Violations.Select(v => $"{new Uri(page.Url).PathAndQuery}: {v.Id} {v.Help} {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target.ToString()))}"));
    }
}
