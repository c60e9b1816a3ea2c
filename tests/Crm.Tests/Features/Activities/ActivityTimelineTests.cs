using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Activities;
using Microsoft.EntityFrameworkCore;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Activities;

public sealed partial class ActivityTimelineTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task Logging_a_call_at_a_time_the_clocks_skip_saves_it_instead_of_failing()
    {
        var contactId = await app.AddContactAsync("Dora", "Daylight");
        var client = await app.SignInAsync();

        // 02:30 does not exist in Paris on 29 March 2026 (02:00 → 03:00): it is read as 03:30 summer time, 01:30 UTC.
        var response = await client.PostFormAsync($"/Contacts/LogActivity/{contactId}", new()
        {
            ["Kind"] = "Note", ["Subject"] = "Night shift", ["OccurredAt"] = "2026-03-29T02:30",
        }, $"/Contacts/Details/{contactId}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var at = await app.WithDbAsync(db => db.Activities.Where(a => a.ContactId == contactId).Select(a => a.OccurredAt).SingleAsync());
        Assert.Equal(new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc), at);
    }

    [Fact]
    public async Task Logging_a_call_puts_it_on_top_of_the_timeline_and_updates_last_activity_of_the_contact_and_its_company()
    {
        var companyId = await app.AddCompanyAsync("Calls Inc " + Guid.NewGuid().ToString("N")[..4]);
        var contactId = await app.AddContactAsync("Hugo", "Caller", companyId: companyId);
        await app.WithDbAsync(async db =>
        {
            db.Activities.Add(Activity.Log(ActivityKind.Note, "Older note", new DateTime(2026, 1, 5, 8, 0, 0, DateTimeKind.Utc), contactId, companyId, null));
            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync();

        // 10:30 in Paris in July is 08:30 UTC.
        var response = await client.PostFormAsync($"/Contacts/LogActivity/{contactId}", new()
        {
            ["Kind"] = "Call", ["Subject"] = "Discussed the renewal", ["OccurredAt"] = "2026-07-01T10:30", ["DurationMinutes"] = "15",
            ["Outcome"] = "Voicemail", ["Body"] = "Call back **Monday**", ["BodyFormat"] = "Markdown",
        }, $"/Contacts/Details/{contactId}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith($"/Contacts/Details/{contactId}", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var expected = new DateTime(2026, 7, 1, 8, 30, 0, DateTimeKind.Utc);
        var activity = await app.WithDbAsync(db => db.Activities.AsNoTracking().SingleAsync(a => a.ContactId == contactId && a.Kind == ActivityKind.Call));
        Assert.Equal(expected, activity.OccurredAt);
        Assert.Equal(15, activity.DurationMinutes);
        Assert.Equal("Voicemail", activity.Outcome);
        Assert.Equal(companyId, activity.CompanyId);
        Assert.NotNull(activity.CreatedById);
        Assert.Equal(expected, await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == contactId).Select(c => c.LastActivityAt).SingleAsync()));
        Assert.Equal(expected, await app.WithDbAsync(db => db.Companies.Where(c => c.Id == companyId).Select(c => c.LastActivityAt).SingleAsync()));

        var page = await (await client.GetAsync($"/Contacts/Details/{contactId}")).ReadHtmlAsync();
        var call = page.IndexOf("Discussed the renewal", StringComparison.Ordinal);
        Assert.True(call > 0 && call < page.IndexOf("Older note", StringComparison.Ordinal), "the new call comes first");
        Assert.Contains("<strong>Monday</strong>", page, StringComparison.Ordinal);
        Assert.Contains("Voicemail", page, StringComparison.Ordinal);
        var companyPage = await (await client.GetAsync($"/Companies/Details/{companyId}")).ReadHtmlAsync();
        Assert.Contains("Discussed the renewal", companyPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logging_an_activity_does_not_make_an_open_edit_form_stale()
    {
        var contactId = await app.AddContactAsync("Ines", "Editing");
        var before = await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == contactId).Select(c => c.Version).SingleAsync());
        var client = await app.SignInAsync();

        await client.PostFormAsync($"/Contacts/LogActivity/{contactId}", new() { ["Kind"] = "Note", ["Subject"] = "Quick note" }, $"/Contacts/Details/{contactId}");

        Assert.Equal(before, await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == contactId).Select(c => c.Version).SingleAsync()));
        Assert.NotNull(await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == contactId).Select(c => c.LastActivityAt).SingleAsync()));
    }

    [Fact]
    public async Task Logging_without_a_subject_shows_the_error_on_the_details_page_and_saves_nothing()
    {
        var contactId = await app.AddContactAsync("Nora", "Nosubject");
        var client = await app.SignInAsync();

        var response = await client.PostFormAsync($"/Contacts/LogActivity/{contactId}", new() { ["Kind"] = "Meeting", ["Subject"] = "", ["Body"] = "kept text" }, $"/Contacts/Details/{contactId}");

        var html = await response.ReadHtmlAsync();
        Assert.Contains("The Subject field is required.", html, StringComparison.Ordinal);
        Assert.Contains("kept text", html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Activities.AnyAsync(a => a.ContactId == contactId)));
    }

    [Fact]
    public async Task Markdown_with_a_script_or_a_javascript_link_is_rendered_harmless()
    {
        var contactId = await app.AddContactAsync("Xavier", "Markdown");
        var client = await app.SignInAsync();

        await client.PostFormAsync($"/Contacts/LogActivity/{contactId}", new()
        {
            ["Kind"] = "Note", ["Subject"] = "Hostile note", ["BodyFormat"] = "Markdown",
            ["Body"] = "<script>alert('xss')</script>\n\n[x](javascript:alert(1)) and <img src=x onerror=alert(2)> and [ok](https://example.fr)",
        }, $"/Contacts/Details/{contactId}");
        await client.PostFormAsync($"/Contacts/LogActivity/{contactId}", new()
        {
            ["Kind"] = "Note", ["Subject"] = "Plain hostile", ["BodyFormat"] = "Plain", ["Body"] = "<b>bold?</b>",
        }, $"/Contacts/Details/{contactId}");

        var html = await (await client.GetAsync($"/Contacts/Details/{contactId}")).ReadHtmlAsync();
        var texts = string.Join("\n", ActivityTextBlock().Matches(html).Select(m => m.Value));
        HostileHtml.AssertHarmless(texts);
        Assert.Contains("href=\"https://example.fr\"", texts, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold?&lt;/b&gt;", texts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_timeline_shows_newest_first_twenty_at_a_time_and_load_more_brings_the_rest()
    {
        var contactId = await app.AddContactAsync("Paula", "Paging");
        var start = new DateTime(2026, 2, 1, 9, 0, 0, DateTimeKind.Utc);
        await app.WithDbAsync(async db =>
        {
            for (var i = 1; i <= 25; i++)
            {
                db.Activities.Add(Activity.Log(ActivityKind.Note, $"Entry {i:00}", start.AddHours(i), contactId, null, null));
            }

            // Two entries at the same instant: the id breaks the tie, so neither is lost between pages.
            db.Activities.Add(Activity.Log(ActivityKind.Note, "Entry 05b", start.AddHours(5), contactId, null, null));
            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync();

        var first = await (await client.GetAsync($"/Contacts/Details/{contactId}")).ReadHtmlAsync();
        var firstEntries = Subjects(first);
        Assert.Equal(20, firstEntries.Count);
        Assert.Equal("Entry 25", firstEntries[0]);
        Assert.Equal("Entry 06", firstEntries[^1]);
        var more = LoadMore().Match(first);
        Assert.True(more.Success, "a Load more link");

        var next = await (await client.GetAsync(WebUtility.HtmlDecode(more.Groups["href"].Value))).ReadHtmlAsync();
        Assert.Equal(["Entry 05b", "Entry 05", "Entry 04", "Entry 03", "Entry 02", "Entry 01"], Subjects(next));
        Assert.DoesNotMatch(LoadMore(), next);

        var fragment = await (await client.GetAsync(WebUtility.HtmlDecode(more.Groups["fragment"].Value))).ReadHtmlAsync();
        Assert.Equal(6, Subjects(fragment).Count);
        Assert.DoesNotContain("<html", fragment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_editor_deletes_an_entry_softly_and_a_user_who_may_not_see_the_record_gets_404()
    {
        var owner = await app.CreateUserAsync(Crm.Web.Infrastructure.Auth.Roles.Sales, "Delete B");
        var other = await app.CreateUserAsync(Crm.Web.Infrastructure.Auth.Roles.Sales, "Delete A");
        var contactId = await app.AddContactAsync("Dora", "Deleting", owner);
        var activityId = await app.WithDbAsync(async db =>
        {
            var a = Activity.Log(ActivityKind.Note, "To be removed", DateTime.UtcNow, contactId, null, owner.Id);
            db.Activities.Add(a);
            await db.SaveChangesAsync();
            return a.Id;
        });
        var outsider = await app.SignInAsync(other);
        var token = FormPosting.AntiforgeryToken(await (await outsider.GetAsync("/Contacts/Create")).ReadHtmlAsync());
        var refused = await outsider.PostAsync($"/Activities/Delete/{activityId}", new FormUrlEncodedContent(Fields(("__RequestVerificationToken", token))));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        var client = await app.SignInAsync(owner);
        var page = await (await client.GetAsync($"/Contacts/Details/{contactId}")).ReadHtmlAsync();
        Assert.Contains($"action=\"/Activities/Delete/{activityId}\"", page, StringComparison.Ordinal);
        var response = await client.PostFormAsync($"/Activities/Delete/{activityId}", new() { ["returnUrl"] = $"/Contacts/Details/{contactId}" }, $"/Contacts/Details/{contactId}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/Contacts/Details/{contactId}#timeline", response.Headers.Location!.OriginalString);
        Assert.NotNull(await app.WithDbAsync(db => db.Activities.IgnoreQueryFilters().Where(a => a.Id == activityId).Select(a => a.DeletedAt).SingleAsync()));
        Assert.DoesNotContain("To be removed", await (await client.GetAsync($"/Contacts/Details/{contactId}")).ReadHtmlAsync(), StringComparison.Ordinal);
    }

    private static List<string> Subjects(string html) => TimelineSubject().Matches(html).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("<div class=\"crm-activity-text mt-1\">(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex ActivityTextBlock();

    [GeneratedRegex("</span>\\s*<strong>(Entry [^<]+)</strong>")]
    private static partial Regex TimelineSubject();

    [GeneratedRegex("<a class=\"btn btn-outline-secondary btn-sm\" href=\"(?<href>[^\"]+)\" data-fragment=\"(?<fragment>[^\"]+)\">Load more</a>")]
    private static partial Regex LoadMore();
}
