using System.Text.RegularExpressions;
using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Crm.Web.Features.Campaigns;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Campaigns;

/// <summary>
/// Issue 15 end to end: marketing builds a segment from the contacts list, makes an email campaign of it and sends it;
/// the mails land in the pickup folder (only to those who consented); a recipient follows the unsubscribe link and the
/// contact's page then shows consent withdrawn. The background send and the outbox (Hangfire is off in this server)
/// are run as their jobs would run them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class CampaignJourneys(BrowserFixture browser)
{
    private const string Email = "lea@campaignjourney.test";
    private const string Password = "Campaign-Journey-2026";

    /// <summary>Newsletter, the example template about campaigns the migrations seed.</summary>
    private const string Newsletter = "3";

    [Fact]
    public async Task Marketing_sends_a_segment_a_campaign_and_a_recipient_unsubscribes_with_its_link()
    {
        await SeedAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync(Email, Password);
        await Expect(new AppShell(page).NavLink("Dashboard")).ToBeVisibleAsync();

        // A segment: the contacts list's filters, saved.
        await page.GotoAsync("/Contacts?q=campaignee");
        await Expect(page.GetByTestId("count")).ToContainTextAsync("3 contacts");
        await page.GetByTestId("save-as-segment").ClickAsync();
        await page.Locator("#Name").FillAsync("Campaignees");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create segment" }).ClickAsync();
        await Expect(page.GetByTestId("segment-count")).ToHaveTextAsync("3 contacts");

        // An email campaign with the newsletter template, its members taken from the segment.
        await page.GotoAsync("/Campaigns/Create");
        await page.Locator("#Name").FillAsync("Journey newsletter");
        await page.Locator("#Type").SelectOptionAsync("Email");
        await page.Locator("#MailTemplateId").SelectOptionAsync(Newsletter);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create campaign" }).ClickAsync();
        await page.Locator("#add-segment").SelectOptionAsync(new SelectOptionValue { Label = "Campaignees" });
        await page.GetByTestId("campaign-add-segment").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.GetByTestId("result-members")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("campaign-send")).ToContainTextAsync("2 members can receive it now");

        await page.GetByTestId("campaign-send-button").ClickAsync();
        await Expect(page.GetByTestId("campaign-send")).ToContainTextAsync(new Regex("Sending asked for|Sent on"));
        await BrowserFixture.ScreenshotAsync(page, "campaign-sending");

        // The background send, then the outbox, as Hangfire would run them: the mails are in the pickup folder.
        var campaignId = int.Parse(new Uri(page.Url).Segments[^1], System.Globalization.CultureInfo.InvariantCulture);
        var mails = new List<string>();
        for (var attempt = 0; attempt < 30 && mails.Count < 2; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(1000); // the app's own sweeper may hold the send's claim for a moment
            }

            await using (var scope = browser.Server.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<CampaignSender>().Run(campaignId, CancellationToken.None);
            }

            await using (var scope = browser.Server.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<OutboxSender>().Run(CancellationToken.None);
            }

            var folder = Path.Combine(browser.Server.DataDirectory, "mail");
            mails = Directory.Exists(folder)
                ? Directory.GetFiles(folder, "*.eml").Select(File.ReadAllText).Where(m => m.Contains("-campaignee@journey.test", StringComparison.Ordinal)).ToList()
                : [];
        }

        Assert.Equal(2, mails.Count);
        Assert.DoesNotContain(mails, m => m.Contains("refused-campaignee@", StringComparison.Ordinal));
        var toAnn = Assert.Single(mails, m => m.Contains("ann-campaignee@journey.test", StringComparison.Ordinal));
        Assert.Contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click", toAnn, StringComparison.Ordinal);
        var unsubscribe = new Uri(UnsubscribeLink().Match(toAnn).Groups[1].Value).PathAndQuery;

        // The recipient follows the link (no account) and confirms.
        var visitor = await browser.NewPageAsync();
        await visitor.GotoAsync(unsubscribe);
        await visitor.GetByTestId("unsubscribe-confirm").ClickAsync();
        await Expect(visitor.Locator("main")).ToContainTextAsync("unsubscribed");

        // Back in the CRM: Ann's consent is withdrawn, with where it came from.
        var ann = await AnnAsync();
        await page.GotoAsync($"/Contacts/Details/{ann}");
        await Expect(page.Locator("body")).ToContainTextAsync("Unsubscribe link: Journey newsletter");
        await Expect(page.GetByTestId("campaigns-panel")).ToContainTextAsync("Journey newsletter");
        await Expect(page.GetByTestId("campaigns-panel")).ToContainTextAsync("Unsubscribed");
        await BrowserFixture.ScreenshotAsync(page, "campaign-unsubscribed-contact");
    }

    [GeneratedRegex(@"List-Unsubscribe:\s*<([^>\s]+/c/u/[^>\s]+)>")]
    private static partial Regex UnsubscribeLink();

    private async Task<int> AnnAsync()
    {
        await using var scope = browser.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var ann = await db.Contacts.AsNoTracking().SingleAsync(c => c.FirstName == "Ann" && c.LastName == "Campaignee");
        Assert.Equal(ConsentState.Withdrawn, ann.Consent);
        return ann.Id;
    }

    private async Task SeedAsync()
    {
        await using var scope = browser.Server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = Email, Email = Email, EmailConfirmed = true, DisplayName = "Léa" };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        await users.AddToRoleAsync(user, Roles.Marketing);

        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        foreach (var (first, consent) in new[] { ("Ann", ConsentState.Granted), ("Ben", ConsentState.Granted), ("Refused", ConsentState.Denied) })
        {
            var contact = new Contact { FirstName = first, LastName = "Campaignee" };
            contact.SetEmails([$"{first.ToLowerInvariant()}-campaignee@journey.test"]);
            contact.SetConsent(consent, DateTime.UtcNow, "Journey");
            db.Contacts.Add(contact);
        }

        await db.SaveChangesAsync();
    }
}
