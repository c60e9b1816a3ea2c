using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Shared;

/// <summary>
/// One record's create and edit pages, written once (RecordPagesController), proven once for every registered kind:
/// who may not create gets 403, an unseen record 404, a stale edit the form again with who changed what, and an
/// invalid form every error at once.
/// </summary>
public sealed partial class RecordPagesTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    /// <summary>What the tests post for each kind; a kind registered without an entry fails <see cref="Every_registered_kind_has_its_record_page_data"/>.</summary>
    private sealed record KindForm(
        Func<CrmAppFactory, TestUser?, string, Task<int>> Make,
        Func<string, (string Key, string Value)[]> Valid,
        (string Key, string Value)[] Bad,
        string[] Errors);

    private static readonly Dictionary<string, KindForm> Forms = new()
    {
        ["contacts"] = new(
            (app, owner, name) => app.AddContactAsync("Luc", name, owner),
            name => [("FirstName", "Luc"), ("LastName", name), ("Status", "Active"), ("LifecycleStage", "Lead"), ("Consent", "Unknown")],
            [("Emails", "not-an-email"), ("Phones", "call me"), ("PreferredLanguage", "de")],
            ["\"not-an-email\" is not a valid email address.", "\"call me\" is not a phone number.", "Choose French or English."]),
        ["companies"] = new(
            (app, owner, name) => app.AddCompanyAsync(name, owner),
            name => [("Name", name), ("Status", "Prospect"), ("Size", "Small"), ("ShippingSameAsBilling", "true")],
            [("Siren", "404833049"), ("NafCode", "620Z"), ("Website", "javascript:alert(1)")],
            ["The SIREN must be 9 digits with a valid check digit.", "The NAF code looks like 62.01Z.", "Enter a web address such as https://example.fr."]),
        ["deals"] = new(
            (app, owner, name) => Deals.DealTestData.AddDealAsync(app, name, owner),
            name => [("Name", name), ("StageId", "1"), ("Status", "Open"), ("Currency", "EUR"), ("Amount", "1200")],
            [("Lines[0].Name", "Licence"), ("Lines[0].Quantity", "-2"), ("Lines[0].Discount", "150"), ("Lines[1].Name", "Support"), ("Lines[1].Quantity", "1"), ("Lines[1].VatRate", "120")],
            ["The quantity must be more than 0.", "The discount is a percentage from 0 to 100.", "The VAT rate is a percentage from 0 to 100."]),
        ["tasks"] = new(
            (app, owner, name) => Tasks.TaskTestData.AddTaskAsync(app, name, owner),
            name => [("Title", name), ("DueAt", "2026-12-10T09:30"), ("Priority", "Normal"), ("Recurrence", "None")],
            [("RemindMinutesBefore", "7"), ("RecordKind", "contacts"), ("Tags", new string('x', 60))],
            ["Choose a reminder from the list.", "Choose the record the task is about from its page.", "is longer than"]),
        ["tickets"] = new(
            (app, owner, name) => Tickets.TicketTestData.AddTicketAsync(app, name, owner),
            name => [("Subject", name), ("Priority", "Normal"), ("Status", "New")],
            [("Category", new string('c', 120)), ("Description", new string('d', 20001)), ("Tags", new string('x', 60))],
            ["Category must be at most 100 characters.", "Description must be at most 20000 characters.", "is longer than"]),
        ["campaigns"] = new(
            (app, owner, name) => Campaigns.CampaignTestData.AddCampaignAsync(app, name, owner),
            name => [("Name", name), ("Type", "Email"), ("Status", "Planned")],
            [("StartDate", "2026-02-01"), ("EndDate", "2026-01-01"), ("Budget", "-5"), ("Tags", new string('x', 60))],
            ["The end date must not be before the start date.", "The amount must be between 0 and", "is longer than"]),
        ["segments"] = new(
            (app, owner, name) => Segments.SegmentTestData.AddSegmentAsync(app, name, owner),
            name => [("Name", name), ("Type", "Dynamic")],
            [("Filter", "colour=blue"), ("Description", new string('d', 1001)), ("Tags", new string('x', 60))],
            ["The contacts list has no filter named colour.", "Description must be at most 1000 characters.", "is longer than"]),
    };

    public static TheoryData<string> KindKeys() => new(Forms.Keys);

    [Fact]
    public void Every_registered_kind_has_its_record_page_data()
    {
        var kinds = app.Services.GetRequiredService<RecordKinds>().All.Select(k => k.Key);
        Assert.Empty(kinds.Except(Forms.Keys));
    }

    [Theory]
    [MemberData(nameof(KindKeys))]
    public async Task A_user_whose_role_may_not_create_gets_403_on_both_create_pages_and_nothing_is_saved(string key)
    {
        var kind = Kind(key);
        var role = Roles.All.First(r => !kind.Access.Create.Contains(r));
        var client = await app.SignInAsync(await app.CreateUserAsync(role));
        var token = FormPosting.AntiforgeryToken(await (await client.GetAsync("/Search")).ReadHtmlAsync());
        var name = "Refused" + Guid.NewGuid().ToString("N")[..8];

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"{kind.Route}/Create")).StatusCode);
        var posted = await client.PostAsync($"{kind.Route}/Create", new FormUrlEncodedContent(Fields([.. Forms[key].Valid(name), ("__RequestVerificationToken", token)])));

        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.False(await app.WithDbAsync(db => kind.Summaries(db).AnyAsync(s => s.Name.Contains(name))));
    }

    [Theory]
    [MemberData(nameof(KindKeys))]
    public async Task Editing_a_record_the_user_may_not_see_answers_404_and_changes_nothing(string key)
    {
        var kind = Kind(key);
        var name = "Unseen" + Guid.NewGuid().ToString("N")[..8];
        var id = await Forms[key].Make(app, await app.CreateUserAsync(TeamEditorRole(kind), "Pages team B"), name);
        var client = await app.SignInAsync(await app.CreateUserAsync(TeamEditorRole(kind), "Pages team A"));
        var token = FormPosting.AntiforgeryToken(await (await client.GetAsync($"{kind.Route}/Create")).ReadHtmlAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{kind.Route}/Edit/{id}")).StatusCode);
        var posted = await client.PostAsync($"{kind.Route}/Edit/{id}", new FormUrlEncodedContent(Fields([.. Forms[key].Valid("Hacked"), ("Version", "1"), ("__RequestVerificationToken", token)])));

        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.Contains(name, await NameAsync(kind, id), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KindKeys))]
    public async Task A_stale_edit_shows_the_form_again_with_who_changed_what_and_the_users_input_and_saving_again_overwrites(string key)
    {
        var kind = Kind(key);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var id = await Forms[key].Make(app, null, "Original" + marker);
        var first = await app.SignInAsync(await app.CreateUserAsync(Roles.Manager, name: "Marie Première"));
        var second = await app.SignInAsync();
        var editPage = $"{kind.Route}/Edit/{id}";
        var loaded = VersionOn(await (await second.GetAsync(editPage)).ReadHtmlAsync());
        List<KeyValuePair<string, string>> Edit(string name, int version) => Fields([.. Forms[key].Valid(name), ("Version", version.ToString(CultureInfo.InvariantCulture))]);

        Assert.Equal(HttpStatusCode.Redirect, (await first.PostMultipleAsync(editPage, Edit("ByMarie" + marker, loaded), editPage)).StatusCode);
        var stale = WebUtility.HtmlDecode(await (await second.PostMultipleAsync(editPage, Edit("ByAdmin" + marker, loaded), editPage)).ReadHtmlAsync());

        Assert.Contains("data-testid=\"edit-conflict\"", stale, StringComparison.Ordinal);
        Assert.Contains("This record was changed by Marie Première at", stale, StringComparison.Ordinal);
        Assert.Contains("ByMarie" + marker, stale, StringComparison.Ordinal);
        Assert.Contains($"value=\"ByAdmin{marker}\"", stale, StringComparison.Ordinal);
        Assert.Contains("ByMarie" + marker, await NameAsync(kind, id), StringComparison.Ordinal);

        var current = VersionOn(stale);
        Assert.Equal(VersionOn(await (await first.GetAsync(editPage)).ReadHtmlAsync()), current);
        Assert.True(current > loaded);
        var again = await second.PostMultipleAsync(editPage, Edit("ByAdmin" + marker, current), editPage);

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("ByAdmin" + marker, await NameAsync(kind, id), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KindKeys))]
    public async Task An_invalid_form_shows_every_error_at_once_keeps_the_input_and_saves_nothing(string key)
    {
        var kind = Kind(key);
        var name = "Invalid" + Guid.NewGuid().ToString("N")[..8];
        var client = await app.SignInAsync();

        var html = WebUtility.HtmlDecode(await (await client.PostMultipleAsync($"{kind.Route}/Create", Fields([.. Forms[key].Valid(name), .. Forms[key].Bad]), $"{kind.Route}/Create")).ReadHtmlAsync());

        Assert.All(Forms[key].Errors, error => Assert.Contains(error, html, StringComparison.Ordinal));
        Assert.Contains($"value=\"{name}\"", html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => kind.Summaries(db).AnyAsync(s => s.Name.Contains(name))));
    }

    [Theory]
    [MemberData(nameof(KindKeys))]
    public async Task A_missing_required_field_and_the_forms_own_checks_show_in_one_pass(string key)
    {
        var kind = Kind(key);
        var required = kind.Fields.First(f => f.Required).Name;
        var name = "OnePass" + Guid.NewGuid().ToString("N")[..8];
        var client = await app.SignInAsync();
        (string Key, string Value)[] fields = [.. Forms[key].Valid(name).Select(f => f.Key == required ? (f.Key, "") : f), .. Forms[key].Bad];

        var html = WebUtility.HtmlDecode(await (await client.PostMultipleAsync($"{kind.Route}/Create", Fields(fields), $"{kind.Route}/Create")).ReadHtmlAsync());

        Assert.Matches($"data-valmsg-for=\"{required}\"[^>]*>[^<]+<", html);
        Assert.All(Forms[key].Errors, error => Assert.Contains(error, html, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(KindKeys))]
    public async Task An_activity_that_cannot_be_logged_shows_the_records_page_again_with_the_error_and_what_was_typed(string key)
    {
        var kind = Kind(key);
        var name = "Logged" + Guid.NewGuid().ToString("N")[..8];
        var id = await Forms[key].Make(app, null, name);
        var client = await app.SignInAsync();

        var response = await client.PostFormAsync($"{kind.Route}/LogActivity/{id}", new()
        {
            ["Kind"] = "Call", ["Subject"] = "Kept subject " + name, ["OccurredAt"] = "2101-01-01T00:00",
        }, kind.DetailsPath(id));

        var html = WebUtility.HtmlDecode(await response.ReadHtmlAsync());
        Assert.Matches("data-valmsg-for=\"OccurredAt\"[^>]*>The date must be between 1900 and 2100.<", html);
        Assert.Contains($"value=\"Kept subject {name}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<h1 class=\"h3 mb-1\">", html, StringComparison.Ordinal);
        Assert.Contains(await NameAsync(kind, id), html, StringComparison.Ordinal);
        Assert.Contains($"action=\"{kind.Route}/LogActivity/{id}\"", html, StringComparison.Ordinal);
    }

    private RecordKind Kind(string key) => app.Services.GetRequiredService<RecordKinds>().All.Single(k => k.Key == key);

    private Task<string> NameAsync(RecordKind kind, int id) => app.WithDbAsync(db => kind.Summaries(db).Where(s => s.Id == id).Select(s => s.Name).SingleAsync());

    /// <summary>The version an edit page's form carries, as the browser posts it back.</summary>
    private static int VersionOn(string html) => int.Parse(VersionField().Match(html).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex("name=\"Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();
}
