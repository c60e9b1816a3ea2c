using System.Net;
using Crm.Tests.Features.Shared;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Contacts;

public sealed class ContactBulkTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private async Task<(ListTestData.User A, ListTestData.User B, ListTestData.User Support)> UsersAsync() => (
        await app.UserAsync("ana@bulk.test", Roles.Sales, "Nantes"),
        await app.UserAsync("ben@bulk.test", Roles.Sales, "Rennes"),
        await app.UserAsync("sue@bulk.test", Roles.Support, null));

    private Task<int[]> ContactsAsync(params (string Name, ListTestData.User? Owner)[] people) =>
        app.WithDbAsync(async db =>
        {
            var contacts = people.Select(p => new Contact { FirstName = "T", LastName = p.Name, OwnerId = p.Owner?.Id, TeamId = p.Owner?.TeamId }).ToList();
            db.Contacts.AddRange(contacts);
            await db.SaveChangesAsync();
            return contacts.Select(c => c.Id).ToArray();
        });

    private static Task<HttpResponseMessage> BulkAsync(HttpClient client, string action, IEnumerable<int> ids, params (string Key, string Value)[] more)
    {
        var fields = ids.Select(id => new KeyValuePair<string, string>("Ids", id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(new("Action", action))
            .Append(new("ReturnUrl", "/Contacts?q=t"))
            .Concat(more.Select(m => new KeyValuePair<string, string>(m.Key, m.Value)));
        return client.PostMultipleAsync("/Contacts/Bulk", fields, "/Contacts");
    }

    private static async Task<string> FlashAsync(HttpClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Contacts?q=t", response.Headers.Location!.OriginalString);
        return WebUtility.HtmlDecode(await client.GetHtmlAsync(response.Headers.Location.OriginalString));
    }

    [Fact]
    public async Task Assigning_an_owner_sets_the_owner_and_their_team()
    {
        var (a, _, _) = await UsersAsync();
        var ids = await ContactsAsync(("Assign1", null), ("Assign2", null));
        var admin = await app.SignInAsync();

        var page = await FlashAsync(admin, await BulkAsync(admin, "assign", ids, ("OwnerId", a.Id)));

        Assert.Contains("2 record(s) changed.", page, StringComparison.Ordinal);
        var owners = await app.WithDbAsync(db => db.Contacts.Where(c => ids.Contains(c.Id)).Select(c => new { c.OwnerId, c.TeamId }).ToListAsync());
        Assert.All(owners, o => Assert.Equal((a.Id, a.TeamId), (o.OwnerId, o.TeamId)));
    }

    [Fact]
    public async Task Adding_a_tag_creates_it_once_and_tags_each_record_once()
    {
        var ids = await ContactsAsync(("Tag1", null), ("Tag2", null));
        var admin = await app.SignInAsync();

        await FlashAsync(admin, await BulkAsync(admin, "tag", ids, ("TagName", "Salon 2026")));
        var page = await FlashAsync(admin, await BulkAsync(admin, "tag", ids, ("TagName", "salon 2026")));

        Assert.Contains("2 record(s) changed.", page, StringComparison.Ordinal);
        var (tags, links) = await app.WithDbAsync(async db => (
            await db.Tags.CountAsync(t => t.NameKey == "salon 2026"),
            await db.ContactTags.CountAsync(t => ids.Contains(t.ContactId))));
        Assert.Equal(1, tags);
        Assert.Equal(2, links);
    }

    [Fact]
    public async Task Deleting_asks_for_confirmation_then_moves_the_records_to_the_recycle_bin()
    {
        var ids = await ContactsAsync(("Delete1", null), ("Delete2", null));
        var admin = await app.SignInAsync();

        var ask = await BulkAsync(admin, "delete", ids);
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        var confirmPage = await ask.Content.ReadAsStringAsync();
        Assert.Contains("name=\"Confirmed\" value=\"true\"", confirmPage, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().CountAsync(c => ids.Contains(c.Id) && c.DeletedAt != null)));

        var done = await BulkAsync(admin, "delete", ids, ("Confirmed", "true"));
        var page = await FlashAsync(admin, done);

        Assert.Contains("2 record(s) changed.", page, StringComparison.Ordinal);
        Assert.Equal(2, await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().CountAsync(c => ids.Contains(c.Id) && c.DeletedAt != null)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Contacts.CountAsync(c => ids.Contains(c.Id))));
    }

    [Fact]
    public async Task A_sales_user_changes_only_records_of_their_team_and_is_told_how_many_were_skipped()
    {
        var (a, b, _) = await UsersAsync();
        var ids = await ContactsAsync(("Mine", a), ("Theirs", b), ("Nobody", null));
        var client = await app.SignInAsAsync(a);

        var page = await FlashAsync(client, await BulkAsync(client, "tag", ids, ("TagName", "relance")));

        Assert.Contains("2 record(s) changed, 1 skipped: you may not edit them.", page, StringComparison.Ordinal);
        var tagged = await app.WithDbAsync(db => db.ContactTags.Where(t => ids.Contains(t.ContactId)).Select(t => t.ContactId).ToListAsync());
        Assert.Equal(new[] { ids[0], ids[2] }, tagged.Order());
    }

    [Fact]
    public async Task A_sales_user_cannot_delete_another_teams_record()
    {
        var (a, b, _) = await UsersAsync();
        var ids = await ContactsAsync(("OtherTeam", b));
        var client = await app.SignInAsAsync(a);

        var page = await FlashAsync(client, await BulkAsync(client, "delete", ids, ("Confirmed", "true")));

        Assert.Contains("0 record(s) changed, 1 skipped", page, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Contacts.CountAsync(c => ids.Contains(c.Id))));
    }

    [Fact]
    public async Task Support_cannot_change_any_record()
    {
        var (a, _, support) = await UsersAsync();
        var ids = await ContactsAsync(("Support1", null), ("Support2", a));
        var client = await app.SignInAsAsync(support);

        var page = await FlashAsync(client, await BulkAsync(client, "assign", ids, ("OwnerId", support.Id)));

        Assert.Contains("0 record(s) changed, 2 skipped", page, StringComparison.Ordinal);
        var owners = await app.WithDbAsync(db => db.Contacts.Where(c => ids.Contains(c.Id)).Select(c => c.OwnerId).ToListAsync());
        Assert.DoesNotContain(support.Id, owners);
    }

    [Fact]
    public async Task A_sales_user_may_hand_records_only_to_someone_the_record_form_offers()
    {
        var (a, b, support) = await UsersAsync();
        var ids = await ContactsAsync(("Handover", a));
        var client = await app.SignInAsAsync(a);

        var bar = await client.GetHtmlAsync("/Contacts?q=handover");
        var select = bar[bar.IndexOf("name=\"OwnerId\"", StringComparison.Ordinal)..];
        select = select[..select.IndexOf("</select>", StringComparison.Ordinal)];
        Assert.Contains($"value=\"{a.Id}\"", select, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{b.Id}\"", select, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{support.Id}\"", select, StringComparison.Ordinal);

        Assert.Contains("Choose the new owner.", await FlashAsync(client, await BulkAsync(client, "assign", ids, ("OwnerId", b.Id))), StringComparison.Ordinal);
        Assert.Contains("Choose the new owner.", await FlashAsync(client, await BulkAsync(client, "assign", ids, ("OwnerId", support.Id))), StringComparison.Ordinal);
        Assert.Equal(a.Id, await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == ids[0]).Select(c => c.OwnerId).SingleAsync()));
    }

    [Fact]
    public async Task Bad_input_changes_nothing_and_says_why()
    {
        var ids = await ContactsAsync(("Bad1", null));
        var admin = await app.SignInAsync();

        Assert.Contains("Choose the new owner.", await FlashAsync(admin, await BulkAsync(admin, "assign", ids, ("OwnerId", "no-such-user"))), StringComparison.Ordinal);
        Assert.Contains("Type the tag to add.", await FlashAsync(admin, await BulkAsync(admin, "tag", ids, ("TagName", "  "))), StringComparison.Ordinal);
        Assert.Contains("Select at least one record.", await FlashAsync(admin, await BulkAsync(admin, "tag", [], ("TagName", "x"))), StringComparison.Ordinal);
        Assert.Contains("Choose an action.", await FlashAsync(admin, await BulkAsync(admin, "explode", ids)), StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == ids[0]).Select(c => c.OwnerId).SingleAsync()));
    }

    [Fact]
    public async Task A_post_without_antiforgery_token_is_rejected()
    {
        var ids = await ContactsAsync(("Csrf", null));
        var admin = await app.SignInAsync();
        var response = await admin.PostAsync("/Contacts/Bulk", new FormUrlEncodedContent([new("Ids", ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Action", "delete"), new("Confirmed", "true")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Contacts.CountAsync(c => c.Id == ids[0])));
    }

    [Fact]
    public async Task An_outside_return_url_is_not_followed()
    {
        var ids = await ContactsAsync(("Open", null));
        var admin = await app.SignInAsync();
        var fields = new List<KeyValuePair<string, string>> { new("Ids", ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Action", "tag"), new("TagName", "x"), new("ReturnUrl", "https://evil.example/") };
        var response = await admin.PostMultipleAsync("/Contacts/Bulk", fields, "/Contacts");
        Assert.Equal("/Contacts", response.Headers.Location!.OriginalString);
    }
}
