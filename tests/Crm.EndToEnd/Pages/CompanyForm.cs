using Microsoft.Playwright;

namespace Crm.EndToEnd.Pages;

/// <summary>/Companies/Create: the company form.</summary>
public sealed class CompanyForm(IPage page)
{
    public Task OpenAsync() => page.GotoAsync("/Companies/Create");

    public async Task CreateAsync(string name, string? siret = null, string? city = null)
    {
        await page.Locator("input[name=Name]").FillAsync(name);
        if (siret is not null)
        {
            await page.Locator("input[name=Siret]").FillAsync(siret);
        }

        if (city is not null)
        {
            await page.Locator("input[name='Billing.City']").FillAsync(city);
        }

        await page.Locator("main form button[type=submit].btn-primary").Last.ClickAsync();
    }
}
