using System.Text.RegularExpressions;
using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Forms;

/// <summary>The record forms and lists as a keyboard and screen-reader user meets them (issue 8: picker, errors, bulk bar).</summary>
[Collection(BrowserCollection.Name)]
public sealed class FormJourneys(BrowserFixture browser)
{
    private async Task<IPage> SignedInAsync()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync(CrmServer.AdminEmail, CrmServer.AdminPassword);
        await Expect(new AppShell(page).NavLink("Dashboard")).ToBeVisibleAsync();
        return page;
    }

    private async Task<T> WithDbAsync<T>(Func<CrmDbContext, Task<T>> work)
    {
        await using var scope = browser.Server.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<CrmDbContext>());
    }

    private Task<int> CompanyAsync(string name) => WithDbAsync(async db =>
    {
        var company = new Company { Name = name };
        db.Companies.Add(company);
        await db.SaveChangesAsync();
        return company.Id;
    });

    [Fact]
    public async Task The_company_picker_keeps_the_preselected_company_while_typing_and_picks_another_by_keyboard()
    {
        var preselected = await CompanyAsync("Boulangerie Pickeret");
        var other = await CompanyAsync("Fromagerie Vautrin Pickeret");
        var page = await SignedInAsync();

        // "Add a contact" from a company: the company is there, and typing without picking does not drop it.
        await page.GotoAsync($"/Contacts/Create?companyId={preselected}");
        var picker = new RecordPicker(page, "Company");
        await Expect(picker.Box).ToHaveValueAsync("Boulangerie Pickeret");
        await Expect(picker.Value).ToHaveValueAsync(preselected.ToString());
        await picker.Box.FillAsync("Zzz nothing");
        await Expect(picker.Box).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(picker.Value).ToHaveValueAsync(preselected.ToString());
        await picker.Box.PressAsync("Escape");
        await Expect(picker.Box).ToHaveValueAsync("Boulangerie Pickeret");
        await picker.Box.FillAsync("Fromag");
        await page.Locator("input[name=LastName]").FocusAsync();
        await Expect(picker.Box).ToHaveValueAsync("Boulangerie Pickeret");
        await Expect(picker.Value).ToHaveValueAsync(preselected.ToString());

        await page.Locator("input[name=FirstName]").FillAsync("Paul");
        await page.Locator("input[name=LastName]").FillAsync("Keptcompany");
        await page.Locator("main form button[type=submit].btn-primary").Last.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Contacts/Details/\\d+"));
        await Expect(page.Locator($"main a[href='/Companies/Details/{preselected}']").First).ToBeVisibleAsync();

        // A word inside the name finds the other company; arrows and Enter pick it, and the form is not sent by Enter.
        await page.GotoAsync($"/Contacts/Create?companyId={preselected}");
        await picker.Box.FillAsync("vautrin");
        await Expect(picker.Option("Fromagerie Vautrin Pickeret")).ToBeVisibleAsync();
        await Expect(picker.Option("+ Create « vautrin »")).ToBeVisibleAsync();
        await picker.Box.PressAsync("ArrowDown");
        var active = await picker.Box.GetAttributeAsync("aria-activedescendant");
        Assert.False(string.IsNullOrEmpty(active));
        await Expect(page.Locator($"#{active}")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.Locator($"#{active}")).ToHaveTextAsync("Fromagerie Vautrin Pickeret");
        await picker.Box.PressAsync("Enter");
        await Expect(picker.Box).ToHaveValueAsync("Fromagerie Vautrin Pickeret");
        await Expect(picker.Value).ToHaveValueAsync(other.ToString());
        await Expect(page).ToHaveURLAsync(new Regex("/Contacts/Create"));

        await page.Locator("input[name=LastName]").FillAsync("Pickedbykeyboard");
        await page.Locator("main form button[type=submit].btn-primary").Last.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Contacts/Details/\\d+"));
        await Expect(page.Locator($"main a[href='/Companies/Details/{other}']").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "contact-picked-company");

        // Clearing is explicit: the clear button empties the choice.
        await page.GotoAsync($"/Contacts/Create?companyId={preselected}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear: No company" }).ClickAsync();
        await Expect(picker.Value).ToHaveValueAsync(string.Empty);
        await Expect(picker.Box).ToHaveValueAsync(string.Empty);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_form_with_two_errors_lists_both_in_a_summary_marks_both_fields_and_focuses_the_first()
    {
        var page = await SignedInAsync();
        await page.GotoAsync("/Contacts/Create");

        await page.Locator("input[name=FirstName]").FillAsync("Errors");
        await page.Locator("input[name=Emails]").First.FillAsync("not-an-email");
        await page.Locator("main form button[type=submit].btn-primary").Last.ClickAsync();

        var summary = page.GetByTestId("error-summary");
        await Expect(summary).ToBeVisibleAsync();
        await Expect(summary).ToHaveAttributeAsync("role", "alert");
        await Expect(summary.Locator("li")).ToHaveCountAsync(2);
        await Expect(summary.Locator("li").First).ToContainTextAsync("Last name");
        await Expect(summary.Locator("a[href='#LastName']")).ToBeVisibleAsync();
        await Expect(summary.Locator("a[href='#Emails']")).ToBeVisibleAsync();
        await Expect(summary).ToContainTextAsync("There are 2 problems:");

        var lastName = page.Locator("input[name=LastName]");
        var email = page.Locator("input[name=Emails]").First;
        await Expect(lastName).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(lastName).ToHaveAttributeAsync("aria-describedby", "LastName-error");
        await Expect(page.Locator("#LastName-error")).Not.ToBeEmptyAsync();
        await Expect(email).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(email).ToHaveAttributeAsync("aria-describedby", "Emails-error");
        await Expect(page.Locator("#Emails-error")).Not.ToBeEmptyAsync();
        await Expect(lastName).ToBeFocusedAsync();
        await BrowserFixture.ScreenshotAsync(page, "contact-form-errors");

        // The summary's links lead to the fields.
        await summary.Locator("a[href='#LastName']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#LastName$"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_bulk_bar_waits_for_a_selection_and_all_matching_applies_beyond_the_first_page()
    {
        await WithDbAsync(async db =>
        {
            db.Contacts.AddRange(Enumerable.Range(1, 30).Select(i => new Contact { FirstName = $"N{i:00}", LastName = "Bulkjourney" }));
            return await db.SaveChangesAsync();
        });
        var page = await SignedInAsync();
        await page.GotoAsync("/Contacts?q=bulkjourney");

        var bar = page.GetByTestId("bulk-bar");
        var addTag = bar.GetByRole(AriaRole.Button, new() { Name = "Add tag" });
        var count = page.GetByTestId("bulk-count");
        await Expect(addTag).ToBeDisabledAsync();
        await Expect(count).ToHaveTextAsync("With the selected records:");

        var rows = page.Locator("input[data-crm-select]");
        await Expect(rows).ToHaveCountAsync(25);
        await rows.Nth(0).CheckAsync();
        await Expect(addTag).ToBeEnabledAsync();
        await Expect(count).ToHaveTextAsync("1 record selected");
        await rows.Nth(1).CheckAsync();
        await Expect(count).ToHaveTextAsync("2 records selected");
        await rows.Nth(0).UncheckAsync();
        await rows.Nth(1).UncheckAsync();
        await Expect(addTag).ToBeDisabledAsync();

        await page.GetByLabel("Select all on this page").CheckAsync();
        await Expect(count).ToHaveTextAsync("25 records selected");
        await page.GetByLabel("Select all 30 matching").CheckAsync();
        await Expect(count).ToHaveTextAsync("All 30 matching records selected");
        await BrowserFixture.ScreenshotAsync(page, "bulk-all-matching");

        await bar.GetByLabel("Tag to add").FillAsync("Journeyall");
        await addTag.ClickAsync();
        await Expect(page.Locator("body")).ToContainTextAsync("30 records changed.");

        // Every page carries the tag, the second one too.
        await page.GotoAsync("/Contacts?q=bulkjourney&page=2");
        var secondPage = page.Locator("table.crm-list tbody tr");
        await Expect(secondPage).ToHaveCountAsync(5);
        for (var i = 0; i < 5; i++)
        {
            await Expect(secondPage.Nth(i)).ToContainTextAsync("Journeyall");
        }

        await page.Context.CloseAsync();
    }
}
