using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Activities;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Activities;

/// <summary>Logging in place, who logs and edits an entry, the entry's history and stale edits, and the timeline's filter by type.</summary>
public sealed partial class TimelineActionsTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task A_support_agent_logs_a_note_on_a_contact_they_read_but_may_not_edit_the_contact()
    {
        var owner = await app.CreateUserAsync(Roles.Sales, "Support A");
        var agent = await app.CreateUserAsync(Roles.Support, name: "Agent Smith");
        var contactId = await app.AddContactAsync("Carla", "Customer", owner);
        var client = await app.SignInAsync(agent);

        var page = await (await client.GetAsync($"/Contacts/Details/{contactId}")).ReadHtmlAsync();
        Assert.Contains($"action=\"/Contacts/LogActivity/{contactId}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/Contacts/Edit/{contactId}\"", page, StringComparison.Ordinal);

        var logged = await PostInPlaceAsync(client, $"/Contacts/LogActivity/{contactId}", new() { ["Kind"] = "Note", ["Subject"] = "Customer called about the invoice" }, $"/Contacts/Details/{contactId}");
        Assert.Equal(HttpStatusCode.OK, logged.StatusCode);
        var stored = await app.WithDbAsync(db => db.Activities.AsNoTracking().SingleAsync(a => a.ContactId == contactId));
        Assert.Equal("Customer called about the invoice", stored.Subject);
        Assert.Equal(agent.Id, stored.CreatedById);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/Contacts/Edit/{contactId}")).StatusCode);
        var token = FormPosting.AntiforgeryToken(page);
        var edit = await client.PostAsync($"/Contacts/Edit/{contactId}", new FormUrlEncodedContent(Fields(("FirstName", "Changed"), ("LastName", "Customer"), ("__RequestVerificationToken", token))));
        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        Assert.Equal("Carla", await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == contactId).Select(c => c.FirstName).SingleAsync()));

        // A contact in the recycle bin is out of their sight: nothing to log on.
        var goneId = await app.AddContactAsync("Gone", "Binned", owner);
        await app.WithDbAsync(async db =>
        {
            db.Contacts.Remove(await db.Contacts.SingleAsync(c => c.Id == goneId));
            await db.SaveChangesAsync();
        });
        var refused = await client.PostAsync($"/Contacts/LogActivity/{goneId}", new FormUrlEncodedContent(Fields(("Kind", "Note"), ("Subject", "x"), ("__RequestVerificationToken", token))));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Activities.IgnoreQueryFilters().AnyAsync(a => a.ContactId == goneId)));
    }

    [Fact]
    public async Task Marketing_reads_a_contact_but_may_not_log_on_it()
    {
        var marketer = await app.CreateUserAsync(Roles.Marketing);
        var contactId = await app.AddContactAsync("Mona", "Marketing");
        var client = await app.SignInAsync(marketer);

        var page = await (await client.GetAsync($"/Contacts/Details/{contactId}")).ReadHtmlAsync();
        Assert.DoesNotContain("LogActivity", page, StringComparison.Ordinal);
        var refused = await client.PostAsync($"/Contacts/LogActivity/{contactId}", new FormUrlEncodedContent(Fields(("Kind", "Note"), ("Subject", "x"), ("__RequestVerificationToken", FormPosting.AntiforgeryToken(page)))));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Activities.AnyAsync(a => a.ContactId == contactId)));
    }

    [Fact]
    public async Task Logging_in_place_answers_the_new_entry_as_the_timeline_shows_it()
    {
        var contactId = await app.AddContactAsync("Ines", "Inplace");
        var client = await app.SignInAsync();

        var response = await PostInPlaceAsync(client, $"/Contacts/LogActivity/{contactId}", new()
        {
            ["Kind"] = "Call", ["Subject"] = "Renewal call", ["DurationMinutes"] = "12", ["Body"] = "Call back **Monday**", ["BodyFormat"] = "Markdown",
        }, $"/Contacts/Details/{contactId}");

        var html = await response.ReadHtmlAsync();
        var id = await app.WithDbAsync(db => db.Activities.Where(a => a.ContactId == contactId).Select(a => a.Id).SingleAsync());
        Assert.StartsWith($"<li class=\"crm-timeline-entry\" data-activity-id=\"{id}\" data-kind=\"Call\">", html.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("<strong>Renewal call</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Monday</strong>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Activities/Edit/{id}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", html, StringComparison.Ordinal);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Logging_in_place_with_errors_answers_the_form_with_every_error_and_what_was_typed()
    {
        var contactId = await app.AddContactAsync("Eric", "Errors");
        var client = await app.SignInAsync();

        var response = await PostInPlaceAsync(client, $"/Contacts/LogActivity/{contactId}", new()
        {
            ["Kind"] = "Meeting", ["Subject"] = "", ["DurationMinutes"] = "5000", ["Body"] = "kept text",
        }, $"/Contacts/Details/{contactId}");

        var html = await response.ReadHtmlAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("data-testid=\"error-summary\"", html, StringComparison.Ordinal);
        Assert.Contains("The Subject field is required.", html, StringComparison.Ordinal);
        Assert.Contains("Duration (minutes) must be between 0 and 1440.", html, StringComparison.Ordinal);
        Assert.Matches("id=\"Subject\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"Subject\"", html);
        Assert.Contains("kept text", html, StringComparison.Ordinal);
        Assert.Contains("name=\"__RequestVerificationToken\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Activities.AnyAsync(a => a.ContactId == contactId)));
    }

    [Fact]
    public async Task Its_author_and_an_admin_edit_an_entry_and_another_editor_of_the_record_may_not()
    {
        var author = await app.CreateUserAsync(Roles.Sales, team: "Edit team", name: "Alice Author");
        var colleague = await app.CreateUserAsync(Roles.Sales, team: "Edit team", name: "Colin Colleague");
        var contactId = await app.AddContactAsync("Ed", "Edited", author);
        var activityId = await AddActivityAsync(contactId, author.Id, "First words");

        var other = await app.SignInAsync(colleague);
        var otherPage = await (await other.GetAsync($"/Contacts/Details/{contactId}")).ReadHtmlAsync();
        Assert.DoesNotContain($"/Activities/Edit/{activityId}", otherPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/Activities/Edit/{activityId}")).StatusCode);
        var refused = await other.PostAsync($"/Activities/Edit/{activityId}", new FormUrlEncodedContent(Fields(
            ("Kind", "Note"), ("Subject", "Hijacked"), ("Version", "1"), ("__RequestVerificationToken", FormPosting.AntiforgeryToken(otherPage)))));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var client = await app.SignInAsync(author);
        var forged = await client.PostAsync($"/Activities/Edit/{activityId}", new FormUrlEncodedContent(Fields(("Kind", "Note"), ("Subject", "Forged"), ("Version", "1"))));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var saved = await SaveEditAsync(client, activityId, "Better words", "Call");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/Contacts/Details/{contactId}#timeline", saved.Headers.Location!.OriginalString);
        var activity = await app.WithDbAsync(db => db.Activities.AsNoTracking().SingleAsync(a => a.Id == activityId));
        Assert.Equal(("Better words", ActivityKind.Call), (activity.Subject, activity.Kind));

        var admin = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await SaveEditAsync(admin, activityId, "Admin words", "Call")).StatusCode);

        // The entry says it was edited, and its history says who changed what.
        var details = await (await client.GetAsync($"/Contacts/Details/{contactId}")).ReadHtmlAsync();
        Assert.Contains("· edited by Administrator", details, StringComparison.Ordinal);
        var history = await (await client.GetAsync($"/Activities/Edit/{activityId}")).ReadHtmlAsync();
        Assert.Contains("Alice Author", history, StringComparison.Ordinal);
        Assert.Contains("<del>First words</del> → Better words", history, StringComparison.Ordinal);
        Assert.Contains("<del>Better words</del> → Admin words", history, StringComparison.Ordinal);
        Assert.Contains("<del>Note</del> → Call", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_edit_shows_who_changed_the_entry_keeps_what_was_typed_and_overwrites_nothing()
    {
        var author = await app.CreateUserAsync(Roles.Sales, name: "Stale Author");
        var contactId = await app.AddContactAsync("Sam", "Stale", author);
        var activityId = await AddActivityAsync(contactId, author.Id, "Original");
        var client = await app.SignInAsync(author);
        var form = await (await client.GetAsync($"/Activities/Edit/{activityId}")).ReadHtmlAsync();
        var loadedVersion = VersionField().Match(form).Groups[1].Value;

        var admin = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await SaveEditAsync(admin, activityId, "Changed by the admin", "Note")).StatusCode);

        var stale = await client.PostAsync($"/Activities/Edit/{activityId}", new FormUrlEncodedContent(Fields(
            ("Kind", "Note"), ("Subject", "My late words"), ("Version", loadedVersion), ("BodyFormat", "Plain"),
            ("__RequestVerificationToken", FormPosting.AntiforgeryToken(OwnForm(form, activityId))))));

        var html = await stale.ReadHtmlAsync();
        Assert.Contains("data-testid=\"edit-conflict\"", html, StringComparison.Ordinal);
        Assert.Contains("My late words", html, StringComparison.Ordinal);
        Assert.Contains("Changed by the admin", html, StringComparison.Ordinal);
        Assert.Equal("Changed by the admin", await app.WithDbAsync(db => db.Activities.Where(a => a.Id == activityId).Select(a => a.Subject).SingleAsync()));
    }

    [Fact]
    public async Task The_timeline_filters_by_type_without_script_and_load_more_keeps_the_filter()
    {
        var contactId = await app.AddContactAsync("Fiona", "Filter");
        var start = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);
        await app.WithDbAsync(async db =>
        {
            for (var i = 1; i <= 22; i++)
            {
                db.Activities.Add(Activity.Log(ActivityKind.Call, $"Call {i:00}", start.AddHours(2 * i), contactId, null, null));
                db.Activities.Add(Activity.Log(ActivityKind.Note, $"Note {i:00}", start.AddHours((2 * i) + 1), contactId, null, null));
            }

            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync();

        var calls = await (await client.GetAsync($"/Contacts/Details/{contactId}?type=Call")).ReadHtmlAsync();
        var subjects = Subjects(calls);
        Assert.Equal(20, subjects.Count);
        Assert.All(subjects, s => Assert.StartsWith("Call", s, StringComparison.Ordinal));
        Assert.Equal("Call 22", subjects[0]);
        Assert.Matches("<a class=\"nav-link active\" href=\"[^\"]*\\?type=Call#timeline\" aria-current=\"page\"", calls);

        var more = LoadMore().Match(calls);
        Assert.True(more.Success, "a Load more link");
        Assert.Contains("type=Call", more.Groups["href"].Value, StringComparison.Ordinal);
        var fragment = await (await client.GetAsync(WebUtility.HtmlDecode(more.Groups["fragment"].Value))).ReadHtmlAsync();
        Assert.Equal(["Call 02", "Call 01"], Subjects(fragment));
        var next = await (await client.GetAsync(WebUtility.HtmlDecode(more.Groups["href"].Value))).ReadHtmlAsync();
        Assert.Equal(["Call 02", "Call 01"], Subjects(next));

        var all = Subjects(await (await client.GetAsync($"/Contacts/Details/{contactId}")).ReadHtmlAsync());
        Assert.Equal(["Note 22", "Call 22"], all.Take(2));
    }

    [Fact]
    public void A_timeline_page_filtered_by_type_with_its_edited_marks_translates_for_sql_server()
    {
        var options = new DbContextOptionsBuilder<SqlServerCrmDbContext>().UseSqlServer("Server=none;Database=none").Options;
        using var db = new SqlServerCrmDbContext(options);
        var timeline = new ActivityTimeline.Handler(db, new Crm.Web.Infrastructure.Records.RecordKinds([]));
        var after = Crm.Web.Features.Shared.Cursor.For(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), 5).Encode();

        var sql = timeline.PageQuery(db.Activities.Where(a => a.ContactId == 1 && a.Kind == ActivityKind.Call), after, ActivityTimeline.PageSize).ToQueryString();

        Assert.Contains("ORDER BY [a].[OccurredAt] DESC, [a].[Id] DESC", sql, StringComparison.Ordinal);
        Assert.Contains("[AuditEntries]", sql, StringComparison.Ordinal);
        Assert.Contains("[a].[Kind] = N'Call'", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_record_page_names_its_activity_controls_apart()
    {
        var contactId = await app.AddContactAsync("Nina", "Names");
        var client = await app.SignInAsync();

        var page = await (await client.GetAsync($"/Contacts/Details/{contactId}")).ReadHtmlAsync();

        Assert.Contains(">New activity</a>", page, StringComparison.Ordinal);
        Assert.Contains("Log a call, email, meeting or note</h2>", page, StringComparison.Ordinal);
        Assert.Contains("data-label-call=\"Log the call\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Log activity", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Log an activity", page, StringComparison.Ordinal);
    }

    private Task<int> AddActivityAsync(int contactId, string authorId, string subject) =>
        app.WithDbAsync(async db =>
        {
            var activity = Activity.Log(ActivityKind.Note, subject, new DateTime(2026, 4, 1, 8, 0, 0, DateTimeKind.Utc), contactId, null, authorId);
            db.Activities.Add(activity);
            await db.SaveChangesAsync();
            return activity.Id;
        });

    /// <summary>Opens the edit page and saves it with a new subject and type, as a browser would.</summary>
    private static async Task<HttpResponseMessage> SaveEditAsync(HttpClient client, int activityId, string subject, string kind)
    {
        var form = await (await client.GetAsync($"/Activities/Edit/{activityId}")).ReadHtmlAsync();
        return await client.PostAsync($"/Activities/Edit/{activityId}", new FormUrlEncodedContent(Fields(
            ("Kind", kind), ("Subject", subject), ("OccurredAt", "2026-04-01T10:00"), ("BodyFormat", "Plain"),
            ("Version", VersionField().Match(form).Groups[1].Value), ("__RequestVerificationToken", FormPosting.AntiforgeryToken(OwnForm(form, activityId))))));
    }

    /// <summary>The edit form of the page, from its start: its own token, not the one of another form of the layout.</summary>
    private static string OwnForm(string html, int activityId) => html[html.IndexOf($"action=\"/Activities/Edit/{activityId}\"", StringComparison.Ordinal)..];

    /// <summary>Posts the log form as record.js does: with the header that asks for the entry (or the form) rather than a page.</summary>
    private static async Task<HttpResponseMessage> PostInPlaceAsync(HttpClient client, string action, Dictionary<string, string> fields, string formPage)
    {
        var token = FormPosting.AntiforgeryToken(await (await client.GetAsync(formPage)).ReadHtmlAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, action)
        {
            Content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))),
        };
        request.Headers.Add(TimelineFragments.Header, "timeline");
        return await client.SendAsync(request);
    }

    private static List<string> Subjects(string html) => TimelineSubject().Matches(html).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("</span>\\s*<strong>((?:Call|Note) [^<]+)</strong>")]
    private static partial Regex TimelineSubject();

    [GeneratedRegex("name=\"Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();

    [GeneratedRegex("<a class=\"btn btn-outline-secondary btn-sm\" href=\"(?<href>[^\"]+)\" data-fragment=\"(?<fragment>[^\"]+)\">Load more</a>")]
    private static partial Regex LoadMore();
}
