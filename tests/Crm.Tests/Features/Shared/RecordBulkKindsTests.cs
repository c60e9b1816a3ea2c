using System.Globalization;
using System.Net;
using Crm.Tests.Features.Deals;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Shared;

/// <summary>
/// The bulk actions of every kind's list ({Route}/Bulk: assign, tag, delete), proven once over the registered kinds:
/// what they change, who may change what, what they refuse and how they say so.
/// </summary>
public sealed class RecordBulkKindsTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    /// <summary>How these tests make a record of each kind; a kind registered without one fails the first test.</summary>
    private static readonly Dictionary<string, Func<string, ListTestData.User?, object>> MakeRecord = new()
    {
        ["contacts"] = (name, owner) => new Contact { FirstName = "T", LastName = name, OwnerId = owner?.Id, TeamId = owner?.TeamId },
        ["companies"] = (name, owner) => new Company { Name = name, OwnerId = owner?.Id, TeamId = owner?.TeamId },
        ["deals"] = (name, owner) => DealTestData.New(name, owner?.Id, owner?.TeamId),
        ["tasks"] = (name, owner) => Tasks.TaskTestData.New(name, owner?.Id, owner?.TeamId),
        ["tickets"] = (name, owner) => Tickets.TicketTestData.New(name, owner?.Id, owner?.TeamId),
        ["campaigns"] = (name, owner) => Campaigns.CampaignTestData.New(name, owner?.Id, owner?.TeamId),
        ["segments"] = (name, owner) => Segments.SegmentTestData.New(name, owner?.Id, owner?.TeamId),
    };

    /// <summary>Which of the records carry the tag, read from each kind's own link table.</summary>
    private static readonly Dictionary<string, Func<CrmDbContext, int[], string, Task<List<int>>>> TaggedIds = new()
    {
        ["contacts"] = (db, ids, tag) => db.ContactTags.Where(t => ids.Contains(t.ContactId) && t.Tag!.NameKey == tag).Select(t => t.ContactId).ToListAsync(),
        ["companies"] = (db, ids, tag) => db.CompanyTags.Where(t => ids.Contains(t.CompanyId) && t.Tag!.NameKey == tag).Select(t => t.CompanyId).ToListAsync(),
        ["deals"] = (db, ids, tag) => db.DealTags.Where(t => ids.Contains(t.DealId) && t.Tag!.NameKey == tag).Select(t => t.DealId).ToListAsync(),
        ["tasks"] = (db, ids, tag) => db.TaskTags.Where(t => ids.Contains(t.TaskId) && t.Tag!.NameKey == tag).Select(t => t.TaskId).ToListAsync(),
        ["tickets"] = (db, ids, tag) => db.TicketTags.Where(t => ids.Contains(t.TicketId) && t.Tag!.NameKey == tag).Select(t => t.TicketId).ToListAsync(),
        ["campaigns"] = (db, ids, tag) => db.Set<Crm.Web.Features.Campaigns.CampaignTag>().Where(t => ids.Contains(t.CampaignId) && t.Tag!.NameKey == tag).Select(t => t.CampaignId).ToListAsync(),
        ["segments"] = (db, ids, tag) => db.SegmentTags.Where(t => ids.Contains(t.SegmentId) && t.Tag!.NameKey == tag).Select(t => t.SegmentId).ToListAsync(),
    };

    public static TheoryData<string> Kinds() => new(MakeRecord.Keys);

    [Fact]
    public void Every_registered_kind_has_bulk_test_data()
    {
        using var scope = app.Services.CreateScope();
        var keys = scope.ServiceProvider.GetRequiredService<RecordKinds>().All.Select(k => k.Key).Order();
        Assert.Equal(keys, MakeRecord.Keys.Order());
        Assert.Equal(keys, TaggedIds.Keys.Order());
    }

    private RecordKind Kind(string key) => app.Services.GetRequiredService<RecordKinds>().All.Single(k => k.Key == key);

    /// <summary>
    /// Two users who edit their team's records of the kind, in two teams (sales for customer records, support for
    /// tickets: "the sales user" below), and one who reads records of the kind but may change none ("support").
    /// </summary>
    private async Task<(ListTestData.User A, ListTestData.User B, ListTestData.User Support)> UsersAsync(string key) => (
        await app.UserAsync($"ana@{key}.bulk.test", RecordPages.TeamEditorRole(Kind(key)), $"Nantes {key}"),
        await app.UserAsync($"ben@{key}.bulk.test", RecordPages.TeamEditorRole(Kind(key)), $"Rennes {key}"),
        await app.UserAsync($"sue@{key}.bulk.test", RecordPages.ReaderOnlyRole(Kind(key)), null));

    private Task<int[]> RecordsAsync(string key, params (string Name, ListTestData.User? Owner)[] records) =>
        app.WithDbAsync(async db =>
        {
            var made = records.Select(r => MakeRecord[key](r.Name, r.Owner)).ToList();
            db.AddRange(made);
            await db.SaveChangesAsync();
            return made.Select(r => ((IAudited)r).Id).ToArray();
        });

    private Task<List<RecordSummary>> SummariesAsync(string key, int[] ids) =>
        app.WithDbAsync(db => Kind(key).Summaries(db, withDeleted: true).Where(r => ids.Contains(r.Id)).OrderBy(r => r.Id).ToListAsync());

    private string ListUrl(string key) => $"{Kind(key).ListPath}?q=t";

    private Task<HttpResponseMessage> BulkAsync(string key, HttpClient client, string action, IEnumerable<int> ids, params (string Key, string Value)[] more)
    {
        var fields = ids.Select(id => new KeyValuePair<string, string>("Ids", id.ToString(CultureInfo.InvariantCulture)))
            .Append(new("Action", action))
            .Append(new("ReturnUrl", ListUrl(key)))
            .Concat(more.Select(m => new KeyValuePair<string, string>(m.Key, m.Value)));
        return client.PostMultipleAsync($"{Kind(key).Route}/Bulk", fields, Kind(key).Route);
    }

    private async Task<string> FlashAsync(string key, HttpClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ListUrl(key), response.Headers.Location!.OriginalString);
        return WebUtility.HtmlDecode(await client.GetHtmlAsync(response.Headers.Location.OriginalString));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Assigning_an_owner_sets_the_owner_and_their_team(string key)
    {
        var (a, _, _) = await UsersAsync(key);
        var ids = await RecordsAsync(key, ("Assign1", null), ("Assign2", null));
        var admin = await app.SignInAsync();

        var page = await FlashAsync(key, admin, await BulkAsync(key, admin, "assign", ids, ("OwnerId", a.Id)));

        Assert.Contains("2 records changed.", page, StringComparison.Ordinal);
        Assert.All(await SummariesAsync(key, ids), r => Assert.Equal((a.Id, a.TeamId), (r.OwnerId, r.TeamId)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Adding_a_tag_creates_it_once_and_tags_each_record_once(string key)
    {
        var ids = await RecordsAsync(key, ("Tag1", null), ("Tag2", null));
        var admin = await app.SignInAsync();
        var tag = $"salon {key}";

        await FlashAsync(key, admin, await BulkAsync(key, admin, "tag", ids, ("TagName", $"Salon {key}")));
        var page = await FlashAsync(key, admin, await BulkAsync(key, admin, "tag", ids, ("TagName", $"SALON {key}")));

        Assert.Contains("2 records changed.", page, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Tags.CountAsync(t => t.NameKey == tag)));
        Assert.Equal(ids, (await app.WithDbAsync(db => TaggedIds[key](db, ids, tag))).Order());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Deleting_asks_for_confirmation_then_moves_the_records_to_the_recycle_bin(string key)
    {
        var ids = await RecordsAsync(key, ("Delete1", null), ("Delete2", null));
        var admin = await app.SignInAsync();

        var ask = await BulkAsync(key, admin, "delete", ids);
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        Assert.Contains("name=\"Confirmed\" value=\"true\"", await ask.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.All(await SummariesAsync(key, ids), r => Assert.Null(r.DeletedAt));

        var page = await FlashAsync(key, admin, await BulkAsync(key, admin, "delete", ids, ("Confirmed", "true")));

        Assert.Contains("2 records changed.", page, StringComparison.Ordinal);
        Assert.All(await SummariesAsync(key, ids), r => Assert.NotNull(r.DeletedAt));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_sales_user_changes_only_records_of_their_team_and_is_told_how_many_were_skipped(string key)
    {
        var (a, b, _) = await UsersAsync(key);
        var ids = await RecordsAsync(key, ("Mine", a), ("Theirs", b), ("Nobody", null));
        var client = await app.SignInAsAsync(a);
        var tag = $"relance {key}";

        var page = await FlashAsync(key, client, await BulkAsync(key, client, "tag", ids, ("TagName", tag)));

        Assert.Contains("2 records changed. 1 skipped: you may not edit it.", page, StringComparison.Ordinal);
        Assert.Equal(new[] { ids[0], ids[2] }, (await app.WithDbAsync(db => TaggedIds[key](db, ids, tag))).Order());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_sales_user_cannot_delete_another_teams_record(string key)
    {
        var (a, b, _) = await UsersAsync(key);
        var ids = await RecordsAsync(key, ("OtherTeam", b));
        var client = await app.SignInAsAsync(a);

        var page = await FlashAsync(key, client, await BulkAsync(key, client, "delete", ids, ("Confirmed", "true")));

        Assert.Contains("0 records changed. 1 skipped", page, StringComparison.Ordinal);
        Assert.Null((await SummariesAsync(key, ids)).Single().DeletedAt);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Support_cannot_change_any_record(string key)
    {
        var (a, _, support) = await UsersAsync(key);
        var ids = await RecordsAsync(key, ("Support1", null), ("Support2", a));
        var client = await app.SignInAsAsync(support);

        var page = await FlashAsync(key, client, await BulkAsync(key, client, "assign", ids, ("OwnerId", support.Id)));

        Assert.Contains("0 records changed. 2 skipped", page, StringComparison.Ordinal);
        Assert.DoesNotContain(support.Id, (await SummariesAsync(key, ids)).Select(r => r.OwnerId));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_sales_user_may_hand_records_only_to_someone_the_record_form_offers(string key)
    {
        var (a, b, support) = await UsersAsync(key);
        var ids = await RecordsAsync(key, ("Handover", a));
        var client = await app.SignInAsAsync(a);

        var bar = await client.GetHtmlAsync($"{Kind(key).ListPath}?q=handover");
        var select = bar[bar.IndexOf("name=\"OwnerId\"", StringComparison.Ordinal)..];
        select = select[..select.IndexOf("</select>", StringComparison.Ordinal)];
        Assert.Contains($"value=\"{a.Id}\"", select, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{b.Id}\"", select, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{support.Id}\"", select, StringComparison.Ordinal);

        Assert.Contains("Choose the new owner.", await FlashAsync(key, client, await BulkAsync(key, client, "assign", ids, ("OwnerId", b.Id))), StringComparison.Ordinal);
        Assert.Contains("Choose the new owner.", await FlashAsync(key, client, await BulkAsync(key, client, "assign", ids, ("OwnerId", support.Id))), StringComparison.Ordinal);
        Assert.Equal(a.Id, (await SummariesAsync(key, ids)).Single().OwnerId);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Bad_input_changes_nothing_and_says_why(string key)
    {
        var ids = await RecordsAsync(key, ("Bad1", null));
        var admin = await app.SignInAsync();

        Assert.Contains("Choose the new owner.", await FlashAsync(key, admin, await BulkAsync(key, admin, "assign", ids, ("OwnerId", "no-such-user"))), StringComparison.Ordinal);
        Assert.Contains("Type the tag to add.", await FlashAsync(key, admin, await BulkAsync(key, admin, "tag", ids, ("TagName", "  "))), StringComparison.Ordinal);
        Assert.Contains("Select at least one record.", await FlashAsync(key, admin, await BulkAsync(key, admin, "tag", [], ("TagName", "x"))), StringComparison.Ordinal);
        Assert.Contains("Choose an action.", await FlashAsync(key, admin, await BulkAsync(key, admin, "explode", ids)), StringComparison.Ordinal);
        Assert.Null((await SummariesAsync(key, ids)).Single().OwnerId);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_post_without_antiforgery_token_is_rejected(string key)
    {
        var ids = await RecordsAsync(key, ("Csrf", null));
        var admin = await app.SignInAsync();
        var response = await admin.PostAsync($"{Kind(key).Route}/Bulk", new FormUrlEncodedContent([new("Ids", ids[0].ToString(CultureInfo.InvariantCulture)), new("Action", "delete"), new("Confirmed", "true")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null((await SummariesAsync(key, ids)).Single().DeletedAt);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task An_outside_return_url_is_not_followed(string key)
    {
        var ids = await RecordsAsync(key, ("Open", null));
        var admin = await app.SignInAsync();
        var fields = new List<KeyValuePair<string, string>> { new("Ids", ids[0].ToString(CultureInfo.InvariantCulture)), new("Action", "tag"), new("TagName", "x"), new("ReturnUrl", "https://evil.example/") };
        var response = await admin.PostMultipleAsync($"{Kind(key).Route}/Bulk", fields, Kind(key).Route);
        Assert.Equal(Kind(key).ListPath, response.Headers.Location!.OriginalString);
    }

    /// <summary>A bulk action on every record the list matches for <paramref name="query"/> ("select all N matching").</summary>
    private Task<HttpResponseMessage> BulkAllMatchingAsync(string key, HttpClient client, string query, string action, params (string Key, string Value)[] more)
    {
        var fields = new List<KeyValuePair<string, string>> { new("AllMatching", "true"), new("Action", action), new("ReturnUrl", ListUrl(key)) }
            .Concat(more.Select(m => new KeyValuePair<string, string>(m.Key, m.Value)));
        return client.PostMultipleAsync($"{Kind(key).Route}/Bulk?{query}", fields, Kind(key).Route);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task All_matching_changes_every_record_the_filters_match_beyond_the_first_page_and_no_other(string key)
    {
        var word = $"Pagematch{key}";
        var ids = await RecordsAsync(key, Enumerable.Range(1, 30).Select(i => ($"{word} {i}", (ListTestData.User?)null)).ToArray());
        var other = await RecordsAsync(key, ($"Elsewhere{key}", null));
        var admin = await app.SignInAsync();
        var tag = $"everyone {key}";

        // A page shows 25: the bar offers the 30 that match.
        Assert.Contains("Select all 30 matching", WebUtility.HtmlDecode(await admin.GetHtmlAsync($"{Kind(key).ListPath}?q={word}")), StringComparison.Ordinal);
        var page = await FlashAsync(key, admin, await BulkAllMatchingAsync(key, admin, $"q={word}&size=25", "tag", ("TagName", tag), ("Ids", other[0].ToString(CultureInfo.InvariantCulture))));

        Assert.Contains("30 records changed.", page, StringComparison.Ordinal);
        Assert.Equal(ids, (await app.WithDbAsync(db => TaggedIds[key](db, [.. ids, .. other], tag))).Order());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task All_matching_changes_only_what_the_user_may_edit(string key)
    {
        var (a, b, support) = await UsersAsync(key);
        var word = $"Teammatch{key}";
        var ids = await RecordsAsync(key, ($"{word} mine", a), ($"{word} theirs", b), ($"{word} nobody", null));
        var tag = $"mine only {key}";

        // Another team's record is not among a sales user's matches at all.
        var sales = await app.SignInAsAsync(a);
        Assert.Contains("2 records changed.", await FlashAsync(key, sales, await BulkAllMatchingAsync(key, sales, $"q={word}", "tag", ("TagName", tag))), StringComparison.Ordinal);
        Assert.Equal(new[] { ids[0], ids[2] }, (await app.WithDbAsync(db => TaggedIds[key](db, ids, tag))).Order());
        Assert.Contains("2 records changed.", await FlashAsync(key, sales, await BulkAllMatchingAsync(key, sales, $"q={word}", "assign", ("OwnerId", a.Id))), StringComparison.Ordinal);
        Assert.Equal(b.Id, (await SummariesAsync(key, [ids[1]])).Single().OwnerId);

        // Support reads every match of customer records and may change none; sales see none of these tickets (all now owned in a team).
        var reader = await app.SignInAsAsync(support);
        var readerUser = new CrmUser(support.Id, support.TeamId, new HashSet<string>([RecordPages.ReaderOnlyRole(Kind(key))]));
        var seen = await app.WithDbAsync(db => Kind(key).VisibleIds(db, readerUser).CountAsync(id => ids.Contains(id)));
        Assert.Equal(Kind(key).Access.ReadScope(readerUser) == AccessScope.All ? 3 : 0, seen);
        var expected = seen > 0 ? $"0 records changed. {seen} skipped" : "Select at least one record.";
        Assert.Contains(expected, await FlashAsync(key, reader, await BulkAllMatchingAsync(key, reader, $"q={word}", "assign", ("OwnerId", support.Id))), StringComparison.Ordinal);
        Assert.Contains(expected, await FlashAsync(key, reader, await BulkAllMatchingAsync(key, reader, $"q={word}", "delete", ("Confirmed", "true"))), StringComparison.Ordinal);
        Assert.All(await SummariesAsync(key, ids), r => Assert.Null(r.DeletedAt));
        Assert.DoesNotContain(support.Id, (await SummariesAsync(key, ids)).Select(r => r.OwnerId));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Deleting_all_matching_asks_first_for_the_count_then_deletes_only_the_matches(string key)
    {
        var word = $"Binmatch{key}";
        var ids = await RecordsAsync(key, ($"{word} 1", null), ($"{word} 2", null), ($"{word} 3", null));
        var kept = await RecordsAsync(key, ($"Keepme{key}", null));
        var admin = await app.SignInAsync();

        var ask = await BulkAllMatchingAsync(key, admin, $"q={word}", "delete");
        var form = await ask.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        Assert.Contains("Delete 3 selected records?", WebUtility.HtmlDecode(form), StringComparison.Ordinal);
        Assert.Contains("name=\"AllMatching\" value=\"true\"", form, StringComparison.Ordinal);
        Assert.Contains($"action=\"{Kind(key).Route}/Bulk?q={word}\"", form, StringComparison.Ordinal);
        Assert.All(await SummariesAsync(key, ids), r => Assert.Null(r.DeletedAt));

        var page = await FlashAsync(key, admin, await BulkAllMatchingAsync(key, admin, $"q={word}", "delete", ("Confirmed", "true")));

        Assert.Contains("3 records changed.", page, StringComparison.Ordinal);
        Assert.All(await SummariesAsync(key, ids), r => Assert.NotNull(r.DeletedAt));
        Assert.Null((await SummariesAsync(key, kept)).Single().DeletedAt);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task All_matching_without_antiforgery_token_is_rejected(string key)
    {
        var word = $"Csrfmatch{key}";
        var ids = await RecordsAsync(key, ($"{word} 1", null), ($"{word} 2", null));
        var admin = await app.SignInAsync();

        var response = await admin.PostAsync($"{Kind(key).Route}/Bulk?q={word}", new FormUrlEncodedContent([new("AllMatching", "true"), new("Action", "delete"), new("Confirmed", "true")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.All(await SummariesAsync(key, ids), r => Assert.Null(r.DeletedAt));
    }
}
