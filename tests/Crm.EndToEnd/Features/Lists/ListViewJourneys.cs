using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Lists;

/// <summary>A user shapes a list (issue 8 items 8 and 14): chooses its columns, saves it as a view, and it opens by default.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ListViewJourneys(BrowserFixture browser)
{
    private const string Email = "lou@listviews.test";
    private const string Password = "List-Views-2026";

    private async Task SeedAsync()
    {
        await using var scope = browser.Server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(Email) is null)
        {
            var user = new AppUser { UserName = Email, Email = Email, EmailConfirmed = true, DisplayName = "Lou" };
            await users.CreateAsync(user, Password);
            await users.AddToRoleAsync(user, Roles.Marketing);
        }

        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        db.Companies.AddRange(
            new Company { Name = "Vue Lyonnaise", BillingAddress = new Address { City = "Lyon" }, Size = CompanySize.Medium },
            new Company { Name = "Vue Parisienne", BillingAddress = new Address { City = "Paris" }, Size = CompanySize.Small });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Chosen_columns_and_a_saved_view_come_back_when_the_list_opens()
    {
        await SeedAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync(Email, Password);
        await Expect(new AppShell(page).NavLink("Dashboard")).ToBeVisibleAsync();

        // Columns: size first, phone hidden.
        await page.GotoAsync("/Companies?q=vue");
        var chooser = page.GetByTestId("columns");
        await chooser.Locator("summary").ClickAsync();
        await chooser.GetByLabel("Phone", new() { Exact = true }).UncheckAsync();
        await chooser.GetByLabel("Size", new() { Exact = true }).CheckAsync();
        await chooser.GetByLabel("Position of Size").FillAsync("1");
        await BrowserFixture.ScreenshotAsync(page, "list-columns-chooser");
        await chooser.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        var headers = page.Locator("table.crm-list thead th[data-column]");
        await Expect(headers.First).ToHaveAttributeAsync("data-column", "size");
        await Expect(page.Locator("table.crm-list thead th[data-column=phone]")).ToHaveCountAsync(0);

        // Filter by city, save as a view: its name is shown.
        await page.GetByTestId("filters").GetByLabel("City", new() { Exact = true }).FillAsync("Lyon");
        await page.GetByTestId("filters").GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator("table.crm-list tbody tr")).ToHaveCountAsync(1);
        var views = page.GetByTestId("saved-views");
        await views.GetByRole(AriaRole.Button, new() { Name = "Views" }).ClickAsync();
        await views.GetByLabel("Save the current view as").FillAsync("Lyon, par taille");
        await views.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("open-view-name")).ToHaveTextAsync("· Lyon, par taille");

        // Open it by default: the bare list opens it, with its columns.
        await views.GetByRole(AriaRole.Button, new() { Name = "Views" }).ClickAsync();
        await views.GetByRole(AriaRole.Button, new() { Name = "Open by default" }).ClickAsync();
        await page.GotoAsync("/Companies");
        await Expect(page.GetByTestId("open-view-name")).ToHaveTextAsync("· Lyon, par taille");
        await Expect(page.Locator("table.crm-list tbody tr")).ToHaveCountAsync(1);
        await Expect(headers.First).ToHaveAttributeAsync("data-column", "size");
        await Expect(page.GetByTestId("my-views").Locator("a[aria-current=page]")).ToContainTextAsync("Lyon, par taille");
        await views.GetByRole(AriaRole.Button, new() { Name = "Views" }).ClickAsync();
        await BrowserFixture.ScreenshotAsync(page, "list-default-view-menu");
        // Lou is in no team: nobody to share with, so no such button.
        await Expect(views.GetByRole(AriaRole.Button, new() { Name = "Share with my team" })).ToHaveCountAsync(0);
        await views.GetByRole(AriaRole.Button, new() { Name = "Views" }).ClickAsync();

        // "All records" is one click away.
        await views.GetByRole(AriaRole.Button, new() { Name = "Views" }).ClickAsync();
        await views.GetByRole(AriaRole.Link, new() { Name = "All records" }).ClickAsync();
        await Expect(page.GetByTestId("open-view-name")).ToHaveCountAsync(0);
        await page.GotoAsync("/Companies?q=vue&view=all");
        await Expect(page.Locator("table.crm-list tbody tr")).ToHaveCountAsync(2);

        // On a phone the chooser opens within the screen, and the cards are unchanged.
        await page.SetViewportSizeAsync(390, 844);
        await chooser.Locator("summary").ClickAsync();
        var panel = await chooser.Locator("form").BoundingBoxAsync();
        Assert.NotNull(panel);
        Assert.True(panel.X >= 0 && panel.X + panel.Width <= 390, $"{panel.X} + {panel.Width}");
        await BrowserFixture.ScreenshotAsync(page, "list-columns-chooser-390");
        await Expect(page.GetByTestId("cards").Locator("li")).ToHaveCountAsync(2);
    }
}
