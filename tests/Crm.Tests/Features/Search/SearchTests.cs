using System.Net;
using System.Text.Json;
using Crm.Tests.Features.Contacts;
using Crm.Tests.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Search;

public sealed class SearchTests(ContactListFixture app) : IClassFixture<ContactListFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Hit(string Name, string? Subtitle, string Url);

    private sealed record Group(string Key, string Title, List<Hit> Hits);

    private sealed record Suggestions(List<Group> Groups, string All)
    {
        public List<Hit> Contacts => Of("contacts");

        public List<Hit> Companies => Of("companies");

        public List<Hit> Of(string key) => Groups.Single(g => g.Key == key).Hits;
    }

    private static async Task<Suggestions> SuggestAsync(HttpClient client, string q)
    {
        var response = await client.GetAsync("/Search/Suggest?q=" + Uri.EscapeDataString(q));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return JsonSerializer.Deserialize<Suggestions>(await response.Content.ReadAsStringAsync(), Json)!;
    }

    [Fact]
    public async Task The_navigation_search_box_keeps_only_a_global_search_not_a_list_filter()
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();

        var list = await admin.GetStringAsync("/Contacts?q=zzzfilter");
        var search = await admin.GetStringAsync("/Search?q=zzzglobal");

        Assert.DoesNotMatch("data-crm-search[^>]*value=\"zzzfilter\"", list);
        Assert.Matches("data-crm-search[^>]*value=\"zzzglobal\"", search);
    }

    [Fact]
    public async Task Suggestions_find_contacts_and_companies_as_you_type()
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();

        var result = await SuggestAsync(admin, "eloi");

        var hit = Assert.Single(result.Contacts);
        Assert.Equal("Éloïse Martin", hit.Name);
        Assert.Equal($"/Contacts/Details/{app.Eloise}", hit.Url);
        Assert.Contains("Société Générale des Eaux", hit.Subtitle, StringComparison.Ordinal);
        Assert.Empty(result.Companies);
        Assert.Equal("/Search?q=eloi", result.All);

        var companies = await SuggestAsync(admin, "SOCIETE");
        Assert.Equal(new[] { $"/Companies/Details/{app.Generale}" }, companies.Companies.Select(c => c.Url));
        Assert.Equal(new[] { $"/Contacts/Details/{app.Eloise}" }, companies.Contacts.Select(c => c.Url));
    }

    [Fact]
    public async Task Suggestions_hold_only_records_the_user_may_see()
    {
        await app.SeedAsync();
        var alice = await app.SignInAsAsync(app.SalesA);

        Assert.Empty((await SuggestAsync(alice, "jean")).Contacts);
        Assert.Empty((await SuggestAsync(alice, "acme")).Companies);
        Assert.Empty((await SuggestAsync(alice, "01 23 45")).Contacts);

        var bruno = await app.SignInAsAsync(app.SalesB);
        Assert.Single((await SuggestAsync(bruno, "jean")).Contacts);
        Assert.Single((await SuggestAsync(bruno, "acme")).Companies);
    }

    [Fact]
    public async Task Suggestions_are_at_most_five_of_each()
    {
        await app.SeedAsync();
        await app.WithDbAsync(async db =>
        {
            if (!db.Companies.Any(c => c.Name.StartsWith("Nombreuse")))
            {
                for (var i = 0; i < 7; i++)
                {
                    db.Companies.Add(new Crm.Web.Features.Companies.Company { Name = $"Nombreuse {i}" });
                }

                await db.SaveChangesAsync();
            }
        });
        var admin = await app.SignInAsync();
        Assert.Equal(5, (await SuggestAsync(admin, "nombreuse")).Companies.Count);
    }

    [Fact]
    public async Task An_empty_query_suggests_nothing()
    {
        var admin = await app.SignInAsync();
        var result = await SuggestAsync(admin, "  ");
        Assert.Empty(result.Contacts);
        Assert.Empty(result.Companies);
    }

    [Fact]
    public async Task Suggestions_need_a_signed_in_user()
    {
        var anonymous = app.CreateBrowserLikeClient();
        var response = await anonymous.GetAsync("/Search/Suggest?q=eloise");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task The_search_page_shows_contacts_and_companies_sections()
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();

        var html = WebUtility.HtmlDecode(await admin.GetHtmlAsync("/Search?q=soci"));

        Assert.Contains("data-testid=\"search-contacts\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"search-companies\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Contacts/Details/{app.Eloise}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Companies/Details/{app.Generale}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_search_page_hides_what_the_user_may_not_see_and_says_when_nothing_matches()
    {
        await app.SeedAsync();
        var alice = await app.SignInAsAsync(app.SalesA);

        var html = WebUtility.HtmlDecode(await alice.GetHtmlAsync("/Search?q=acme"));

        Assert.DoesNotContain($"/Companies/Details/{app.Acme}", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"/Contacts/Details/{app.Jean}", html, StringComparison.Ordinal);
        Assert.Contains("No results for “acme”.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suggestions_come_in_one_group_per_registered_kind_in_the_kinds_order_under_its_translated_name()
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();
        var kinds = app.Services.GetRequiredService<RecordKinds>().All.Where(k => k.Searched).ToList();

        var result = await SuggestAsync(admin, "soci");

        Assert.Equal(kinds.Select(k => k.Key), result.Groups.Select(g => g.Key));
        Assert.Equal(kinds.Select(k => k.Plural), result.Groups.Select(g => g.Title));
        Assert.All(result.Groups, g => Assert.All(g.Hits, h => Assert.StartsWith(kinds.Single(k => k.Key == g.Key).Route + "/Details/", h.Url, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_search_page_shows_each_kinds_hits_under_its_own_heading()
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();
        var kinds = app.Services.GetRequiredService<RecordKinds>().All.Where(k => k.Searched).ToList();

        var html = WebUtility.HtmlDecode(await admin.GetHtmlAsync("/Search?q=soci"));

        var sections = kinds.Select(k => html.IndexOf($"data-testid=\"search-{k.Key}\"", StringComparison.Ordinal)).ToList();
        Assert.All(sections, i => Assert.True(i >= 0));
        Assert.Equal(sections.Order(), sections);
        var contacts = html[sections[0]..sections[1]];
        var companies = html[sections[1]..];
        Assert.Contains($"href=\"/Contacts/Details/{app.Eloise}\"", contacts, StringComparison.Ordinal);
        Assert.DoesNotContain("/Companies/Details/", contacts, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Companies/Details/{app.Generale}\"", companies, StringComparison.Ordinal);
        Assert.DoesNotContain("/Contacts/Details/", companies, StringComparison.Ordinal);
    }
}
