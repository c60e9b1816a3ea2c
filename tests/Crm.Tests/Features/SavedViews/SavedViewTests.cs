using System.Net;
using Crm.Tests.Features.Shared;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.SavedViews;

public sealed class SavedViewTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static Task<HttpResponseMessage> SaveAsync(HttpClient client, string list, string name, string query) =>
        client.PostFormAsync("/SavedViews/Save", new() { ["List"] = list, ["Name"] = name, ["QueryString"] = query }, formPage: list == "contacts" ? "/Contacts" : "/Companies");

    [Fact]
    public async Task Saving_a_view_keeps_the_filters_but_not_the_position_and_lists_it_on_the_page()
    {
        var admin = await app.SignInAsync();

        var response = await SaveAsync(admin, "contacts", "Inactifs à Lyon", "?status=Inactive&q=lyon&after=abc&page=3");

        var id = await app.WithDbAsync(db => db.SavedViews.Where(v => v.Name == "Inactifs à Lyon").Select(v => v.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/Contacts?status=Inactive&q=lyon&view={id}", response.Headers.Location!.OriginalString);
        var html = WebUtility.HtmlDecode(await admin.GetHtmlAsync("/Contacts"));
        Assert.Contains("View “Inactifs à Lyon” saved.", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Contacts?status=Inactive&q=lyon&view={id}\">Inactifs à Lyon</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_view_whose_filters_outgrow_the_stored_query_string_is_refused_with_a_message()
    {
        var admin = await app.SignInAsync();

        // 1,500 "é" pass the form's 2,000 characters but take 9,000 once re-encoded (%C3%A9).
        var response = await SaveAsync(admin, "contacts", "Too long", "?q=" + new string('é', 1500));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Contacts", response.Headers.Location!.OriginalString);
        Assert.False(await app.WithDbAsync(db => db.SavedViews.AnyAsync(v => v.Name == "Too long")));
        var html = WebUtility.HtmlDecode(await admin.GetHtmlAsync("/Contacts"));
        Assert.Contains("This view has too many filters to be saved.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_under_an_existing_name_replaces_that_view()
    {
        var admin = await app.SignInAsync();
        await SaveAsync(admin, "companies", "Clients", "?status=Customer");
        await SaveAsync(admin, "companies", "Clients", "?status=Customer&owner=me");

        var views = await app.WithDbAsync(db => db.SavedViews.Where(v => v.Name == "Clients").Select(v => v.QueryString).ToListAsync());
        Assert.Equal(new[] { "?status=Customer&owner=me" }, views);
    }

    [Fact]
    public async Task A_user_sees_only_their_own_views_and_cannot_delete_another_users()
    {
        var sales = await app.UserAsync("sid@views.test", Roles.Sales, null);
        var admin = await app.SignInAsync();
        await SaveAsync(admin, "contacts", "Admin only", "?owner=unowned");
        var id = await app.WithDbAsync(db => db.SavedViews.Where(v => v.Name == "Admin only").Select(v => v.Id).SingleAsync());

        var other = await app.SignInAsAsync(sales);
        var html = await other.GetHtmlAsync("/Contacts");
        Assert.DoesNotContain("Admin only", html, StringComparison.Ordinal);

        var delete = await other.PostFormAsync($"/SavedViews/Delete/{id}", [], formPage: "/Contacts");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.SavedViews.AnyAsync(v => v.Id == id)));
    }

    [Fact]
    public async Task Deleting_a_view_removes_it_from_the_list()
    {
        var admin = await app.SignInAsync();
        await SaveAsync(admin, "contacts", "Temporary", "?tag=1");
        var id = await app.WithDbAsync(db => db.SavedViews.Where(v => v.Name == "Temporary").Select(v => v.Id).SingleAsync());

        var response = await admin.PostFormAsync($"/SavedViews/Delete/{id}", [], formPage: "/Contacts");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Contacts", response.Headers.Location!.OriginalString);
        Assert.DoesNotContain(">Temporary</a>", await admin.GetHtmlAsync("/Contacts"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_view_without_a_name_is_refused_with_a_message()
    {
        var admin = await app.SignInAsync();
        var response = await SaveAsync(admin, "contacts", " ", "?status=Active");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = WebUtility.HtmlDecode(await admin.GetHtmlAsync(response.Headers.Location!.OriginalString));
        Assert.Contains("Give the view a name.", html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.SavedViews.AnyAsync(v => v.QueryString == "?status=Active")));
    }

    [Fact]
    public async Task An_unknown_list_is_a_bad_request()
    {
        var admin = await app.SignInAsync();
        var response = await SaveAsync(admin, "no-such-kind", "x", "?a=b");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
