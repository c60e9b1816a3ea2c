using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Campaigns;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Crm.Tests.Features.Campaigns;

/// <summary>
/// Sending a campaign: consent decides who is mailed (in SQL, at queue time), a send stopped between batches resumes
/// without mailing anyone twice, each message carries its signed links and the RFC 8058 headers, and the links refuse
/// anything tampered with. Each test uses contacts of its own (a marker in their names).
/// </summary>
public sealed partial class CampaignSendingTests(CampaignAppFactory app) : IClassFixture<CampaignAppFactory>
{
    /// <summary>Newsletter, the template about campaigns the migration seeds.</summary>
    private const int Newsletter = 3;

    [Fact]
    public async Task A_campaign_to_1000_contacts_of_whom_300_refused_consent_sends_exactly_700()
    {
        var marker = Marker();
        await AddContactsAsync(marker, granted: 700, refused: 300);
        var campaign = await CampaignOfAsync(marker);

        var queued = await RunAsync(campaign);

        Assert.Equal(700, queued);
        var (rows, sent, targeted) = await app.WithDbAsync(async db => (
            await db.Outbox.CountAsync(m => db.CampaignMembers.Any(x => x.CampaignId == campaign && m.Key == "campaign-member-" + x.Id)),
            await db.CampaignMembers.CountAsync(m => m.CampaignId == campaign && m.Status == CampaignMemberStatus.Sent),
            await db.CampaignMembers.CountAsync(m => m.CampaignId == campaign && m.Status == CampaignMemberStatus.Targeted && m.Contact!.Consent != ConsentState.Granted)));
        Assert.Equal(700, rows);
        Assert.Equal(700, sent);
        Assert.Equal(300, targeted);
        Assert.False(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.To.StartsWith("refused-" + marker))));
        Assert.NotNull(await app.WithDbAsync(db => db.Campaigns.Where(c => c.Id == campaign).Select(c => c.SendFinishedAt).SingleAsync()));
    }

    [Fact]
    public async Task A_send_stopped_between_batches_resumes_after_a_restart_and_mails_every_member_exactly_once()
    {
        var marker = Marker();
        await AddContactsAsync(marker, granted: 350, refused: 0);
        var campaign = await CampaignOfAsync(marker);

        // The process dies after two batches: its claim stays, the send is unfinished.
        await app.WithScopeAsync(async services => Assert.Equal(2 * CampaignAppFactory.BatchSize, await services.GetRequiredService<CampaignSender>().RunAsync(campaign, 2, CancellationToken.None)));
        Assert.Equal(0, await RunAsync(campaign));

        // Restarted, once the dead process's claim has expired: the sweeper takes the send again.
        await app.WithDbAsync(db => db.Campaigns.Where(c => c.Id == campaign)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SendClaimedAt, DateTime.UtcNow - CampaignSender.ClaimTimeout - TimeSpan.FromMinutes(1))));
        await app.WithScopeAsync(services => services.GetRequiredService<CampaignSender>().Sweep(CancellationToken.None));
        Assert.Equal(0, await RunAsync(campaign));

        var recipients = await app.WithDbAsync(db => db.Outbox.Where(m => m.To.StartsWith("granted-" + marker)).Select(m => m.To).ToListAsync());
        Assert.Equal(350, recipients.Count);
        Assert.Equal(350, recipients.Distinct().Count());
        Assert.Equal(350, await app.WithDbAsync(db => db.CampaignMembers.CountAsync(m => m.CampaignId == campaign && m.Status == CampaignMemberStatus.Sent)));
    }

    [Fact]
    public async Task Each_message_carries_the_unsubscribe_headers_the_pixel_and_tracked_links_and_reaches_the_pickup_folder()
    {
        var marker = Marker();
        await AddContactsAsync(marker, granted: 1, refused: 0);
        var campaign = await CampaignOfAsync(marker);
        await RunAsync(campaign);
        await app.WithScopeAsync(services => services.GetRequiredService<OutboxSender>().Run(CancellationToken.None));

        var message = Directory.EnumerateFiles(Path.Combine(app.DataDirectory, "mail"), "*.eml")
            .Select(file => MimeMessage.Load(file))
            .Single(m => m.To.Mailboxes.Any(a => a.Address.StartsWith("granted-" + marker, StringComparison.OrdinalIgnoreCase)));
        Assert.Matches(@"^<https?://[^>]+/c/u/[^>]+>$", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("/c/o/", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("/c/c/", message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"https://example.com/news\"", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("/c/u/", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_one_click_unsubscribe_withdraws_consent_marks_the_member_and_no_later_campaign_mails_them()
    {
        var marker = Marker();
        await AddContactsAsync(marker, granted: 1, refused: 0);
        var campaign = await CampaignOfAsync(marker);
        await RunAsync(campaign);
        var (member, contact) = await app.WithDbAsync(db => db.CampaignMembers.Where(m => m.CampaignId == campaign).Select(m => new { m.Id, m.ContactId }).SingleAsync()).ContinueWith(t => (t.Result.Id, t.Result.ContactId));
        var link = app.Services.GetRequiredService<CampaignLinks>().Unsubscribing(member);

        // A mail client's one-click POST: no cookie, no antiforgery token (RFC 8058).
        var client = app.CreateBrowserLikeClient();
        var response = await client.PostAsync(link.PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var state = await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == contact).Select(c => new { c.Consent, c.ConsentSource }).SingleAsync());
        Assert.Equal(ConsentState.Withdrawn, state.Consent);
        Assert.Equal("Unsubscribe link: Campaign " + marker, state.ConsentSource);
        Assert.Equal(CampaignMemberStatus.Unsubscribed, await app.WithDbAsync(db => db.CampaignMembers.Where(m => m.Id == member).Select(m => m.Status).SingleAsync()));

        // Even with consent granted again by hand, having unsubscribed keeps them out of the next campaign.
        await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == contact).ExecuteUpdateAsync(s => s.SetProperty(c => c.Consent, ConsentState.Granted)));
        var next = await CampaignOfAsync(marker);
        Assert.Equal(0, await RunAsync(next));
    }

    [Fact]
    public async Task Opens_and_clicks_are_recorded_and_a_click_goes_only_to_the_address_signed_in_its_link()
    {
        var marker = Marker();
        await AddContactsAsync(marker, granted: 1, refused: 0);
        var campaign = await CampaignOfAsync(marker);
        await RunAsync(campaign);
        var member = await app.WithDbAsync(db => db.CampaignMembers.Where(m => m.CampaignId == campaign).Select(m => m.Id).SingleAsync());
        var links = app.Services.GetRequiredService<CampaignLinks>();
        var client = app.CreateBrowserLikeClient();

        var pixel = await client.GetAsync(links.OpenPixel(member).PathAndQuery);
        Assert.Equal("image/gif", pixel.Content.Headers.ContentType?.MediaType);
        var click = await client.GetAsync(links.Tracked(member, "https://example.com/news").PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, click.StatusCode);
        Assert.Equal("https://example.com/news", click.Headers.Location?.AbsoluteUri);

        var row = await app.WithDbAsync(db => db.CampaignMembers.SingleAsync(m => m.Id == member));
        Assert.Equal(CampaignMemberStatus.Clicked, row.Status);
        Assert.NotNull(row.OpenedAt);
        Assert.NotNull(row.ClickedAt);
    }

    [Fact]
    public async Task Tampered_tracking_and_unsubscribe_links_are_rejected_and_change_nothing()
    {
        var marker = Marker();
        await AddContactsAsync(marker, granted: 1, refused: 0);
        var campaign = await CampaignOfAsync(marker);
        await RunAsync(campaign);
        var (member, contact) = await app.WithDbAsync(db => db.CampaignMembers.Where(m => m.CampaignId == campaign).Select(m => new { m.Id, m.ContactId }).SingleAsync()).ContinueWith(t => (t.Result.Id, t.Result.ContactId));
        var links = app.Services.GetRequiredService<CampaignLinks>();
        var client = app.CreateBrowserLikeClient();
        var click = links.Tracked(member, "https://example.com/news").AbsolutePath;
        var unsubscribe = links.Unsubscribing(member).AbsolutePath;

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Tamper(click))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/c/c/https%3A%2F%2Fevil.example")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Tamper(links.OpenPixel(member).AbsolutePath))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync(Tamper(unsubscribe), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Tamper(unsubscribe))).StatusCode);

        // A valid token of another purpose does not open this endpoint: an unsubscribe token is no click link.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/c/c/" + unsubscribe["/c/u/".Length..])).StatusCode);

        var state = await app.WithDbAsync(db => db.CampaignMembers.Where(m => m.Id == member).Select(m => new { m.Status, m.Contact!.Consent }).SingleAsync());
        Assert.Equal(CampaignMemberStatus.Sent, state.Status);
        Assert.Equal(ConsentState.Granted, state.Consent);
        _ = contact;

        static string Tamper(string path)
        {
            var last = path[^2];
            return path[..^2] + (last == 'A' ? 'B' : 'A') + path[^1];
        }
    }

    [Fact]
    public async Task Adding_contacts_is_set_based_and_skips_those_already_members()
    {
        var marker = Marker();
        await AddContactsAsync(marker, granted: 30, refused: 10);
        var campaign = await app.AddCampaignAsync("Campaign " + marker, templateId: Newsletter);

        var added = await app.WithScopeAsync2(services => services.GetRequiredService<CampaignMembers>().AddAsync(
            campaign, services.GetRequiredService<CrmDbContext>().Contacts.Where(c => c.LastName == marker && c.Consent == ConsentState.Granted).Select(c => c.Id), CancellationToken.None));
        var again = await app.WithScopeAsync2(services => services.GetRequiredService<CampaignMembers>().AddAsync(
            campaign, services.GetRequiredService<CrmDbContext>().Contacts.Where(c => c.LastName == marker).Select(c => c.Id), CancellationToken.None));

        Assert.Equal(30, added);
        Assert.Equal(10, again);
        Assert.Equal(40, await app.WithDbAsync(db => db.CampaignMembers.CountAsync(m => m.CampaignId == campaign && m.Status == CampaignMemberStatus.Targeted)));
    }

    private static string Marker() => "M" + Guid.NewGuid().ToString("N")[..10];

    private Task AddContactsAsync(string marker, int granted, int refused) =>
        app.WithDbAsync(async db =>
        {
            for (var i = 0; i < granted + refused; i++)
            {
                var ok = i < granted;
                var contact = new Contact { FirstName = "F" + i, LastName = marker };
                contact.SetEmails([$"{(ok ? "granted" : "refused")}-{marker}-{i}@example.com".ToLowerInvariant()]);
                contact.SetConsent(ok ? ConsentState.Granted : ConsentState.Denied, DateTime.UtcNow, "Test");
                db.Contacts.Add(contact);
            }

            await db.SaveChangesAsync();
        });

    /// <summary>A campaign sending the newsletter to every contact of the marker, its send asked for now.</summary>
    private async Task<int> CampaignOfAsync(string marker)
    {
        var campaign = await app.AddCampaignAsync("Campaign " + marker, templateId: Newsletter);
        await app.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<CrmDbContext>();
            await services.GetRequiredService<CampaignMembers>().AddAsync(campaign, db.Contacts.Where(c => c.LastName == marker).Select(c => c.Id), CancellationToken.None);
            await db.Campaigns.Where(c => c.Id == campaign).ExecuteUpdateAsync(s => s.SetProperty(c => c.SendAt, DateTime.UtcNow.AddSeconds(-1)));
        });
        return campaign;
    }

    private Task<int> RunAsync(int campaign) =>
        app.WithScopeAsync2(services => services.GetRequiredService<CampaignSender>().Run(campaign, CancellationToken.None));
}

internal static class ScopeResults
{
    public static async Task<T> WithScopeAsync2<T>(this CrmAppFactory app, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }
}
