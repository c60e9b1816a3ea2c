using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Segments;

/// <summary>Marketing filters the contacts list on consent, saves the filters as a segment and sees its count (issue 15).</summary>
[Collection(BrowserCollection.Name)]
public sealed class SegmentJourneys(BrowserFixture browser)
{
    private const string Email = "mia@segmentjourney.test";
    private const string Password = "Segment-Journey-2026";

    private async Task SeedAsync()
    {
        await using var scope = browser.Server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(Email) is null)
        {
            var user = new AppUser { UserName = Email, Email = Email, EmailConfirmed = true, DisplayName = "Mia" };
            await users.CreateAsync(user, Password);
            await users.AddToRoleAsync(user, Roles.Marketing);
        }

        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        for (var i = 0; i < 3; i++)
        {
            var contact = new Contact { FirstName = "Journey" + i, LastName = "Segmentee" };
            contact.SetConsent(i < 2 ? ConsentState.Granted : ConsentState.Denied, DateTime.UtcNow, "Journey");
            db.Contacts.Add(contact);
        }

        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Marketing_saves_the_contacts_lists_filters_as_a_segment_and_sees_its_count()
    {
        await SeedAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync(Email, Password);
        await Expect(new AppShell(page).NavLink("Dashboard")).ToBeVisibleAsync();

        await page.GotoAsync("/Contacts?q=segmentee");
        await page.Locator("#f-consent").SelectOptionAsync("Granted");
        await page.Locator("#f-consent").EvaluateAsync("e => e.form.requestSubmit()");
        await Expect(page.GetByTestId("count")).ToContainTextAsync("2 contacts");

        await page.GetByTestId("save-as-segment").ClickAsync();
        await Expect(page.GetByTestId("segment-filter")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("consent=Granted"));
        await page.Locator("#Name").FillAsync("Consenting segmentees");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create segment" }).ClickAsync();

        await Expect(page.GetByTestId("segment-count")).ToHaveTextAsync("2 contacts");
        await Expect(page.GetByTestId("segment-preview").Locator("tbody tr")).ToHaveCountAsync(2);
        await BrowserFixture.ScreenshotAsync(page, "segment-details");
    }
}
