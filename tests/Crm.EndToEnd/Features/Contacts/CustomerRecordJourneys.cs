using System.Text.RegularExpressions;
using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Contacts;

[Collection(BrowserCollection.Name)]
public sealed class CustomerRecordJourneys(BrowserFixture browser)
{
    [Fact]
    public async Task A_rep_creates_a_company_then_a_contact_logs_a_call_and_sees_it_on_the_timeline()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync(CrmServer.AdminEmail, CrmServer.AdminPassword);

        var company = new CompanyForm(page);
        await company.OpenAsync();
        await company.CreateAsync("Boulangerie Éloïse SARL", siret: "404 833 048 00022", city: "Lyon");
        await Expect(page).ToHaveURLAsync(new Regex("/Companies/Details/\\d+"));
        await Expect(new RecordDetailsPage(page).Heading).ToContainTextAsync("Boulangerie Éloïse SARL");
        await BrowserFixture.ScreenshotAsync(page, "company-details");

        var contact = new ContactForm(page);
        await contact.OpenAsync();
        await contact.CreateAsync("Éloïse", "Fontaine", "eloise.fontaine@boulangerie.example", "06 12 34 56 78", "Boulangerie Éloïse SARL");
        await Expect(page).ToHaveURLAsync(new Regex("/Contacts/Details/\\d+"));
        var details = new RecordDetailsPage(page);
        await Expect(details.Heading).ToContainTextAsync("Éloïse Fontaine");

        await details.LogAsync("Call", "Relance devis pains spéciaux", "Intéressée, rappeler **jeudi**.", minutes: 12);

        await Expect(page).ToHaveURLAsync(new Regex("/Contacts/Details/\\d+"));
        var first = details.TimelineEntries.First;
        await Expect(first).ToContainTextAsync("Relance devis pains spéciaux");
        await Expect(first.Locator(".crm-activity-text strong")).ToHaveTextAsync("jeudi");
        await BrowserFixture.ScreenshotAsync(page, "contact-timeline");

        // The company's timeline shows its contacts' activities too.
        await page.Locator("main a[href^='/Companies/Details/']").First.ClickAsync();
        await Expect(details.TimelineEntries.First).ToContainTextAsync("Relance devis pains spéciaux");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_call_is_logged_without_a_reload_then_edited_and_found_by_the_calls_filter()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync(CrmServer.AdminEmail, CrmServer.AdminPassword);
        await page.GotoAsync("/Contacts/Create");
        await page.Locator("input[name=FirstName]").FillAsync("Théo");
        await page.Locator("input[name=LastName]").FillAsync("Sansrechargement");
        await page.Locator("main form button[type=submit].btn-primary").Last.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Contacts/Details/\\d+$"));
        var details = new RecordDetailsPage(page);

        // A marker on the window survives only if the page is not loaded again.
        await page.EvaluateAsync("() => { window.crmJourneyMarker = 'still here'; }");
        await details.LogAsync("Note", "Note d'abord", "Une note.");
        await Expect(details.TimelineEntries.First).ToContainTextAsync("Note d'abord");
        await details.LogAsync("Call", "Appel sans rechargement", "Rappeler **lundi**.", minutes: 7);

        var first = details.TimelineEntries.First;
        await Expect(first).ToContainTextAsync("Appel sans rechargement");
        await Expect(first.Locator(".crm-activity-text strong")).ToHaveTextAsync("lundi");
        Assert.Equal("still here", await page.EvaluateAsync<string?>("() => window.crmJourneyMarker ?? null"));
        await Expect(page.Locator("[data-log-status]")).ToContainTextAsync("Appel sans rechargement");
        await Expect(page.Locator("form[data-log-activity] input[name=Subject]")).ToHaveValueAsync("");
        await Expect(page.Locator("form[data-log-activity] button[type=submit]")).ToHaveTextAsync("Log the call");

        // An error comes back at its field at once, with what was typed, still without a reload.
        await page.Locator("form[data-log-activity] textarea[name=Body]").FillAsync("gardé");
        await page.Locator("form[data-log-activity] button[type=submit]").ClickAsync();
        await Expect(page.Locator("[data-testid=error-summary]")).ToBeVisibleAsync();
        await Expect(page.Locator("form[data-log-activity] input[name=Subject]")).ToBeFocusedAsync();
        await Expect(page.Locator("form[data-log-activity] textarea[name=Body]")).ToHaveValueAsync("gardé");
        Assert.Equal("still here", await page.EvaluateAsync<string?>("() => window.crmJourneyMarker ?? null"));

        await first.Locator("a[href^='/Activities/Edit/']").ClickAsync();
        await page.Locator("input[name=Subject]").FillAsync("Appel corrigé");
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Contacts/Details/\\d+"));
        await Expect(details.TimelineEntries.First).ToContainTextAsync("Appel corrigé");
        await Expect(details.TimelineEntries.First).ToContainTextAsync("edited");

        await page.Locator("nav[aria-label='Show in the timeline'] a", new() { HasText = "Calls" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("type=Call"));
        await Expect(details.TimelineEntries).ToHaveCountAsync(1);
        await Expect(details.TimelineEntries.First).ToContainTextAsync("Appel corrigé");
        await BrowserFixture.ScreenshotAsync(page, "timeline-calls-filter");
        await page.Context.CloseAsync();
    }
}
