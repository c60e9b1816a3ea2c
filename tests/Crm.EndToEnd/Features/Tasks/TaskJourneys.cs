using System.Text.RegularExpressions;
using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Data;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Tasks;

[Collection(BrowserCollection.Name)]
public sealed class TaskJourneys(BrowserFixture browser)
{
    private static readonly AxeRunOptions Wcag21 = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    /// <summary>axe on the page as it stands (the seeded walk sees my day empty; here it has rows, a ticked one, and a record's panel).</summary>
    private static async Task AssertAccessibleAsync(Microsoft.Playwright.IPage page)
    {
        var violations = (await page.RunAxe(Wcag21)).Violations;
        Assert.True(violations.Length == 0, page.Url + ": " + string.Join("; ", violations.Select(v => $"{v.Id}: {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }

    [Fact]
    public async Task A_user_creates_a_task_from_a_contacts_page_and_ticks_it_done_on_my_day_without_a_reload()
    {
        var title = "Rappeler Hélène Lefèvre " + Guid.NewGuid().ToString("N")[..6];
        var contactId = await ArrangeContactAsync();
        var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = browser.Server.BaseAddress.ToString(),
            Locale = "fr-FR",
            ViewportSize = new() { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync(CrmServer.AdminEmail, CrmServer.AdminPassword);

        await page.GotoAsync($"/Contacts/Details/{contactId}");
        await page.Locator("[data-testid=record-new-task]").ClickAsync();
        await Expect(page.Locator("[data-testid=task-regarding]")).ToContainTextAsync("Hélène Lefèvre");
        await page.Locator("#Title").FillAsync(title);
        await page.Locator("main form button[type=submit].btn-primary").Last.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Tasks/Details/\\d+$"));
        await Expect(page.Locator("[data-testid=task-regarding-link]")).ToHaveAttributeAsync("href", $"/Contacts/Details/{contactId}");
        var taskId = page.Url[(page.Url.LastIndexOf('/') + 1)..];

        await page.GotoAsync($"/Contacts/Details/{contactId}");
        await Expect(page.Locator("[data-testid=record-tasks]")).ToContainTextAsync(title);
        await AssertAccessibleAsync(page);

        await page.GotoAsync("/Tasks");
        await page.EvaluateAsync("() => { window.crmNoReload = true; }");
        await page.Locator($"[data-testid=task-complete-{taskId}]").ClickAsync();
        await Expect(page.Locator($"[data-testid=task-reopen-{taskId}]")).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-task='{taskId}'] [role=status]")).ToHaveTextAsync("Tâche faite.");
        Assert.True(await page.EvaluateAsync<bool>("() => window.crmNoReload === true"), "the page reloaded");
        await BrowserFixture.ScreenshotAsync(page, "tasks-my-day-ticked");
        await AssertAccessibleAsync(page);

        await page.ReloadAsync();
        await Expect(page.Locator("[data-testid=bucket-done]")).ToContainTextAsync(title);
        await context.CloseAsync();
    }

    private async Task<int> ArrangeContactAsync()
    {
        await using var scope = browser.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var admin = await db.Users.SingleAsync(u => u.Email == CrmServer.AdminEmail);
        admin.Culture = null;
        var contact = new Contact { FirstName = "Hélène", LastName = "Lefèvre", OwnerId = admin.Id };
        db.Contacts.Add(contact);
        await db.SaveChangesAsync();
        return contact.Id;
    }
}
