using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using MiniExcelLibs;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.CustomFields;

/// <summary>Issue 12's journey: an admin adds a custom field; it appears on the contact form; a value is saved, filtered on and exported.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CustomFieldJourneys(BrowserFixture browser)
{
    private static readonly AxeRunOptions Wcag21 = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    private readonly List<string> _axe = [];

    /// <summary>axe-core on the page as it stands: WCAG 2.1 A and AA violations are collected and fail the journey at its end.</summary>
    private async Task AxeAsync(IPage page)
    {
        var result = await page.RunAxe(Wcag21);
        _axe.AddRange(result.Violations.Select(v => $"{new Uri(page.Url).PathAndQuery}: {v.Id} {v.Help} {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target.ToString()))}"));
    }

    [Fact]
    public async Task An_admin_adds_a_field_that_a_contact_gets_a_value_in_which_the_list_filters_on_and_the_export_holds()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync(CrmServer.AdminEmail, CrmServer.AdminPassword);
        await Expect(new AppShell(page).NavLink("Dashboard")).ToBeVisibleAsync();

        // The admin home leads to the custom fields; a field with a wrong choice list is refused with its error.
        await page.GotoAsync("/Admin");
        await page.Locator("a[href='/Admin/Fields']").ClickAsync();
        await page.GetByTestId("new-field").ClickAsync();
        var form = page.GetByTestId("field-form");
        await form.GetByLabel("Kind of record").SelectOptionAsync("contacts");
        await form.GetByLabel("Type", new() { Exact = true }).SelectOptionAsync("Choice");
        await form.GetByLabel("Label in English").FillAsync("Loyalty tier");
        await form.GetByLabel("Label in French").FillAsync("Niveau de fidélité");
        await form.GetByLabel("Choices").FillAsync("Gold | Or\nGold | Or");
        await page.GetByTestId("save-field").ClickAsync();
        await Expect(page.GetByTestId("error-summary")).ToContainTextAsync("The choice Gold is there twice.");
        await AxeAsync(page);

        await form.GetByLabel("Choices").FillAsync("Gold | Or\nSilver | Argent\nBronze | Bronze");
        await form.GetByLabel("Help text in English").FillAsync("What the contact bought last year");
        await form.GetByLabel("Section in English").FillAsync("Loyalty");
        await page.GetByTestId("save-field").ClickAsync();
        await Expect(page.Locator("[data-testid=field-row][data-key=loyalty-tier]")).ToBeVisibleAsync();
        await AxeAsync(page);

        // It appears on the contact form, under its section, with its help; a value is saved and shown.
        var lastName = "Fidèle" + Guid.NewGuid().ToString("N")[..6];
        await page.GotoAsync("/Contacts/Create");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Loyalty" })).ToBeVisibleAsync();
        await Expect(page.GetByText("What the contact bought last year")).ToBeVisibleAsync();
        await page.Locator("input[name=LastName]").FillAsync(lastName);
        await page.GetByLabel("Loyalty tier").SelectOptionAsync(new SelectOptionValue { Label = "Silver" });
        await BrowserFixture.ScreenshotAsync(page, "custom-field-on-contact-form");
        await AxeAsync(page);
        await page.Locator("main form button[type=submit].btn-primary").Last.ClickAsync();
        await Expect(page.GetByTestId("custom-facts")).ToContainTextAsync("Silver");
        await AxeAsync(page);

        // The list filters on it: the contact with "Silver" shows, and not with "Gold".
        await page.GotoAsync($"/Contacts?q={lastName}");
        var filters = page.GetByTestId("filters");
        await filters.GetByLabel("Loyalty tier").SelectOptionAsync(new SelectOptionValue { Label = "Silver" });
        await filters.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator("table.crm-list tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("table.crm-list tbody")).ToContainTextAsync(lastName);
        await AxeAsync(page);
        await filters.GetByLabel("Loyalty tier").SelectOptionAsync(new SelectOptionValue { Label = "Gold" });
        await filters.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.GetByTestId("empty-no-match")).ToBeVisibleAsync();

        // The export of the filtered list holds the contact with its value.
        await filters.GetByLabel("Loyalty tier").SelectOptionAsync(new SelectOptionValue { Label = "Silver" });
        await filters.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export").ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"custom-field-export-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(file);
        try
        {
            var rows = MiniExcel.Query(file, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            var row = Assert.Single(rows);
            Assert.Equal(lastName, row["Last name"]);
            Assert.Equal("Silver", row["Loyalty tier"]);
        }
        finally
        {
            File.Delete(file);
        }

        // The pages fit a phone and the usual laptop widths with the field on them.
        var widths = new List<string>();
        foreach (var width in new[] { 390, 1024, 1280, 1366 })
        {
            await page.SetViewportSizeAsync(width, 800);
            foreach (var path in new[] { "/Admin/Fields?kind=contacts", "/Admin/Fields/New?kind=contacts", "/Contacts/Create", $"/Contacts?q={lastName}&cols=cf.loyalty-tier,owner" })
            {
                await page.GotoAsync(path);
                if (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth") > 0)
                {
                    widths.Add($"{path} at {width} px");
                }
            }
        }

        Assert.True(widths.Count == 0, "wider than the window: " + string.Join(", ", widths));
        await page.SetViewportSizeAsync(1366, 800);

        // The removal asks first; the removed field can be restored.
        await page.GotoAsync("/Admin/Fields?kind=contacts");
        await page.Locator("[data-testid=field-row][data-key=loyalty-tier] [data-testid=remove-field]").ClickAsync();
        await Expect(page.GetByTestId("remove-values")).ToContainTextAsync("One record has a value in this field.");
        await AxeAsync(page);
        await page.GetByTestId("confirm-remove").ClickAsync();
        await Expect(page.GetByTestId("removed-fields")).ToContainTextAsync("Loyalty tier");
        await AxeAsync(page);

        Assert.True(_axe.Count == 0, "axe found violations:\n" + string.Join("\n", _axe));
    }
}
