using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Layout;

/// <summary>
/// axe-core (the Deque.AxeCore.Playwright package ships it) on every main page, for an admin and a sales rep, in
/// French and English: no WCAG 2.1 A or AA violation at all. A page that fails names the rules and the elements.
/// </summary>
[Collection(SeededCollection.Name)]
public sealed class AccessibilityJourneys(SeededBrowserFixture app)
{
    private static readonly AxeRunOptions Wcag21 = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    /// <summary>Best practices outside WCAG's letter that a screen reader user trips on: one main, telling landmarks apart, a skip link.</summary>
    private static readonly AxeRunOptions Landmarks = new()
    {
        RunOnly = new RunOnlyOptions
        {
            Type = "rule",
            Values = ["landmark-unique", "landmark-one-main", "landmark-no-duplicate-main", "empty-table-header", "empty-heading", "skip-link", "page-has-heading-one", "heading-order"],
        },
    };

    public static TheoryData<string, string, string> Users => new()
    {
        // Two runs see each user and each language; all four pairs would double a journey that takes minutes on two cores.
        { "admin@demo.crm", "fr-FR", "Français" },
        { "sales@demo.crm", "en-GB", "English" },
    };

    [Theory]
    [MemberData(nameof(Users))]
    public async Task Every_main_page_passes_axe(string email, string locale, string language)
    {
        var page = await app.NewPageAsync(locale, 1280);
        var failures = new List<string>();
        await page.GotoAsync("/Account/Login");
        await CheckAsync(page, failures);
        await new LoginPage(page).SignInAsync(email, SeededBrowserFixture.Password);
        await Expect(page.Locator("main")).ToBeVisibleAsync();
        var shell = new AppShell(page);
        await shell.SwitchLanguageAsync(language);
        try
        {
            foreach (var path in new[]
                     {
                         "/", "/Contacts", "/Contacts/Create", "/Companies", "/Companies/Create", "/Contacts/Duplicates", "/Companies/Duplicates",
                         "/Contacts/Import", "/Companies/Import", "/RecycleBin", "/RecycleBin/Activities", "/RecycleBin?kind=companies&q=zzzzqqq", "/RecycleBin/Purge", "/Search?q=ma", "/Search?q=zzzzqqq", "/Search", "/Account/Manage",
                         "/Account/AccessDenied", "/Deals", "/Tasks", "/Tasks/All", "/Tasks/Create", "/Reports", "/Reports/Schedules", "/Contacts?q=zzzzqqq",
                         "/Deals/Board", "/Deals/Forecast", "/Deals/Create", "/Products", "/Admin/Pipelines",
                         "/Admin/Users", "/Admin/Users/Invite", "/Admin/Teams", "/Admin/Teams/New", "/Admin/Settings", "/Admin/Settings/Currency?currency=USD", "/Admin/Visibility", "/Admin/Audit", "/Admin/Audit/Security",
                         "/Tickets", "/Tickets?queue=all", "/Tickets/Create", "/Segments", "/Segments/Create", "/Admin/Forms", "/Admin/Forms/New", "/Forms/newsletter",
                         "/Campaigns", "/Campaigns/Create", "/Campaigns/Details/1", "/Campaigns/Members/1",
                         "/Reports/Saved", "/Reports/Builder", "/Reports/Builder?kind=deals",
                         "/Dashboard?period=year", "/Targets",
                         "/Reports/Standard/pipeline-by-stage", "/Reports/Standard/ticket-sla?from=2000-01-01", "/Reports/Standard/won-lost?from=31/12/2026",
                     })
            {
                await page.GotoAsync(path);
                await CheckAsync(page, failures);
            }

            await page.GotoAsync("/Deals");
            var deal = await page.Locator("main a[href^='/Deals/Details/']").First.GetAttributeAsync("href");
            foreach (var path in new[] { deal!, deal!.Replace("/Details/", "/Edit/", StringComparison.Ordinal) })
            {
                await page.GotoAsync(path);
                await CheckAsync(page, failures);
            }

            // A ticket's page (its conversation, the reply form for those who may answer) and its editor.
            await page.GotoAsync("/Tickets?queue=all");
            var ticket = await page.Locator("main a[href^='/Tickets/Details/']").First.GetAttributeAsync("href");
            foreach (var path in new[] { ticket!, ticket!.Replace("/Details/", "/Edit/", StringComparison.Ordinal) })
            {
                await page.GotoAsync(path);
                await CheckAsync(page, failures);
            }

            foreach (var list in new[] { "/Contacts", "/Companies" })
            {
                await page.GotoAsync(list);
                var details = page.Locator($"main a[href^='{list}/Details/']").First;
                var href = await details.GetAttributeAsync("href");
                await page.GotoAsync(href!);
                await CheckAsync(page, failures);
                // The timeline filtered to one type, and an entry's edit page with its history.
                await page.GotoAsync(href + "?type=Call");
                await CheckAsync(page, failures);
                var editEntry = page.Locator("main a[href^='/Activities/Edit/']").First;
                if (await editEntry.CountAsync() > 0)
                {
                    await page.GotoAsync((await editEntry.GetAttributeAsync("href"))!);
                    await CheckAsync(page, failures);
                }

                await page.GotoAsync(href!.Replace("/Details/", "/Edit/", StringComparison.Ordinal));
                await CheckAsync(page, failures);

                await page.GotoAsync(list + "/Duplicates");
                var merge = page.Locator($"main a[href^='{list}/Merge?']").First;
                if (await merge.CountAsync() > 0)
                {
                    await merge.ClickAsync();
                    await Expect(page.Locator("main form[action$='/Merge']")).ToBeVisibleAsync();
                    await CheckAsync(page, failures);
                }
            }
        }
        finally
        {
            // The language chosen is kept on the user's profile: give the other journeys the demo user back as seeded (French).
            await shell.SwitchLanguageAsync("Français");
            await page.Context.CloseAsync();
        }

        Assert.True(failures.Count == 0, $"axe found violations for {email} in {locale}:\n" + string.Join("\n", failures));
    }

    private static async Task CheckAsync(IPage page, List<string> failures)
    {
        var path = new Uri(page.Url).PathAndQuery;
        await BrowserFixture.ScreenshotAsync(page, $"axe-{await page.Locator("html").GetAttributeAsync("lang")}{path.Replace('/', '-').Replace('?', '-').Replace('&', '-')}");
        var wcag = await page.RunAxe(Wcag21);
        var landmarks = await page.RunAxe(Landmarks);
        foreach (var violation in wcag.Violations.Concat(landmarks.Violations))
        {
            var targets = string.Join(" | ", violation.Nodes.Take(3).Select(n => n.Target.ToString()));
            failures.Add($"{path}: {violation.Id} ({violation.Impact}) {violation.Help} [{violation.Nodes.Length}] {targets}");
        }
    }
}
