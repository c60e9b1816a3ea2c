using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Activities;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Activities;

/// <summary>
/// The timeline and activity logging, proven once for every registered kind (each kind's records are made by the
/// visibility walk's <see cref="RecordVisibilityWalkTests.MakeRecord"/>, which fails for a kind registered without one).
/// </summary>
public sealed partial class RecordTimelineTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    public static TheoryData<string> Kinds() => new(RecordVisibilityWalkTests.MakeRecord.Keys);

    private RecordKind KindOf(string key) => app.Services.GetRequiredService<RecordKinds>().Find(key)!;

    private static CrmUser AsCrmUser(TestUser user, string role) => new(user.Id, user.TeamId, new HashSet<string> { role });

    [Fact]
    public void Every_registered_kind_is_one_of_the_theories_cases()
    {
        var registered = app.Services.GetRequiredService<RecordKinds>().All.Select(k => k.Key);
        Assert.Empty(registered.Except(RecordVisibilityWalkTests.MakeRecord.Keys));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task An_entry_logged_on_a_record_of_any_kind_comes_first_on_its_timeline_and_belongs_to_the_record(string key)
    {
        var kind = KindOf(key);
        var owner = await app.CreateUserAsync(TeamEditorRole(kind), "Timeline kinds " + key);
        var id = await RecordVisibilityWalkTests.MakeRecord[key](app, owner, Guid.NewGuid().ToString("N")[..8]);
        var client = await app.SignInAsync(owner);

        var older = await client.PostFormAsync($"{kind.Route}/LogActivity/{id}", new() { ["Kind"] = "Note", ["Subject"] = "Entry older", ["OccurredAt"] = "2026-01-05T09:00" }, kind.DetailsPath(id));
        var newest = await client.PostFormAsync($"{kind.Route}/LogActivity/{id}", new() { ["Kind"] = "Call", ["Subject"] = "Entry newest" }, kind.DetailsPath(id));

        Assert.Equal(kind.DetailsPath(id) + "#timeline", older.Headers.Location?.OriginalString);
        Assert.Equal(kind.DetailsPath(id) + "#timeline", newest.Headers.Location?.OriginalString);
        Assert.Equal(["Entry newest", "Entry older"], Subjects(await (await client.GetAsync($"{kind.Route}/Timeline/{id}")).ReadHtmlAsync()));
        var user = AsCrmUser(owner, TeamEditorRole(kind));
        var logged = await app.WithDbAsync(db => db.Activities.AsNoTracking()
            .Where(Activity.LoggedOnAny([(key, kind.VisibleIds(db, user).Where(r => r == id))]))
            .ToListAsync());
        Assert.Equal(2, logged.Count);
        Assert.All(logged, a => Assert.Equal(new AttachedRecord(key, id), a.LoggedOn));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_timeline_of_any_kind_pages_newest_first_without_gaps_or_repeats(string key)
    {
        var kind = KindOf(key);
        var owner = await app.CreateUserAsync(TeamEditorRole(kind), "Timeline paging " + key);
        var id = await RecordVisibilityWalkTests.MakeRecord[key](app, owner, Guid.NewGuid().ToString("N")[..8]);
        var client = await app.SignInAsync(owner);
        var token = FormPosting.AntiforgeryToken(await (await client.GetAsync(kind.DetailsPath(id))).ReadHtmlAsync());
        for (var i = 1; i <= 23; i++)
        {
            await client.PostAsync($"{kind.Route}/LogActivity/{id}", new FormUrlEncodedContent(Fields(
                ("__RequestVerificationToken", token), ("Kind", "Note"), ("Subject", $"Entry {i:00}"), ("OccurredAt", $"2026-02-{i:00}T09:00"))));
        }

        // Logged at the same minute as Entry 03: the id breaks the tie, so neither is lost between pages.
        await client.PostAsync($"{kind.Route}/LogActivity/{id}", new FormUrlEncodedContent(Fields(
            ("__RequestVerificationToken", token), ("Kind", "Note"), ("Subject", "Entry 03b"), ("OccurredAt", "2026-02-03T09:00"))));

        var read = new List<string>();
        var url = $"{kind.Route}/Timeline/{id}";
        for (var pages = 0; url is not null; pages++)
        {
            Assert.True(pages < 5, "the timeline keeps offering more");
            var fragment = await (await client.GetAsync(url)).ReadHtmlAsync();
            read.AddRange(Subjects(fragment));
            var more = MoreFragment().Match(fragment);
            url = more.Success ? WebUtility.HtmlDecode(more.Groups[1].Value) : null;
        }

        List<string> expected = [.. Enumerable.Range(4, 20).Reverse().Select(i => $"Entry {i:00}"), "Entry 03b", "Entry 03", "Entry 02", "Entry 01"];
        Assert.Equal(expected, read);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Logging_on_a_record_of_any_kind_answers_403_to_a_reader_and_404_to_a_user_who_may_not_see_it(string key)
    {
        var kind = KindOf(key);
        var owner = await app.CreateUserAsync(TeamEditorRole(kind), "Timeline owners " + key);
        var id = await RecordVisibilityWalkTests.MakeRecord[key](app, owner, Guid.NewGuid().ToString("N")[..8]);
        // A role that reads records but may neither edit nor log on them (support may log on customer records: its notes
        // after a call; sales read tickets), in the owner's team so that it sees the record whatever its scope.
        var readerRole = Roles.All.First(r => kind.Access.Read.GetValueOrDefault(r) != AccessScope.None && kind.Access.Edit.GetValueOrDefault(r) == AccessScope.None
            && kind.Access.Log.GetValueOrDefault(r) == AccessScope.None);
        var reader = await app.SignInAsync(await app.CreateUserAsync(readerRole, "Timeline owners " + key));
        var outsider = await app.SignInAsync(await app.CreateUserAsync(TeamEditorRole(kind), "Timeline outsiders " + key));
        var token = FormPosting.AntiforgeryToken(await (await reader.GetAsync("/Search")).ReadHtmlAsync());
        var outsiderToken = FormPosting.AntiforgeryToken(await (await outsider.GetAsync("/Search")).ReadHtmlAsync());

        var refused = await reader.PostAsync($"{kind.Route}/LogActivity/{id}", new FormUrlEncodedContent(Fields(("__RequestVerificationToken", token), ("Kind", "Note"), ("Subject", "Reader's note"))));
        var unseen = await outsider.PostAsync($"{kind.Route}/LogActivity/{id}", new FormUrlEncodedContent(Fields(("__RequestVerificationToken", outsiderToken), ("Kind", "Note"), ("Subject", "Outsider's note"))));
        var invalidUnseen = await outsider.PostAsync($"{kind.Route}/LogActivity/{id}", new FormUrlEncodedContent(Fields(("__RequestVerificationToken", outsiderToken), ("Kind", "Note"), ("Subject", ""))));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unseen.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, invalidUnseen.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"{kind.Route}/Timeline/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"{kind.Route}/Timeline/{id}")).StatusCode);
        var admin = new CrmUser("admin", null, new HashSet<string> { Roles.Admin });
        Assert.False(await app.WithDbAsync(db => db.Activities.Where(Activity.LoggedOnAny([(key, kind.VisibleIds(db, admin).Where(r => r == id))])).AnyAsync()));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task An_entry_on_a_record_of_any_kind_is_seen_deleted_and_restored_only_by_users_who_see_the_record(string key)
    {
        var kind = KindOf(key);
        var owner = await app.CreateUserAsync(TeamEditorRole(kind), "Timeline team " + key);
        var teammate = await app.SignInAsync(await app.CreateUserAsync(TeamEditorRole(kind), "Timeline team " + key));
        var outsider = await app.SignInAsync(await app.CreateUserAsync(TeamEditorRole(kind), "Timeline strangers " + key));
        var id = await RecordVisibilityWalkTests.MakeRecord[key](app, owner, Guid.NewGuid().ToString("N")[..8]);
        var client = await app.SignInAsync(owner);
        var subject = "Entry seen " + Guid.NewGuid().ToString("N")[..8];
        await client.PostFormAsync($"{kind.Route}/LogActivity/{id}", new() { ["Kind"] = "Meeting", ["Subject"] = subject }, kind.DetailsPath(id));
        var activityId = await app.WithDbAsync(db => db.Activities.Where(a => a.Subject == subject).Select(a => a.Id).SingleAsync());

        Assert.Contains(subject, await (await teammate.GetAsync($"{kind.Route}/Timeline/{id}")).ReadHtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"{kind.Route}/Timeline/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostFormAsync($"/Activities/Delete/{activityId}", [], "/Search")).StatusCode);

        var deleted = await client.PostFormAsync($"/Activities/Delete/{activityId}", [], kind.DetailsPath(id));
        Assert.Equal(kind.DetailsPath(id) + "#timeline", deleted.Headers.Location?.OriginalString);
        Assert.DoesNotContain(subject, await (await client.GetAsync($"{kind.Route}/Timeline/{id}")).ReadHtmlAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(subject, await (await outsider.GetAsync("/RecycleBin/Activities")).ReadHtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostFormAsync("/RecycleBin/RestoreActivity", new() { ["ids"] = $"{activityId}" }, "/RecycleBin/Activities")).StatusCode);
        var bin = WebUtility.HtmlDecode(await (await client.GetAsync("/RecycleBin/Activities")).ReadHtmlAsync());
        Assert.Contains(subject, bin, StringComparison.Ordinal);
        Assert.Contains($"href=\"{kind.DetailsPath(id)}\"", bin, StringComparison.Ordinal);

        var restored = await client.PostFormAsync("/RecycleBin/RestoreActivity", new() { ["ids"] = $"{activityId}" }, "/RecycleBin/Activities");
        Assert.Equal(kind.DetailsPath(id) + "#timeline", restored.Headers.Location?.OriginalString);
        Assert.Contains(subject, await (await teammate.GetAsync($"{kind.Route}/Timeline/{id}")).ReadHtmlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_entry_of_a_record_in_the_recycle_bin_comes_back_only_with_its_record()
    {
        var owner = await app.CreateUserAsync(Roles.Sales, "Timeline binned records");
        var contactId = await app.AddContactAsync("Bina", "Binned", owner);
        var activityId = await app.WithDbAsync(async db =>
        {
            var entry = Activity.Log(ActivityKind.Note, "Note of a binned contact", DateTime.UtcNow, contactId, null, owner.Id);
            entry.DeletedAt = DateTime.UtcNow;
            db.Activities.Add(entry);
            await db.SaveChangesAsync();
            var contact = await db.Contacts.SingleAsync(c => c.Id == contactId);
            contact.DeletedAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
            return entry.Id;
        });
        var client = await app.SignInAsync(owner);

        Assert.DoesNotContain("Note of a binned contact", await (await client.GetAsync("/RecycleBin/Activities")).ReadHtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync("/RecycleBin/RestoreActivity", new() { ["ids"] = $"{activityId}" }, "/RecycleBin/Activities")).StatusCode);

        await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().Where(c => c.Id == contactId).ExecuteUpdateAsync(s => s.SetProperty(c => c.DeletedAt, (DateTime?)null)));
        Assert.Contains("Note of a binned contact", await (await client.GetAsync("/RecycleBin/Activities")).ReadHtmlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entry_regarding_a_record_of_another_kind_shows_on_the_timelines_of_the_contact_and_company_it_names()
    {
        var companyId = await app.AddCompanyAsync("Regarding Co " + Guid.NewGuid().ToString("N")[..4]);
        var contactId = await app.AddContactAsync("Rita", "Regarding", companyId: companyId);
        await app.WithDbAsync(async db =>
        {
            // As a deal's call will be logged: regarding the deal, naming its contact and company.
            db.Activities.Add(Activity.Log(ActivityKind.Call, "Call about the deal", DateTime.UtcNow, null, a =>
            {
                a.RecordKind = "deals";
                a.RecordId = 424242;
                a.ContactId = contactId;
                a.CompanyId = companyId;
            }));
            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync();

        Assert.Contains("Call about the deal", await (await client.GetAsync($"/Contacts/Timeline/{contactId}")).ReadHtmlAsync(), StringComparison.Ordinal);
        Assert.Contains("Call about the deal", await (await client.GetAsync($"/Companies/Timeline/{companyId}")).ReadHtmlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_timeline_part_attaches_entries_as_regarding_the_record_and_reads_them_on_the_regarding_index()
    {
        const string key = "tests-regarding";
        var part = RecordTimeline.Regarding<Contact>(key, contact: c => c.Id, company: c => c.CompanyId);
        var companyId = await app.AddCompanyAsync("Default part Co " + Guid.NewGuid().ToString("N")[..4]);
        var recordId = await app.AddContactAsync("Dana", "Default", companyId: companyId);
        var admin = new CrmUser("admin", null, new HashSet<string> { Roles.Admin });
        await app.WithDbAsync(async db =>
        {
            var record = await db.Contacts.SingleAsync(c => c.Id == recordId);
            var start = new DateTime(2026, 4, 1, 9, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < 3; i++)
            {
                var entry = Activity.Log(ActivityKind.Note, $"Regarding {i}", start.AddDays(i), null, a => part.Attach(a, record));
                Assert.Equal((key, recordId, recordId, companyId), (entry.RecordKind, entry.RecordId, entry.ContactId, entry.CompanyId));
                Assert.Equal(new AttachedRecord(key, recordId), entry.LoggedOn);
                db.Activities.Add(entry);
            }

            db.Activities.Add(Activity.Log(ActivityKind.Note, "Regarding another", start, null, a =>
            {
                a.RecordKind = key;
                a.RecordId = recordId + 1;
            }));
            await db.SaveChangesAsync();

            var source = Assert.Single(part.Sources(db, recordId, admin));
            Assert.Equal(["Regarding 2", "Regarding 1", "Regarding 0"], await source.OrderByDescending(a => a.OccurredAt).Select(a => a.Subject).ToListAsync());
            Assert.Equal(3, await db.Activities.Where(Activity.LoggedOnAny([(key, db.Contacts.Where(c => c.Id == recordId).Select(c => c.Id))])).CountAsync());
            var plan = await PlanAsync(db, Newest(source));
            Assert.Contains(plan, step => step.Contains("IX_Activities_RecordKind_RecordId_OccurredAt_Id", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task The_contact_and_company_timelines_and_the_dashboard_read_on_their_indexes()
    {
        var admin = new CrmUser("admin", null, new HashSet<string> { Roles.Admin });
        await app.WithDbAsync(async db =>
        {
            var contactPlan = await PlanAsync(db, Newest(Assert.Single(Contact.Kind.Timeline.Sources(db, 1, admin))));
            Assert.Contains(contactPlan, step => step.Contains("IX_Activities_ContactId_OccurredAt_Id", StringComparison.Ordinal));
            Assert.DoesNotContain(contactPlan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));

            var company = Crm.Web.Features.Companies.Company.Kind.Timeline.Sources(db, 1, admin);
            Assert.Equal(2, company.Count);
            Assert.Contains(await PlanAsync(db, Newest(company[0])), step => step.Contains("IX_Activities_CompanyId_OccurredAt_Id", StringComparison.Ordinal));
            Assert.Contains(await PlanAsync(db, Newest(company[1])), step => step.Contains("IX_Activities_ContactId_OccurredAt_Id", StringComparison.Ordinal));

            var kinds = app.Services.GetRequiredService<RecordKinds>();
            var sales = new CrmUser("someone", 1, new HashSet<string> { Roles.Sales });
            var mine = db.Activities.Where(a => a.CreatedById == sales.Id).SeenBy(sales, db, kinds);
            var dashboardPlan = await PlanAsync(db, Newest(mine));
            Assert.Contains(dashboardPlan, step => step.Contains("IX_Activities_CreatedById_OccurredAt_Id", StringComparison.Ordinal));
            Assert.DoesNotContain(dashboardPlan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        });
    }

    private static IQueryable<int> Newest(IQueryable<Activity> activities) =>
        activities.OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id).Select(a => a.Id).Take(ActivityTimeline.PageSize + 1);

    private static async Task<List<string>> PlanAsync(CrmDbContext db, IQueryable<int> query)
    {
        await using var command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        await db.Database.OpenConnectionAsync();
        try
        {
            var lines = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(3));
            }

            return lines;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static List<string> Subjects(string html) => TimelineSubject().Matches(html).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("</span>\\s*<strong>(Entry [^<]+)</strong>")]
    private static partial Regex TimelineSubject();

    [GeneratedRegex("data-fragment=\"([^\"]+)\"")]
    private static partial Regex MoreFragment();
}
