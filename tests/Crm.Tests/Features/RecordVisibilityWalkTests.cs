using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features;

/// <summary>
/// The record endpoints the per-feature visibility tests leave out, walked as a sales user of another team
/// (ARCHITECTURE §4): each answers 404 or leaves the records alone, and nothing of them shows.
/// </summary>
public sealed class RecordVisibilityWalkTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task A_sales_user_of_another_team_can_neither_reach_nor_change_team_B_records_through_any_endpoint()
    {
        var owner = await app.CreateUserAsync(Roles.Sales, "Walk team B");
        var other = await app.CreateUserAsync(Roles.Sales, "Walk team A");
        var marker = Guid.NewGuid().ToString("N")[..8];
        var company = await app.AddCompanyAsync("Hidden firm " + marker, owner);
        var twin = await app.AddCompanyAsync("Hidden firm " + marker + " bis", owner);
        var contact = await app.AddContactAsync("Secret", "Walker" + marker, owner, company, email: $"walker-{marker}@example.fr");
        var copy = await app.AddContactAsync("Secret", "Walker" + marker, owner, company, email: $"walker-{marker}@example.fr");
        var client = await app.SignInAsync(other);
        var token = FormPosting.AntiforgeryToken(await (await client.GetAsync("/Contacts/Create")).ReadHtmlAsync());
        FormUrlEncodedContent Form(params (string, string)[] fields) => new(Fields([.. fields, ("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/Companies/Edit/{company}", Form(("Name", "Hacked"), ("Version", "1")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/Contacts/Duplicates/Dismiss", Form(("A", $"{contact}"), ("B", $"{copy}")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/Companies/Duplicates/Dismiss", Form(("A", $"{company}"), ("B", $"{twin}")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Contacts/Merge?a={contact}&b={copy}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/Contacts/Merge", Form(
            ("A", $"{contact}"), ("B", $"{copy}"), ("VersionA", "1"), ("VersionB", "1"), ("Keep", $"{contact}"), ("FirstNameFrom", $"{contact}"),
            ("LastNameFrom", $"{contact}"), ("JobTitleFrom", $"{contact}"), ("CompanyFrom", $"{contact}"), ("StatusFrom", $"{contact}"),
            ("LifecycleStageFrom", $"{contact}"), ("OwnerFrom", $"{contact}"), ("PreferredLanguageFrom", $"{contact}"), ("ConsentFrom", $"{contact}")))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/Contacts/Bulk", Form(("Ids", $"{contact}"), ("Action", "delete"), ("Confirmed", "true")))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/Companies/Bulk", Form(("Ids", $"{company}"), ("Action", "tag"), ("TagName", "hacked-" + marker)))).StatusCode);

        // The pages echo the search back, so they are read for the records' links and names, not for the search text.
        foreach (var url in new[] { $"/Contacts?company={company}", $"/Contacts?q=Walker{marker}", "/Companies?q=Hidden", $"/Search?q=Walker{marker}", "/Search?q=Hidden", $"/Search/Suggest?q=Walker{marker}", "/Companies/Lookup?q=Hidden", "/Contacts/Duplicates", "/Companies/Duplicates", "/" })
        {
            var body = await (await client.GetAsync(url)).ReadHtmlAsync();
            Assert.DoesNotContain($"/Contacts/Details/{contact}\"", body, StringComparison.Ordinal);
            Assert.DoesNotContain($"/Contacts/Details/{copy}\"", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Hidden firm " + marker, body, StringComparison.Ordinal);
            Assert.DoesNotContain($"\"value\":\"{company}\"", body, StringComparison.Ordinal);
            Assert.False(url != $"/Contacts?company={company}" && body.Contains($"/Companies/Details/{company}\"", StringComparison.Ordinal), url);
        }

        Assert.Equal(0, await app.WithDbAsync(db => db.DuplicateDismissals.CountAsync(d => d.FirstId == Math.Min(contact, copy) || d.FirstId == Math.Min(company, twin))));
        Assert.True(await app.WithDbAsync(db => db.Contacts.AnyAsync(c => c.Id == contact)));
        Assert.False(await app.WithDbAsync(db => db.Tags.AnyAsync(t => t.Name == "hacked-" + marker && db.CompanyTags.Any(ct => ct.TagId == t.Id && ct.CompanyId == company))));
        Assert.Equal("Hidden firm " + marker, await app.WithDbAsync(db => db.Companies.Where(c => c.Id == company).Select(c => c.Name).SingleAsync()));
    }

    /// <summary>How the walk makes a record of each kind for its owner; a kind registered without one fails the walk.</summary>
    internal static readonly Dictionary<string, Func<CrmAppFactory, TestUser, string, Task<int>>> MakeRecord = new()
    {
        ["contacts"] = (app, owner, marker) => app.AddContactAsync("Walker", marker, owner),
        ["companies"] = (app, owner, marker) => app.AddCompanyAsync("Firm " + marker, owner),
        ["deals"] = (app, owner, marker) => Deals.DealTestData.AddDealAsync(app, "Deal " + marker, owner),
        ["tasks"] = (app, owner, marker) => Tasks.TaskTestData.AddTaskAsync(app, "Task " + marker, owner),
        ["tickets"] = (app, owner, marker) => Tickets.TicketTestData.AddTicketAsync(app, "Ticket " + marker, owner),
        ["campaigns"] = (app, owner, marker) => Campaigns.CampaignTestData.AddCampaignAsync(app, "Campaign " + marker, owner),
        ["segments"] = (app, owner, marker) => Segments.SegmentTestData.AddSegmentAsync(app, "Segment " + marker, owner),
    };

    [Fact]
    public async Task Every_registered_kind_answers_404_on_every_record_page_to_a_user_who_may_not_see_the_record()
    {
        var kinds = app.Services.GetRequiredService<RecordKinds>().All;
        var owner = await app.CreateUserAsync(Roles.Sales, "Kind walk team B");
        var other = await app.CreateUserAsync(Roles.Sales, "Kind walk team A");
        var client = await app.SignInAsync(other);
        var token = FormPosting.AntiforgeryToken(await (await client.GetAsync("/Contacts/Create")).ReadHtmlAsync());
        Assert.Empty(kinds.Where(k => !MakeRecord.ContainsKey(k.Key)).Select(k => k.Key));

        foreach (var kind in kinds)
        {
            var marker = Guid.NewGuid().ToString("N")[..8];
            var id = await MakeRecord[kind.Key](app, owner, marker);
            foreach (var page in new[] { "Details", "Edit", "Timeline" })
            {
                var response = await client.GetAsync($"{kind.Route}/{page}/{id}");
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {kind.Route}/{page}/{id} answered {(int)response.StatusCode}");
            }

            foreach (var action in new[] { "Delete", "Edit", "LogActivity" })
            {
                var response = await client.PostAsync($"{kind.Route}/{action}/{id}", new FormUrlEncodedContent(Fields(("__RequestVerificationToken", token), ("Version", "1"), ("Subject", "x"), ("Kind", "Call"))));
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"POST {kind.Route}/{action}/{id} answered {(int)response.StatusCode}");
            }

            var list = await (await client.GetAsync($"{kind.ListPath}?q={marker}")).ReadHtmlAsync();
            Assert.DoesNotContain(kind.DetailsPath(id) + "\"", list, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/RecycleBin/Restore", new FormUrlEncodedContent(Fields(("__RequestVerificationToken", token), ("kind", kind.Key), ("id", $"{id}"))))).StatusCode);
        }
    }

    [Fact]
    public async Task The_global_search_shows_every_registered_kinds_records_under_the_kind_only_to_users_who_may_see_them()
    {
        var kinds = app.Services.GetRequiredService<RecordKinds>().All.Where(k => k.Searched).ToList();
        var owner = await app.CreateUserAsync(Roles.Sales, "Search walk team B");
        var ownerClient = await app.SignInAsync(owner);
        var other = await app.SignInAsync(await app.CreateUserAsync(Roles.Sales, "Search walk team A"));
        Assert.NotEmpty(kinds);

        foreach (var kind in kinds)
        {
            // A letter first: a query of digits only is read as a phone number.
            var marker = "k" + Guid.NewGuid().ToString("N")[..8];
            var id = await MakeRecord[kind.Key](app, owner, marker);

            using var seen = System.Text.Json.JsonDocument.Parse(await ownerClient.GetStringAsync($"/Search/Suggest?q={marker}"));
            var group = seen.RootElement.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetString() == kind.Key);
            Assert.Equal(kind.DetailsPath(id), Assert.Single(group.GetProperty("hits").EnumerateArray()).GetProperty("url").GetString());
            Assert.Contains(kind.DetailsPath(id) + "\"", await ownerClient.GetStringAsync($"/Search?q={marker}"), StringComparison.Ordinal);

            Assert.DoesNotContain(kind.DetailsPath(id) + "\"", await other.GetStringAsync($"/Search/Suggest?q={marker}"), StringComparison.Ordinal);
            Assert.DoesNotContain(kind.DetailsPath(id) + "\"", await other.GetStringAsync($"/Search?q={marker}"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_registered_kind_answers_403_on_every_change_to_a_user_who_sees_the_record_but_may_not_change_it()
    {
        var kinds = app.Services.GetRequiredService<RecordKinds>().All;
        var owner = await app.CreateUserAsync(Roles.Sales, "Kind walk readers");
        var walked = 0;
        foreach (var kind in kinds)
        {
            // A role the kind lets read every record but change none (support agents on customer records).
            if (Roles.All.FirstOrDefault(r => kind.Access.Read.GetValueOrDefault(r) == AccessScope.All && kind.Access.Edit.GetValueOrDefault(r) == AccessScope.None
                && kind.Access.Delete.GetValueOrDefault(r) == AccessScope.None) is not { } role)
            {
                continue;
            }

            var reader = await app.SignInAsync(await app.CreateUserAsync(role, "Kind walk readers " + role));
            var token = FormPosting.AntiforgeryToken(await (await reader.GetAsync("/Search")).ReadHtmlAsync());
            var id = await MakeRecord[kind.Key](app, owner, Guid.NewGuid().ToString("N")[..8]);

            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(kind.DetailsPath(id))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"{kind.Route}/Timeline/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync($"{kind.Route}/Edit/{id}")).StatusCode);
            // Logging is not changing the record: a role the kind lets log (support's notes) logs, the others are refused.
            var logs = kind.Access.Log.GetValueOrDefault(role) != AccessScope.None;
            foreach (var action in new[] { "Delete", "Edit", "LogActivity" })
            {
                var response = await reader.PostAsync($"{kind.Route}/{action}/{id}", new FormUrlEncodedContent(Fields(("__RequestVerificationToken", token), ("Version", "1"), ("Subject", "x"), ("Kind", "Call"))));
                var expected = action == "LogActivity" && logs ? HttpStatusCode.Redirect : HttpStatusCode.Forbidden;
                Assert.True(response.StatusCode == expected, $"POST {kind.Route}/{action}/{id} answered {(int)response.StatusCode}");
            }

            Assert.True(await app.WithDbAsync(db => kind.Summaries(db).AnyAsync(r => r.Id == id)), $"{kind.Key} {id} was deleted");
            walked++;
        }

        Assert.True(walked > 0, "no registered kind has a read-only role to walk");
    }

    [Fact]
    public async Task Every_registered_kind_shows_the_editor_again_with_the_conflict_and_the_users_input_when_the_record_changed_meanwhile()
    {
        var kinds = app.Services.GetRequiredService<RecordKinds>().All;
        foreach (var kind in kinds)
        {
            var owner = await app.CreateUserAsync(TeamEditorRole(kind), "Kind walk conflicts");
            var client = await app.SignInAsync(owner);
            var token = FormPosting.AntiforgeryToken(await (await client.GetAsync("/Search")).ReadHtmlAsync());
            var id = await MakeRecord[kind.Key](app, owner, Guid.NewGuid().ToString("N")[..8]);
            var typed = "Typed " + Guid.NewGuid().ToString("N")[..8];
            var required = kind.Fields.Where(f => f.Required).Select(f => (f.Name, typed));
            var before = await app.WithDbAsync(db => kind.Summaries(db).Where(r => r.Id == id).Select(r => r.Name).SingleAsync());

            // A version the record is not at: someone saved it since this form was loaded.
            var response = await client.PostAsync($"{kind.Route}/Edit/{id}", new FormUrlEncodedContent(Fields([.. required, ("__RequestVerificationToken", token), ("Version", "987654")])));

            var html = await response.ReadHtmlAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {kind.Route}/Edit/{id} answered {(int)response.StatusCode}");
            Assert.Contains("data-testid=\"edit-conflict\"", html, StringComparison.Ordinal);
            Assert.Contains($"value=\"{typed}\"", html, StringComparison.Ordinal);
            Assert.Equal(before, await app.WithDbAsync(db => kind.Summaries(db).Where(r => r.Id == id).Select(r => r.Name).SingleAsync()));
        }
    }
}
