using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Mail;

/// <summary>
/// The bell and the mail pages in a real Chromium: they fit the window from a phone to a laptop, pass axe (WCAG 2.1 AA),
/// and the bell stays visible, a 44 px target, even when the menu is collapsed.
/// </summary>
[Collection(SeededCollection.Name)]
public sealed class MailPagesJourneys(SeededBrowserFixture app)
{
    private static readonly AxeRunOptions Wcag21 = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    public static TheoryData<int> Widths => new() { 390, 1024, 1280, 1366 };

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task The_bell_and_the_mail_pages_fit_and_pass_axe(int width)
    {
        var page = await app.NewPageAsync("fr-FR", width);
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync("admin@demo.crm", SeededBrowserFixture.Password);
        await Expect(page.Locator("main")).ToBeVisibleAsync();
        var failures = new List<string>();
        try
        {
            var bell = page.Locator("[data-testid=bell]");
            await Expect(bell).ToBeVisibleAsync();
            var box = await bell.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Width >= 44 && box.Height >= 44, $"The bell is {box.Width}x{box.Height} at {width}px.");
            Assert.StartsWith("Notifications", await bell.GetAttributeAsync("aria-label"), StringComparison.Ordinal);

            foreach (var path in new[] { "/Notifications", "/Admin", "/Admin/Email", "/Admin/EmailTemplates", "/Admin/EmailTemplates/1", "/Admin/EmailTemplates/New", "/Admin/Outbox" })
            {
                await page.GotoAsync(path);
                await CheckAsync(page, width, failures);
            }

            // The preview of the shipped example, in French, with sample values.
            await page.GotoAsync("/Admin/EmailTemplates/1");
            await page.Locator("[data-testid=preview]").ClickAsync();
            await Expect(page.Locator("[data-testid=preview-subject]")).ToHaveTextAsync("Suite à notre échange, Camille");
            await CheckAsync(page, width, failures);
        }
        finally
        {
            await page.Context.CloseAsync();
        }

        Assert.True(failures.Count == 0, $"At {width}px:\n" + string.Join("\n", failures));
    }

    private static async Task CheckAsync(IPage page, int width, List<string> failures)
    {
        var path = new Uri(page.Url).PathAndQuery;
        await BrowserFixture.ScreenshotAsync(page, $"mail{path.Replace('/', '-')}-{width}");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        if (overflow > 0)
        {
            failures.Add($"{path} is {overflow}px wider than the window.");
        }

        foreach (var violation in (await page.RunAxe(Wcag21)).Violations)
        {
            failures.Add($"{path}: {violation.Id} ({violation.Impact}) {violation.Help} [{violation.Nodes.Length}] {string.Join(" | ", violation.Nodes.Take(3).Select(n => n.Target.ToString()))}");
        }
    }
}
