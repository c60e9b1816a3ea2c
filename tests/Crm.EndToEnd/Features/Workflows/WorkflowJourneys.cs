using System.Text.RegularExpressions;
using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Crm.Web.Features.Workflows;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Workflows;

[Collection(BrowserCollection.Name)]
public sealed class WorkflowJourneys(BrowserFixture browser)
{
    private static readonly AxeRunOptions Wcag21 = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    /// <summary>The recurring workflow job, run now through the app's services rather than waited for (Hangfire is off here).</summary>
    private async Task RunWorkflowJobAsync()
    {
        await using var scope = browser.Server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WorkflowJob>().Run(CancellationToken.None);
    }

    [Fact]
    public async Task An_admin_creates_a_rule_triggers_it_by_editing_a_contact_and_sees_the_task_and_the_run_in_the_log()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync(CrmServer.AdminEmail, CrmServer.AdminPassword);
        var violations = new List<string>();

        await page.GotoAsync("/Admin/Workflows/Create");
        await page.Locator("input[name=Name]").FillAsync("Buyers get a call");
        await page.Locator("select[name=Trigger]").SelectOptionAsync("FieldChanged");

        // The script shows the trigger's own parameters and only the chosen kind's fields.
        await Expect(page.Locator("select[name=TriggerStageId]")).ToBeHiddenAsync();
        await page.Locator("select[name=TriggerField]").SelectOptionAsync("JobTitle");
        await page.Locator("input[name=TriggerValue]").FillAsync("Buyer");
        await page.Locator("select[name='Actions[0].Type']").SelectOptionAsync("CreateTask");
        await Expect(page.Locator("select[name='Actions[0].Field']")).ToBeHiddenAsync();
        await page.Locator("input[name='Actions[0].Text']").FillAsync("Call the buyer");
        await page.Locator("input[name='Actions[0].Days']").FillAsync("1");
        await page.Locator("#Enabled").CheckAsync();

        // Rows are added and removed in place by the script (the same buttons post the form without it): a marker on the
        // window survives only if the page is not loaded again.
        await page.EvaluateAsync("() => { window.crmJourneyMarker = 'still here'; }");
        await page.Locator("button[data-wf-add=Actions]").ClickAsync();
        await Expect(page.Locator("select[name='Actions[1].Type']")).ToHaveCountAsync(1);
        await Expect(page.Locator("input[name='Actions[1].Text']")).ToHaveValueAsync("");
        await page.Locator("button[name=command][value=remove-action-1]").ClickAsync();
        await Expect(page.Locator("select[name='Actions[1].Type']")).ToHaveCountAsync(0);
        Assert.Equal("still here", await page.EvaluateAsync<string?>("() => window.crmJourneyMarker ?? null"));
        await CheckAxeAsync(page, violations);
        await page.Locator("button[name=command][value=save]").ClickAsync();
        await Expect(page.GetByTestId("error-summary")).ToHaveCountAsync(0);
        await Expect(page).ToHaveURLAsync(new Regex("/Admin/Workflows$"));
        var row = page.Locator("tr[data-rule='Buyers get a call']");
        await Expect(row).ToContainTextAsync("A field changed");
        await CheckAxeAsync(page, violations);

        await page.GotoAsync("/Contacts/Create");
        await page.Locator("input[name=FirstName]").FillAsync("Bérénice");
        await page.Locator("input[name=LastName]").FillAsync("Acheteuse");
        await page.Locator("main form button[type=submit].btn-primary").Last.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Contacts/Details/\\d+$"));
        var contactId = int.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await page.GotoAsync($"/Contacts/Edit/{contactId}");
        await page.Locator("input[name=JobTitle]").FillAsync("Buyer");
        await page.Locator("main form button[type=submit].btn-primary").Last.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/Contacts/Details/{contactId}$"));

        await RunWorkflowJobAsync();

        await page.GotoAsync("/Admin/Workflows");
        await row.Locator("a", new() { HasText = "Run log" }).ClickAsync();
        var run = page.Locator("[data-run]").First;
        await Expect(run).ToContainTextAsync("Bérénice Acheteuse");
        await Expect(run.GetByTestId("run-status")).ToHaveTextAsync("Succeeded");
        await Expect(run).ToContainTextAsync("Created the task “Call the buyer”");
        await BrowserFixture.ScreenshotAsync(page, "workflow-run-log");
        var runLog = new Uri(page.Url).PathAndQuery;
        await CheckAxeAsync(page, violations);

        // The task is there, for the contact's owner, regarding the contact.
        await using (var scope = browser.Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Crm.Web.Infrastructure.Data.CrmDbContext>();
            var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.RecordKind == "contacts" && t.RecordId == contactId);
            Assert.Equal("Call the buyer", task.Title);
        }

        // The dry run on the same contact says what would happen, and the record link leads back to it.
        await page.Locator("a", new() { HasText = "Test on a record" }).First.ClickAsync();
        await page.Locator("select#recordId").SelectOptionAsync(contactId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Expect(page.GetByTestId("dry-run")).ToContainTextAsync("Would create the task “Call the buyer”");
        await CheckAxeAsync(page, violations);
        Assert.Empty(violations);

        // On a phone every workflow page fits its width.
        await page.SetViewportSizeAsync(390, 844);
        foreach (var path in new[] { "/Admin/Workflows", "/Admin/Workflows/Create", runLog, "/Admin" })
        {
            await page.GotoAsync(path);
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 390, $"{path} is {width} px wide at 390 px");
        }

        await BrowserFixture.ScreenshotAsync(page, "workflow-form-390");
        await page.Context.CloseAsync();
    }

    private static async Task CheckAxeAsync(Microsoft.Playwright.IPage page, List<string> failures)
    {
        var result = await page.RunAxe(Wcag21);
        failures.AddRange(result.Violations.Select(v => $"{new Uri(page.Url).PathAndQuery}: {v.Id} {v.Help} {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target.ToString()))}"));
    }
}
