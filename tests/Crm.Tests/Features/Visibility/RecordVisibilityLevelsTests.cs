using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Visibility;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Visibility;

/// <summary>/Admin/Visibility: a kind's level changes what every list, page, search, export and bulk action reaches.</summary>
public sealed class RecordVisibilityLevelsTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    internal static async Task SetLevelAsync(HttpClient admin, string kind, VisibilityLevel level)
    {
        var saved = await admin.PostFormAsync("/Admin/Visibility", new() { [$"Levels[{kind}]"] = level.ToString() });
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, $"Saving {kind} at {level} answered {(int)saved.StatusCode}: {await saved.Content.ReadAsStringAsync()}");
    }

    private static async Task<List<int>> ExportedIdsAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        return body.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .Select(r => Convert.ToInt32(r["Id"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    [Fact]
    public async Task Private_contacts_leave_a_teammates_list_pages_search_dashboard_export_and_bulk_actions_and_come_back_at_the_team_level()
    {
        var admin = await app.SignInAsync();
        var owner = await app.CreateUserAsync(Roles.Sales, "Private team");
        var mate = await app.SignInAsync(await app.CreateUserAsync(Roles.Sales, "Private team"));
        var ownerClient = await app.SignInAsync(owner);
        var marker = "p" + Guid.NewGuid().ToString("N")[..8];
        var contact = await app.AddContactAsync("Privy", marker, owner);
        var company = await app.AddCompanyAsync("Firm " + marker, owner);
        var details = $"/Contacts/Details/{contact}\"";

        Assert.Contains(details, await mate.GetStringAsync($"/Contacts?q={marker}"), StringComparison.Ordinal);
        Assert.Contains(contact, await ExportedIdsAsync(mate, $"/Contacts/Export?q={marker}"));
        // The mate's call on the contact shows on their dashboard while they may see the contact.
        var token = FormPosting.AntiforgeryToken(await mate.GetStringAsync("/Search"));
        var logged = await mate.PostAsync($"/Contacts/LogActivity/{contact}", new FormUrlEncodedContent(Fields(("__RequestVerificationToken", token), ("Subject", "Call " + marker), ("Kind", "Call"))));
        Assert.Equal(HttpStatusCode.Redirect, logged.StatusCode);
        Assert.Contains(details, await mate.GetStringAsync("/"), StringComparison.Ordinal);

        try
        {
            await SetLevelAsync(admin, "contacts", VisibilityLevel.Private);

            Assert.DoesNotContain(details, await mate.GetStringAsync($"/Contacts?q={marker}"), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await mate.GetAsync($"/Contacts/Details/{contact}")).StatusCode);
            Assert.DoesNotContain(details, await mate.GetStringAsync($"/Search?q={marker}"), StringComparison.Ordinal);
            Assert.DoesNotContain(details, await mate.GetStringAsync($"/Search/Suggest?q={marker}"), StringComparison.Ordinal);
            Assert.DoesNotContain(details, await mate.GetStringAsync("/"), StringComparison.Ordinal);
            Assert.DoesNotContain(contact, await ExportedIdsAsync(mate, $"/Contacts/Export?q={marker}"));
            var tagged = await mate.PostMultipleAsync("/Contacts/Bulk", Fields(("Ids", $"{contact}"), ("Action", "tag"), ("TagName", "private-" + marker)), "/Contacts");
            Assert.Equal(HttpStatusCode.Redirect, tagged.StatusCode);
            Assert.False(await app.WithDbAsync(db => db.ContactTags.AnyAsync(t => t.ContactId == contact)));

            // The owner keeps it; the other kinds keep their own level.
            Assert.Equal(HttpStatusCode.OK, (await ownerClient.GetAsync($"/Contacts/Details/{contact}")).StatusCode);
            Assert.Contains(contact, await ExportedIdsAsync(ownerClient, $"/Contacts/Export?q={marker}"));
            Assert.Equal(HttpStatusCode.OK, (await mate.GetAsync($"/Companies/Details/{company}")).StatusCode);

            var events = await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.Kind == SecurityEventKind.VisibilityChanged).OrderBy(e => e.Id).Select(e => e.Detail).ToListAsync());
            Assert.Equal("contacts: Team → Private", events[^1]);
        }
        finally
        {
            await SetLevelAsync(admin, "contacts", VisibilityLevel.Team);
        }

        Assert.Equal(HttpStatusCode.OK, (await mate.GetAsync($"/Contacts/Details/{contact}")).StatusCode);
        Assert.Contains(details, await mate.GetStringAsync($"/Search?q={marker}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Everyone_reads_opens_another_teams_companies_to_read_only_and_everyone_edits_to_changes_but_not_deletion()
    {
        var admin = await app.SignInAsync();
        var owner = await app.CreateUserAsync(Roles.Sales, "Open team B");
        var other = await app.SignInAsync(await app.CreateUserAsync(Roles.Sales, "Open team A"));
        var marker = "o" + Guid.NewGuid().ToString("N")[..8];
        var company = await app.AddCompanyAsync("Open " + marker, owner);
        var details = $"/Companies/Details/{company}\"";
        var token = FormPosting.AntiforgeryToken(await other.GetStringAsync("/Companies/Create"));

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Companies/Details/{company}")).StatusCode);
        try
        {
            await SetLevelAsync(admin, "companies", VisibilityLevel.EveryoneReads);
            Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/Companies/Details/{company}")).StatusCode);
            Assert.Contains(details, await other.GetStringAsync($"/Companies?q={marker}"), StringComparison.Ordinal);
            Assert.Contains(details, await other.GetStringAsync($"/Search?q={marker}"), StringComparison.Ordinal);
            Assert.Contains(company, await ExportedIdsAsync(other, $"/Companies/Export?q={marker}"));
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/Companies/Edit/{company}")).StatusCode);

            await SetLevelAsync(admin, "companies", VisibilityLevel.EveryoneEdits);
            Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/Companies/Edit/{company}")).StatusCode);
            // Deleting stays within the owner's team.
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync($"/Companies/Delete/{company}", new FormUrlEncodedContent(Fields(("__RequestVerificationToken", token))))).StatusCode);
            var version = await app.WithDbAsync(db => db.Companies.Where(c => c.Id == company).Select(c => c.Version).SingleAsync());
            var renamed = await other.PostAsync($"/Companies/Edit/{company}", new FormUrlEncodedContent(Fields(("Name", "Renamed " + marker), ("OwnerId", owner.Id), ("Version", $"{version}"), ("__RequestVerificationToken", token))));
            Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
            Assert.Equal("Renamed " + marker, await app.WithDbAsync(db => db.Companies.Where(c => c.Id == company).Select(c => c.Name).SingleAsync()));
        }
        finally
        {
            await SetLevelAsync(admin, "companies", VisibilityLevel.Team);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Companies/Details/{company}")).StatusCode);
    }

    [Fact]
    public async Task The_page_lists_every_registered_kind_at_its_level_with_what_each_role_may_do()
    {
        var admin = await app.SignInAsync();
        var html = await admin.GetStringAsync("/Admin/Visibility");

        foreach (var kind in app.Services.GetRequiredService<RecordKinds>().All)
        {
            Assert.Contains($"data-testid=\"visibility-{kind.Key}\"", html, StringComparison.Ordinal);
            Assert.Contains($"name=\"Levels[{kind.Key}]\"", html, StringComparison.Ordinal);
        }

        Assert.Matches("data-testid=\"reach-contacts-Sales\">\\s*<th scope=\"row\">Sales</th>\\s*<td>Their team&#x27;s</td>", html);
        Assert.Matches("data-testid=\"reach-contacts-Manager\">\\s*<th scope=\"row\">Manager</th>\\s*<td>Those of the teams they belong to or manage</td>", html);
        Assert.Matches("data-testid=\"reach-contacts-Admin\">\\s*<th scope=\"row\">Admin</th>\\s*<td>Every record</td>", html);
        Assert.Matches("data-testid=\"reach-tickets-Marketing\">\\s*<th scope=\"row\">Marketing</th>\\s*<td>None</td>\\s*<td>None</td>", html);
        Assert.Contains("href=\"/Admin/Visibility\"", await admin.GetStringAsync("/Admin"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_kinds_and_levels_are_refused_all_at_once_and_nothing_is_saved()
    {
        var admin = await app.SignInAsync();
        var response = await admin.PostFormAsync("/Admin/Visibility", new()
        {
            ["Levels[companies]"] = "Private", ["Levels[contacts]"] = "Everyone", ["Levels[unicorns]"] = "Private",
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("There are 2 problems:", html, StringComparison.Ordinal);
        Assert.Contains("There is no kind of record &quot;unicorns&quot;.", html, StringComparison.Ordinal);
        Assert.Contains("Choose one of the levels offered.", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#Levels_contacts_\"", html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<KindVisibility>().AnyAsync(v => v.Kind == "companies" && v.Level == VisibilityLevel.Private)));
    }

    [Fact]
    public async Task Only_admins_open_or_change_the_visibility_and_only_with_the_forms_token()
    {
        foreach (var role in new[] { Roles.Manager, Roles.Sales })
        {
            var user = await app.SignInAsync(await app.CreateUserAsync(role));
            Assert.StartsWith("/Account/AccessDenied", (await user.GetAsync("/Admin/Visibility")).LocationPath(), StringComparison.Ordinal);
            var refused = await user.PostMultipleAsync("/Admin/Visibility", Fields(("Levels[contacts]", "EveryoneEdits")), "/Contacts");
            Assert.StartsWith("/Account/AccessDenied", refused.LocationPath(), StringComparison.Ordinal);
        }

        var admin = await app.SignInAsync();
        var tokenless = await admin.PostAsync("/Admin/Visibility", new FormUrlEncodedContent(Fields(("Levels[contacts]", "EveryoneEdits"))));
        Assert.Equal(HttpStatusCode.BadRequest, tokenless.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Set<KindVisibility>().AnyAsync(v => v.Kind == "contacts" && v.Level == VisibilityLevel.EveryoneEdits)));
    }

    [Fact]
    public async Task Background_jobs_act_for_their_user_at_the_level_an_admin_chose()
    {
        var admin = await app.SignInAsync();
        var contacts = app.Services.GetRequiredService<RecordKinds>().Find("contacts")!;
        async Task<AccessScope> ReadScopeAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            var user = await scope.ServiceProvider.GetRequiredService<CurrentVisibility>().UserAsync("job-user", 1, [Roles.Sales], CancellationToken.None);
            return user.Access(contacts).ReadScope(user);
        }

        Assert.Equal(AccessScope.Team, await ReadScopeAsync());
        try
        {
            await SetLevelAsync(admin, "contacts", VisibilityLevel.Private);
            Assert.Equal(AccessScope.Own, await ReadScopeAsync());
            await SetLevelAsync(admin, "contacts", VisibilityLevel.EveryoneReads);
            Assert.Equal(AccessScope.All, await ReadScopeAsync());
        }
        finally
        {
            await SetLevelAsync(admin, "contacts", VisibilityLevel.Team);
        }

        Assert.Equal(AccessScope.Team, await ReadScopeAsync());
    }

    [Fact]
    public async Task A_manager_sees_the_teams_they_belong_to_or_manage_at_the_private_and_team_levels_and_every_record_when_everyone_reads()
    {
        var admin = await app.SignInAsync();
        var managerUser = await app.CreateUserAsync(Roles.Manager, "Managed team A");
        var manager = await app.SignInAsync(managerUser);
        var mate = await app.CreateUserAsync(Roles.Sales, "Managed team A");
        var stranger = await app.CreateUserAsync(Roles.Sales, "Managed team B");
        var marker = "m" + Guid.NewGuid().ToString("N")[..8];
        var ours = await app.AddCompanyAsync("Ours " + marker, mate);
        var theirs = await app.AddCompanyAsync("Theirs " + marker, stranger);
        var theirsDetails = $"/Companies/Details/{theirs}\"";

        // The team level (the default): their team's records, not another team's.
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/Companies/Details/{ours}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/Companies/Details/{theirs}")).StatusCode);
        Assert.DoesNotContain(theirsDetails, await manager.GetStringAsync($"/Companies?q={marker}"), StringComparison.Ordinal);
        Assert.DoesNotContain(theirs, await ExportedIdsAsync(manager, $"/Companies/Export?q={marker}"));

        try
        {
            await SetLevelAsync(admin, "companies", VisibilityLevel.Private);
            Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/Companies/Edit/{ours}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/Companies/Details/{theirs}")).StatusCode);

            await SetLevelAsync(admin, "companies", VisibilityLevel.EveryoneReads);
            Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/Companies/Details/{theirs}")).StatusCode);
            // Managers edit everything they read, as before.
            Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/Companies/Edit/{theirs}")).StatusCode);
            Assert.Contains(theirs, await ExportedIdsAsync(manager, $"/Companies/Export?q={marker}"));
        }
        finally
        {
            await SetLevelAsync(admin, "companies", VisibilityLevel.Team);
        }

        // Made the manager of team B in /Admin/Teams, they reach its records at once, at the team and private levels.
        var teamB = await app.WithDbAsync(db => db.Teams.Where(t => t.Name == "Managed team B").Select(t => t.Id).SingleAsync());
        var named = await admin.PostFormAsync($"/Admin/Teams/{teamB}", new() { ["Name"] = "Managed team B", ["ManagerId"] = managerUser.Id }, $"/Admin/Teams/{teamB}");
        Assert.Equal(HttpStatusCode.Redirect, named.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/Companies/Details/{theirs}")).StatusCode);
        Assert.Contains(theirsDetails, await manager.GetStringAsync($"/Companies?q={marker}"), StringComparison.Ordinal);
        try
        {
            await SetLevelAsync(admin, "companies", VisibilityLevel.Private);
            Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/Companies/Details/{theirs}")).StatusCode);
        }
        finally
        {
            await SetLevelAsync(admin, "companies", VisibilityLevel.Team);
        }

        // No longer its manager: team B's records leave them again.
        var cleared = await admin.PostFormAsync($"/Admin/Teams/{teamB}", new() { ["Name"] = "Managed team B", ["ManagerId"] = string.Empty }, $"/Admin/Teams/{teamB}");
        Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/Companies/Details/{theirs}")).StatusCode);
    }
}
