using System.Net;
using Crm.Tests.Features.Shared;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Auth;

namespace Crm.Tests.Features.Tags;

/// <summary>The tag filter of the lists offers the tags of records the user may see, and no other name.</summary>
public sealed class TagFilterVisibilityTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private async Task TaggedRecordAsync(string kind, string tagName, ListTestData.User? owner)
    {
        var tag = await app.TagAsync(tagName);
        await app.WithDbAsync(async db =>
        {
            if (kind == "Contacts")
            {
                var contact = new Contact { FirstName = "Tag", LastName = tagName, OwnerId = owner?.Id, TeamId = owner?.TeamId };
                contact.Tags.Add(new ContactTag { TagId = tag.Id });
                db.Contacts.Add(contact);
            }
            else
            {
                var company = new Company { Name = tagName, OwnerId = owner?.Id, TeamId = owner?.TeamId };
                company.Tags.Add(new CompanyTag { TagId = tag.Id });
                db.Companies.Add(company);
            }

            await db.SaveChangesAsync();
        });
    }

    private static async Task<string> TagFilterAsync(HttpClient client, string kind)
    {
        var html = WebUtility.HtmlDecode(await client.GetHtmlAsync("/" + kind));
        var select = html[html.IndexOf("id=\"f-tag\"", StringComparison.Ordinal)..];
        return select[..select.IndexOf("</select>", StringComparison.Ordinal)];
    }

    [Theory]
    [InlineData("Contacts")]
    [InlineData("Companies")]
    public async Task A_sales_user_is_offered_the_tags_of_records_they_see_and_not_those_of_another_teams_records(string kind)
    {
        var mine = await app.UserAsync($"mine-{kind}@tagfilter.test", Roles.Sales, "Tag team A");
        var teammate = await app.UserAsync($"mate-{kind}@tagfilter.test", Roles.Sales, "Tag team A");
        var other = await app.UserAsync($"other-{kind}@tagfilter.test", Roles.Sales, "Tag team B");
        var unique = Guid.NewGuid().ToString("N")[..6];
        await TaggedRecordAsync(kind, "Confidential " + unique, other);
        await TaggedRecordAsync(kind, "Team " + unique, teammate);
        await TaggedRecordAsync(kind, "Unowned " + unique, null);

        var offered = await TagFilterAsync(await app.SignInAsAsync(mine), kind);
        var offeredToAdmin = await TagFilterAsync(await app.SignInAsync(), kind);

        Assert.DoesNotContain("Confidential " + unique, offered, StringComparison.Ordinal);
        Assert.Contains("Team " + unique, offered, StringComparison.Ordinal);
        Assert.Contains("Unowned " + unique, offered, StringComparison.Ordinal);
        Assert.Contains("Confidential " + unique, offeredToAdmin, StringComparison.Ordinal);
        Assert.Contains("Team " + unique, offeredToAdmin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tag_used_only_on_another_teams_contact_is_not_offered_on_the_companies_list_either()
    {
        var mine = await app.UserAsync("mine-cross@tagfilter.test", Roles.Sales, "Tag team C");
        var other = await app.UserAsync("other-cross@tagfilter.test", Roles.Sales, "Tag team D");
        var unique = Guid.NewGuid().ToString("N")[..6];
        await TaggedRecordAsync("Contacts", "Cross " + unique, other);

        var client = await app.SignInAsAsync(mine);

        Assert.DoesNotContain("Cross " + unique, await TagFilterAsync(client, "Companies"), StringComparison.Ordinal);
        Assert.DoesNotContain("Cross " + unique, await TagFilterAsync(client, "Contacts"), StringComparison.Ordinal);
    }
}
