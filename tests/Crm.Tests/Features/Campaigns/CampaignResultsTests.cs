using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Campaigns;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Deals;
using Crm.Tests.Features.Deals;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Campaigns;

/// <summary>A campaign's results against figures worked out by hand, and who may see a campaign at all.</summary>
public sealed class CampaignResultsTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task Results_match_a_hand_computed_fixture()
    {
        var added = new DateTime(2026, 10, 1, 9, 0, 0, DateTimeKind.Utc);
        var campaign = await app.AddCampaignAsync("Results fixture", budgetCents: 1_000_00);
        var statuses = new[]
        {
            CampaignMemberStatus.Targeted, CampaignMemberStatus.Targeted,
            CampaignMemberStatus.Sent, CampaignMemberStatus.Sent,
            CampaignMemberStatus.Opened, CampaignMemberStatus.Opened,
            CampaignMemberStatus.Clicked, CampaignMemberStatus.Clicked,
            CampaignMemberStatus.Responded, CampaignMemberStatus.Converted,
        };
        var contacts = await app.WithDbAsync(async db =>
        {
            var list = statuses.Select((_, i) => new Contact { FirstName = "R" + i, LastName = "Fixture" }).ToList();
            db.Contacts.AddRange(list);
            await db.SaveChangesAsync();
            for (var i = 0; i < list.Count; i++)
            {
                var s = statuses[i];
                var sent = i >= 2;
                db.CampaignMembers.Add(new CampaignMember
                {
                    CampaignId = campaign, ContactId = list[i].Id, Status = s, AddedAt = added,
                    SentAt = sent ? added.AddDays(1) : null,
                    OpenedAt = s is CampaignMemberStatus.Opened or CampaignMemberStatus.Clicked ? added.AddDays(2) : null,
                    ClickedAt = s == CampaignMemberStatus.Clicked ? added.AddDays(2) : null,
                    RespondedAt = s is CampaignMemberStatus.Responded ? added.AddDays(3) : null,
                });
            }

            await db.SaveChangesAsync();
            return list.Select(c => c.Id).ToList();
        });

        // Two deals created after their contact joined (one won, 5 000.00; one open), one created before: not influenced.
        await app.WithDbAsync(async db =>
        {
            var won = DealTestData.New("Won after", created: added.AddDays(10), amountCents: 5_000_00);
            won.Win(null, added.AddDays(20));
            var open = DealTestData.New("Open after", created: added.AddDays(11), amountCents: 7_000_00);
            var before = DealTestData.New("Won before", created: added.AddDays(-5), amountCents: 9_000_00);
            before.Win(null, added.AddDays(-1));
            db.Deals.AddRange(won, open, before);
            await db.SaveChangesAsync();
            db.DealContacts.AddRange(
                new DealContact { DealId = won.Id, ContactId = contacts[6] },
                new DealContact { DealId = open.Id, ContactId = contacts[8] },
                new DealContact { DealId = before.Id, ContactId = contacts[9] });
            await db.SaveChangesAsync();
            await db.Deals.Where(d => d.Id == won.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.CreatedAt, added.AddDays(10)));
            await db.Deals.Where(d => d.Id == open.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.CreatedAt, added.AddDays(11)));
            await db.Deals.Where(d => d.Id == before.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.CreatedAt, added.AddDays(-5)));
        });

        var admin = await app.CreateUserAsync(Roles.Admin);
        var f = await app.WithScopeAsync2(async services => await services.GetRequiredService<CampaignResults>().ForAsync(campaign, await CurrentVisibilityUserAsync(services, admin, Roles.Admin), CancellationToken.None));

        Assert.NotNull(f);
        Assert.Equal(10, f.Members);
        Assert.Equal(8, f.Sent);
        Assert.Equal(4, f.Opened);
        Assert.Equal(2, f.Clicked);
        Assert.Equal(0.5m, f.OpenRate);
        Assert.Equal(0.25m, f.ClickRate);
        Assert.Equal(1, f.Responded);
        Assert.Equal(1, f.Converted);
        Assert.Equal(2, f.DealsInfluenced);
        Assert.Equal(5_000_00, f.RevenueWonCents);
        Assert.Equal(500_00, f.CostPerLeadCents);
        Assert.Equal(4m, f.Roi);
    }

    [Fact]
    public async Task A_sales_rep_cannot_see_another_teams_campaign_its_members_or_results()
    {
        var owner = await app.CreateUserAsync(Roles.Marketing, "Campaign team A");
        var sameTeam = await app.CreateUserAsync(Roles.Sales, "Campaign team A");
        var otherTeam = await app.CreateUserAsync(Roles.Sales, "Campaign team B");
        var campaign = await app.AddCampaignAsync("Private launch", owner);

        var outsider = await app.SignInAsync(otherTeam);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/Campaigns/Details/{campaign}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/Campaigns/Members/{campaign}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/Campaigns/Results/{campaign}")).StatusCode);
        Assert.DoesNotContain("Private launch", await (await outsider.GetAsync("/Campaigns?view=all")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var colleague = await app.SignInAsync(sameTeam);
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync($"/Campaigns/Details/{campaign}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync($"/Campaigns/Results/{campaign}")).StatusCode);
    }

    [Fact]
    public async Task Marketing_adds_every_contact_matching_the_contact_lists_filter_to_a_campaign_from_its_bulk_bar()
    {
        var marker = "Bulk" + Guid.NewGuid().ToString("N")[..8];
        var marketer = await app.CreateUserAsync(Roles.Marketing, "Campaign team M");
        for (var i = 0; i < 3; i++)
        {
            await app.AddContactAsync("Pat" + i, marker);
        }

        await app.AddContactAsync("Other", "Someone" + marker[4..]);
        var campaign = await app.AddCampaignAsync("Bulk target " + marker, marketer);
        var client = await app.SignInAsync(marketer);

        var chooser = await client.PostFormAsync($"/Campaigns/AddContacts?q={marker}", new() { ["AllMatching"] = "true", ["Action"] = "campaign" }, formPage: "/Contacts");
        Assert.Equal(HttpStatusCode.OK, chooser.StatusCode);
        Assert.Contains("Bulk target " + marker, await chooser.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var added = await client.PostFormAsync($"/Campaigns/AddContacts?q={marker}", new() { ["AllMatching"] = "true", ["Action"] = "campaign", ["campaignId"] = campaign.ToString(System.Globalization.CultureInfo.InvariantCulture) }, formPage: "/Contacts");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(3, await app.WithDbAsync(db => db.CampaignMembers.CountAsync(m => m.CampaignId == campaign)));

        // Again: nobody twice.
        await client.PostFormAsync($"/Campaigns/AddContacts?q={marker}", new() { ["AllMatching"] = "true", ["Action"] = "campaign", ["campaignId"] = campaign.ToString(System.Globalization.CultureInfo.InvariantCulture) }, formPage: "/Contacts");
        Assert.Equal(3, await app.WithDbAsync(db => db.CampaignMembers.CountAsync(m => m.CampaignId == campaign)));
    }

    [Fact]
    public async Task Marketing_sends_a_test_then_the_campaign_from_its_page_and_sees_its_members_by_status()
    {
        var marker = "page" + Guid.NewGuid().ToString("N")[..8];
        var marketer = await app.CreateUserAsync(Roles.Marketing, "Campaign team P");
        var campaign = await app.AddCampaignAsync("Page send " + marker, marketer, templateId: 3);
        var granted = await app.AddContactAsync("Ann", marker, email: $"ann-{marker}@example.com");
        await app.AddContactAsync("Bob", marker, email: $"bob-{marker}@example.com");
        await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == granted).ExecuteUpdateAsync(s => s.SetProperty(c => c.Consent, ConsentState.Granted)));
        await app.WithScopeAsync(async services => await services.GetRequiredService<CampaignMembers>().AddAsync(
            campaign, services.GetRequiredService<Crm.Web.Infrastructure.Data.CrmDbContext>().Contacts.Where(c => c.LastName == marker).Select(c => c.Id), CancellationToken.None));
        var client = await app.SignInAsync(marketer);
        var page = $"/Campaigns/Details/{campaign}";

        var details = await (await client.GetAsync(page)).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"campaign-send\"", details, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"result-members\">2<", details, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/Campaigns/TestSend/{campaign}", new(), formPage: page)).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.To == marketer.Email && m.Subject.StartsWith("[Test] ") && m.Key == null)));
        Assert.Equal(0, await app.WithDbAsync(db => db.CampaignMembers.CountAsync(m => m.CampaignId == campaign && m.Status != CampaignMemberStatus.Targeted)));

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/Campaigns/Send/{campaign}", new(), formPage: page)).StatusCode);
        await app.WithScopeAsync(services => services.GetRequiredService<CampaignSender>().Sweep(CancellationToken.None));

        Assert.Equal(1, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.To == $"ann-{marker}@example.com")));
        Assert.Equal(0, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.To == $"bob-{marker}@example.com")));
        var sent = await (await client.GetAsync($"/Campaigns/Members/{campaign}?status=Sent")).Content.ReadAsStringAsync();
        Assert.Contains($"ann-{marker}@example.com", sent, StringComparison.Ordinal);
        Assert.DoesNotContain($"bob-{marker}@example.com", sent, StringComparison.Ordinal);

        // Sent once: asking again is refused and queues nothing more.
        await client.PostFormAsync($"/Campaigns/Send/{campaign}", new(), formPage: page);
        await app.WithScopeAsync(services => services.GetRequiredService<CampaignSender>().Sweep(CancellationToken.None));
        Assert.Equal(1, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.To == $"ann-{marker}@example.com")));

        var workbook = await client.GetAsync($"/Campaigns/Results/{campaign}");
        Assert.Equal(Crm.Web.Infrastructure.Export.XlsxFile.ContentType, workbook.Content.Headers.ContentType?.MediaType);
    }

    private static Task<CrmUser> CurrentVisibilityUserAsync(IServiceProvider services, TestUser user, string role) =>
        services.GetRequiredService<Crm.Web.Features.Visibility.CurrentVisibility>().UserAsync(user.Id, user.TeamId, [role], CancellationToken.None);
}
