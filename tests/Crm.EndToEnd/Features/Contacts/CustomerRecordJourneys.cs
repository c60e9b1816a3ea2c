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
}
