using System.Net;
using Crm.Tests.Features.Segments;
using Crm.Tests.Features.WebForms;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Campaigns;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Segments;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Campaigns;

/// <summary>
/// Where campaign members come from besides the contacts list: a segment's contacts (those the user may see, once,
/// present members skipped) and the contacts a web form brings in (members who responded).
/// </summary>
public sealed class CampaignFromSegmentsAndFormsTests(WebFormsAppFactory app) : IClassFixture<WebFormsAppFactory>
{
    [Fact]
    public async Task A_segments_contacts_join_the_campaign_once_and_a_segment_not_in_the_list_adds_nothing()
    {
        var marker = "S" + Guid.NewGuid().ToString("N")[..10];
        var marketer = await app.CreateUserAsync(Roles.Marketing, team: "Marketing " + marker);
        var outsider = await app.CreateUserAsync(Roles.Sales, team: "Other " + marker);
        await app.AddContactAsync("Ann", marker);
        await app.AddContactAsync("Bob", marker);
        await app.AddContactAsync("Cyd", "Elsewhere " + marker[1..]); // the segment's filter leaves it out
        var segment = await app.AddSegmentAsync("Segment " + marker, marketer, SegmentType.Dynamic, "q=" + marker);
        var campaign = await app.AddCampaignAsync("Campaign " + marker, marketer);
        var client = await app.SignInAsync(marketer);
        var page = $"/Campaigns/Details/{campaign}";
        Assert.Contains("Segment " + marker, await client.GetStringAsync(page), StringComparison.Ordinal);

        var first = await client.PostFormAsync($"/Campaigns/AddSegment/{campaign}", new() { ["segmentId"] = segment.ToString() }, page);
        await client.PostFormAsync($"/Campaigns/AddSegment/{campaign}", new() { ["segmentId"] = segment.ToString() }, page);
        var unknown = await client.PostFormAsync($"/Campaigns/AddSegment/{campaign}", new() { ["segmentId"] = "999999" }, page);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, unknown.StatusCode);
        var members = await app.WithDbAsync(db => db.CampaignMembers.Where(m => m.CampaignId == campaign).Select(m => m.Contact!.FirstName).OrderBy(n => n).ToListAsync());
        Assert.Equal(["Ann", "Bob"], members);
        Assert.True(await app.WithDbAsync(db => db.CampaignMembers.Where(m => m.CampaignId == campaign).AllAsync(m => m.Status == CampaignMemberStatus.Targeted)));

        // A sales rep of another team does not see the campaign: 404, and nobody is added.
        var other = await app.SignInAsync(outsider);
        var hidden = await other.PostFormAsync($"/Campaigns/AddSegment/{campaign}", new() { ["segmentId"] = segment.ToString() }, "/Campaigns");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(2, await app.WithDbAsync(db => db.CampaignMembers.CountAsync(m => m.CampaignId == campaign)));
    }

    [Fact]
    public async Task A_forms_contacts_join_its_campaign_as_having_responded_and_an_unknown_campaign_is_refused()
    {
        var marker = "f" + Guid.NewGuid().ToString("N")[..8];
        var campaign = await app.AddCampaignAsync("Fair " + marker);
        var slug = await WebFormTestData.NewsletterAsync(app, "fair-" + marker);
        var admin = await app.SignInAsync();
        var formId = await app.WithDbAsync(db => db.WebForms.Where(f => f.Slug == slug).Select(f => f.Id).SingleAsync());
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Name", "Newsletter " + slug), new("Slug", slug), new("Title", "Our newsletter"), new("ThankYou", "Thanks."), new("IsActive", "true"),
            new("Required", "LastName"), new("Required", "Email"), new("CampaignId", "999999"),
        };
        var wrong = await admin.PostMultipleAsync($"/Admin/Forms/{formId}", fields, $"/Admin/Forms/{formId}");
        Assert.Contains("Choose a campaign from the list.", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        fields[^1] = new("CampaignId", campaign.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostMultipleAsync($"/Admin/Forms/{formId}", fields, $"/Admin/Forms/{formId}")).StatusCode);

        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        var email = $"visitor-{marker}@fair.test";
        Assert.Equal(HttpStatusCode.Redirect, (await WebFormTestData.SubmitAsync(anonymous, slug, ("LastName", "Visitor"), ("Email", email))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await WebFormTestData.SubmitAsync(anonymous, slug, ("LastName", "Visitor"), ("Email", email))).StatusCode);

        var member = Assert.Single(await app.WithDbAsync(db => db.CampaignMembers.AsNoTracking().Where(m => m.CampaignId == campaign).ToListAsync()));
        Assert.Equal(CampaignMemberStatus.Responded, member.Status);
        Assert.NotNull(member.RespondedAt);
        Assert.Equal(email, await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == member.ContactId).Select(c => c.EmailKey).SingleAsync()));
    }
}
