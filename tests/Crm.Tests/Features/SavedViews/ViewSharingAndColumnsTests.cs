using System.Net;
using AngleSharp.Html.Parser;
using Crm.Tests.Features.Shared;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.SavedViews;

/// <summary>Renaming, sharing with the team, opening by default, and the column chooser (docs/lists.md), with their access rules.</summary>
public sealed class ViewSharingAndColumnsTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private const string AllContacts = "/Contacts?view=all";

    private static async Task<int> SaveAsync(CrmAppFactory app, HttpClient client, string name, string query, string list = "contacts")
    {
        var response = await client.PostFormAsync("/SavedViews/Save", new() { ["List"] = list, ["Name"] = name, ["QueryString"] = query }, formPage: AllContacts);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await app.WithDbAsync(db => db.SavedViews.Where(v => v.Name == name && v.List == list).Select(v => v.Id).SingleAsync());
    }

    private static string[] Names(string html, string testId) =>
        new HtmlParser().ParseDocument(html).QuerySelectorAll($"[data-testid={testId}] li a.dropdown-item").Select(a => a.ChildNodes[0].TextContent.Trim()).ToArray();

    [Fact]
    public async Task The_owner_renames_a_view_and_the_open_view_is_named_and_marked_current()
    {
        var owner = await app.UserAsync("rena@views2.test", Roles.Sales, "Rennes");
        var client = await app.SignInAsAsync(owner);
        var id = await SaveAsync(app, client, "Prospects", "?status=Active");

        var rename = await client.PostFormAsync($"/SavedViews/Rename/{id}", new() { ["Name"] = "  Prospects actifs " }, formPage: AllContacts);

        Assert.Equal(HttpStatusCode.Redirect, rename.StatusCode);
        Assert.Equal($"/Contacts?status=Active&view={id}", rename.Headers.Location!.OriginalString);
        Assert.Equal("Prospects actifs", await app.WithDbAsync(db => db.SavedViews.Where(v => v.Id == id).Select(v => v.Name).SingleAsync()));
        var doc = new HtmlParser().ParseDocument(await client.GetHtmlAsync(rename.Headers.Location.OriginalString));
        Assert.Equal("· Prospects actifs", doc.QuerySelector("[data-testid=open-view-name]")!.TextContent.Trim());
        Assert.Equal($"/Contacts?status=Active&view={id}", doc.QuerySelector("[data-testid=my-views] a[aria-current=page]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Renaming_to_a_name_already_used_is_refused_and_an_empty_name_too()
    {
        var owner = await app.UserAsync("dup@views2.test", Roles.Sales, "Rennes");
        var client = await app.SignInAsAsync(owner);
        var first = await SaveAsync(app, client, "Un", "?status=Active");
        await SaveAsync(app, client, "Deux", "?status=Inactive");

        await client.PostFormAsync($"/SavedViews/Rename/{first}", new() { ["Name"] = "Deux" }, formPage: AllContacts);
        await client.PostFormAsync($"/SavedViews/Rename/{first}", new() { ["Name"] = " " }, formPage: AllContacts);

        Assert.Equal("Un", await app.WithDbAsync(db => db.SavedViews.Where(v => v.Id == first).Select(v => v.Name).SingleAsync()));
    }

    [Fact]
    public async Task A_view_shared_with_the_team_is_read_only_for_teammates_and_unseen_by_other_teams()
    {
        var owner = await app.UserAsync("owner@views2.test", Roles.Sales, "Nantes");
        var mate = await app.UserAsync("mate@views2.test", Roles.Sales, "Nantes");
        var stranger = await app.UserAsync("stranger@views2.test", Roles.Sales, "Brest");
        var ownerClient = await app.SignInAsAsync(owner);
        var id = await SaveAsync(app, ownerClient, "Clients de Nantes", "?status=Active&q=nantes");

        var share = await ownerClient.PostFormAsync($"/SavedViews/Share/{id}", new() { ["share"] = "true" }, formPage: AllContacts);
        Assert.Equal(HttpStatusCode.Redirect, share.StatusCode);
        Assert.Equal(owner.TeamId, await app.WithDbAsync(db => db.SavedViews.Where(v => v.Id == id).Select(v => v.SharedWithTeamId).SingleAsync()));

        var mateClient = await app.SignInAsAsync(mate);
        var mateHtml = await mateClient.GetHtmlAsync(AllContacts);
        Assert.Contains("Clients de Nantes", Names(mateHtml, "team-views"));
        Assert.Empty(Names(mateHtml, "my-views"));
        var strangerClient = await app.SignInAsAsync(stranger);
        Assert.DoesNotContain("Clients de Nantes", await strangerClient.GetHtmlAsync(AllContacts), StringComparison.Ordinal);

        // Hand-posted by a teammate or a stranger: every change of the owner's view is "not found".
        foreach (var client in new[] { mateClient, strangerClient })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"/SavedViews/Rename/{id}", new() { ["Name"] = "Volé" }, formPage: AllContacts)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"/SavedViews/Share/{id}", new() { ["share"] = "false" }, formPage: AllContacts)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"/SavedViews/Delete/{id}", [], formPage: AllContacts)).StatusCode);
        }

        // Its id in a stranger's address names nothing.
        var strangerPage = new HtmlParser().ParseDocument(await strangerClient.GetHtmlAsync($"/Contacts?status=Active&q=nantes&view={id}"));
        Assert.Null(strangerPage.QuerySelector("[data-testid=open-view-name]"));

        // A stranger cannot even open it by default.
        Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.PostFormAsync("/SavedViews/Default", new() { ["list"] = "contacts", ["id"] = id.ToString() }, formPage: AllContacts)).StatusCode);
        var view = await app.WithDbAsync(db => db.SavedViews.AsNoTracking().SingleAsync(v => v.Id == id));
        Assert.Equal(("Clients de Nantes", owner.TeamId), (view.Name, view.SharedWithTeamId));
        Assert.False(await app.WithDbAsync(db => db.ListPreferences.AnyAsync(p => p.UserId == stranger.Id && p.DefaultViewId != null)));

        // Unshared, the teammate no longer sees it.
        await ownerClient.PostFormAsync($"/SavedViews/Share/{id}", new() { ["share"] = "false" }, formPage: AllContacts);
        Assert.DoesNotContain("Clients de Nantes", await mateClient.GetHtmlAsync(AllContacts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_users_private_view_cannot_be_opened_by_default()
    {
        var owner = await app.UserAsync("private@views2.test", Roles.Sales, "Metz");
        var mate = await app.UserAsync("curious@views2.test", Roles.Sales, "Metz");
        var id = await SaveAsync(app, await app.SignInAsAsync(owner), "Privée", "?status=Inactive");

        var response = await (await app.SignInAsAsync(mate)).PostFormAsync("/SavedViews/Default", new() { ["list"] = "contacts", ["id"] = id.ToString() }, formPage: AllContacts);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_default_view_opens_with_the_bare_list_and_all_records_stay_one_click_away()
    {
        var user = await app.UserAsync("default@views2.test", Roles.Sales, "Caen");
        var client = await app.SignInAsAsync(user);
        var id = await SaveAsync(app, client, "Mes inactifs", "?status=Inactive");

        var set = await client.PostFormAsync("/SavedViews/Default", new() { ["list"] = "contacts", ["id"] = id.ToString() }, formPage: AllContacts);
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);

        var bare = await client.GetAsync("/Contacts");
        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.Equal($"/Contacts?status=Inactive&view={id}", bare.Headers.Location!.OriginalString);
        var all = await client.GetHtmlAsync(AllContacts);
        Assert.Equal(AllContacts, ListTestData.Href(all, "[data-testid=saved-views] .dropdown-menu a.dropdown-item"));
        // Companies keep their own default: none.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Companies")).StatusCode);

        var clear = await client.PostFormAsync("/SavedViews/Default", new() { ["list"] = "contacts" }, formPage: AllContacts);
        Assert.Equal(HttpStatusCode.Redirect, clear.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Contacts")).StatusCode);
    }

    [Fact]
    public async Task Deleting_the_default_view_sends_the_list_back_to_all_records()
    {
        var user = await app.UserAsync("gone@views2.test", Roles.Sales, "Caen");
        var client = await app.SignInAsAsync(user);
        var id = await SaveAsync(app, client, "Éphémère", "?status=Active");
        await client.PostFormAsync("/SavedViews/Default", new() { ["list"] = "contacts", ["id"] = id.ToString() }, formPage: AllContacts);

        await client.PostFormAsync($"/SavedViews/Delete/{id}", [], formPage: AllContacts);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Contacts")).StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.ListPreferences.Where(p => p.UserId == user.Id).Select(p => p.DefaultViewId).SingleAsync()));
    }

    private static Dictionary<string, string> Columns(string list, params (string Key, bool Shown, int Position)[] columns)
    {
        var form = new Dictionary<string, string> { ["List"] = list, ["QueryString"] = "?status=Active" };
        for (var i = 0; i < columns.Length; i++)
        {
            form[$"Columns[{i}].Key"] = columns[i].Key;
            form[$"Columns[{i}].Position"] = columns[i].Position.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (columns[i].Shown)
            {
                form[$"Columns[{i}].Shown"] = "true";
            }
        }

        return form;
    }

    private static string[] Headers(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelectorAll("table.crm-list thead th[data-column]").Select(th => th.GetAttribute("data-column")!).ToArray();

    [Fact]
    public async Task The_chosen_columns_are_kept_per_user_and_kind_and_drawn_in_their_order()
    {
        var user = await app.UserAsync("columns@views2.test", Roles.Marketing, null);
        var client = await app.SignInAsAsync(user);
        await app.WithDbAsync(async db =>
        {
            db.Contacts.Add(new Crm.Web.Features.Contacts.Contact { FirstName = "Cora", LastName = "Colonne", Consent = Crm.Web.Features.Contacts.ConsentState.Granted, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });

        var response = await client.PostFormAsync("/SavedViews/Columns",
            Columns("contacts", ("email", true, 2), ("phone", false, 3), ("consent", true, 1), ("owner", true, 4)), formPage: AllContacts);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Contacts?status=Active", response.Headers.Location!.OriginalString);
        Assert.Equal("consent,email,owner", await app.WithDbAsync(db => db.ListPreferences.Where(p => p.UserId == user.Id && p.List == "contacts").Select(p => p.Columns).SingleAsync()));
        var html = await client.GetHtmlAsync("/Contacts?q=cora");
        Assert.Equal(new[] { "consent", "email", "owner" }, Headers(html));
        Assert.Contains(">Granted</span>", html, StringComparison.Ordinal);
        // Another user keeps the defaults.
        var admin = await app.SignInAsync();
        Assert.Equal(new[] { "email", "phone", "company", "status", "owner", "tags", "activity", "created" }, Headers(await admin.GetHtmlAsync("/Contacts?q=cora")));

        // "Default columns" forgets the choice.
        await client.PostFormAsync("/SavedViews/Columns", new() { ["List"] = "contacts", ["Reset"] = "true" }, formPage: AllContacts);
        Assert.Equal(new[] { "email", "phone", "company", "status", "owner", "tags", "activity", "created" }, Headers(await client.GetHtmlAsync("/Contacts?q=cora")));
    }

    [Fact]
    public async Task A_hand_posted_unknown_column_is_refused_and_nothing_is_kept()
    {
        var user = await app.UserAsync("hacker@views2.test", Roles.Sales, "Caen");
        var client = await app.SignInAsAsync(user);

        var unknown = await client.PostFormAsync("/SavedViews/Columns", Columns("contacts", ("email", true, 1), ("PasswordHash", true, 2)), formPage: AllContacts);
        var otherKinds = await client.PostFormAsync("/SavedViews/Columns", Columns("companies", ("email", true, 1)), formPage: AllContacts);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherKinds.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.ListPreferences.AnyAsync(p => p.UserId == user.Id && p.Columns != null)));
    }

    [Fact]
    public async Task A_saved_view_keeps_its_columns_and_an_unknown_column_in_the_address_is_ignored()
    {
        var user = await app.UserAsync("viewcols@views2.test", Roles.Marketing, null);
        var client = await app.SignInAsAsync(user);
        await app.WithDbAsync(async db =>
        {
            db.Contacts.Add(new Crm.Web.Features.Contacts.Contact { FirstName = "Vera", LastName = "Vue", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        var id = await SaveAsync(app, client, "Consentements", "?q=vera&cols=consent,stage");

        Assert.Equal(new[] { "consent", "stage" }, Headers(await client.GetHtmlAsync($"/Contacts?q=vera&cols=consent,stage&view={id}")));
        Assert.Equal(new[] { "email", "phone", "company", "status", "owner", "tags", "activity", "created" }, Headers(await client.GetHtmlAsync("/Contacts?q=vera&cols=consent,secret")));
    }
}
