using Microsoft.Playwright;

namespace Crm.EndToEnd.Pages;

/// <summary>/Contacts/Create: the contact form.</summary>
public sealed class ContactForm(IPage page)
{
    public Task OpenAsync() => page.GotoAsync("/Contacts/Create");

    public async Task CreateAsync(string firstName, string lastName, string email, string phone, string companyName)
    {
        await page.Locator("input[name=FirstName]").FillAsync(firstName);
        await page.Locator("input[name=LastName]").FillAsync(lastName);
        await page.Locator("input[name=Emails]").First.FillAsync(email);
        await page.Locator("input[name=Phones]").First.FillAsync(phone);
        // As a user does: type in the company box, then pick the company it finds.
        await new RecordPicker(page, "Company").PickAsync(companyName, companyName);
        await page.Locator("main form button[type=submit].btn-primary").Last.ClickAsync();
    }
}
