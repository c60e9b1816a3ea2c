using System.Net;
using Crm.Tests.Features.Shared;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Contacts;

/// <summary>A small, fixed set of contacts across two sales teams, read back through /Contacts.</summary>
public sealed class ContactListFixture : CrmAppFactory
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _seeded;

    public ListTestData.User SalesA { get; private set; } = null!;
    public ListTestData.User SalesB { get; private set; } = null!;
    public ListTestData.User Support { get; private set; } = null!;
    public ListTestData.User Marketing { get; private set; } = null!;
    public int Eloise { get; private set; }
    public int Jean { get; private set; }
    public int Marc { get; private set; }
    public int Zoe { get; private set; }
    public int Generale { get; private set; }
    public int Acme { get; private set; }
    public int VipTag { get; private set; }
    public DateTime Now { get; } = DateTime.UtcNow;

    public async Task SeedAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_seeded)
            {
                return;
            }

            SalesA = await this.UserAsync("alice@lists.test", Roles.Sales, "Lyon");
            SalesB = await this.UserAsync("bruno@lists.test", Roles.Sales, "Lille");
            Support = await this.UserAsync("sam@lists.test", Roles.Support, null);
            Marketing = await this.UserAsync("maud@lists.test", Roles.Marketing, null);
            var vip = await this.TagAsync("VIP");
            VipTag = vip.Id;
            await WithDbAsync(async db =>
            {
                var generale = new Company { Name = "Société Générale des Eaux" };
                var acme = new Company { Name = "Acme", OwnerId = SalesB.Id, TeamId = SalesB.TeamId };
                db.Companies.AddRange(generale, acme);
                await db.SaveChangesAsync();
                Generale = generale.Id;
                Acme = acme.Id;

                var eloise = new Contact
                {
                    FirstName = "Éloïse", LastName = "Martin", CompanyId = generale.Id, Status = ContactStatus.Active,
                    OwnerId = SalesA.Id, TeamId = SalesA.TeamId, CreatedAt = new DateTime(2026, 1, 10, 9, 0, 0, DateTimeKind.Utc),
                    LastActivityAt = Now.AddDays(-2),
                };
                eloise.SetEmails(["eloise.martin@exemple.fr", "e.martin@perso.fr"]);
                eloise.SetPhones(["06 12 34 56 78"]);
                eloise.Tags.Add(new ContactTag { TagId = vip.Id });

                var jean = new Contact
                {
                    FirstName = "Jean", LastName = "Dupont", CompanyId = acme.Id, Status = ContactStatus.Inactive,
                    OwnerId = SalesB.Id, TeamId = SalesB.TeamId, CreatedAt = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc),
                };
                jean.SetEmails(["jean.dupont@acme.fr"]);
                jean.SetPhones(["01 23 45 67 89"]);

                var marc = new Contact
                {
                    FirstName = "Marc", LastName = "Eloy", Status = ContactStatus.DoNotContact,
                    CreatedAt = new DateTime(2026, 6, 15, 9, 0, 0, DateTimeKind.Utc), LastActivityAt = Now.AddDays(-100),
                };
                marc.SetEmails(["marc@eloy.fr"]);

                var zoe = new Contact
                {
                    FirstName = "Zoé", LastName = "Bernard", Status = ContactStatus.Active, OwnerId = SalesA.Id, TeamId = SalesA.TeamId,
                    CreatedAt = new DateTime(2026, 9, 1, 9, 0, 0, DateTimeKind.Utc), LastActivityAt = Now.AddDays(-40),
                    JobTitle = "=HYPERLINK(\"http://evil.example\")", ConsentSource = "@SUM(1)",
                };
                zoe.SetPhones(["+33 6 00 00 00 01"]);

                db.Contacts.AddRange(eloise, jean, marc, zoe);
                await db.SaveChangesAsync();
                (Eloise, Jean, Marc, Zoe) = (eloise.Id, jean.Id, marc.Id, zoe.Id);
            });
            _seeded = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        _gate.Dispose();
        base.Dispose(disposing);
    }
}

public sealed class ContactListTests(ContactListFixture app) : IClassFixture<ContactListFixture>
{
    private const string Details = "/Contacts/Details/";

    private async Task<HttpClient> AdminAsync()
    {
        await app.SeedAsync();
        return await app.SignInAsync();
    }

    private async Task<List<int>> IdsAsync(string query, HttpClient? client = null) =>
        await (client ?? await AdminAsync()).RowIdsAsync("/Contacts" + query, Details);

    [Fact]
    public async Task The_list_shows_every_contact_with_a_link_to_its_details_page()
    {
        var client = await AdminAsync();
        var html = await client.GetHtmlAsync("/Contacts");
        var ids = ListTestData.RowIds(html, Details);
        Assert.Equal(new[] { app.Zoe, app.Jean, app.Marc, app.Eloise }, ids); // by last name: Bernard, Dupont, Eloy, Martin
        Assert.Contains($"href=\"/Contacts/Details/{app.Eloise}\"", html, StringComparison.Ordinal);
        Assert.Contains("eloise.martin@exemple.fr", html, StringComparison.Ordinal);
        Assert.Contains("06 12 34 56 78", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Companies/Details/{app.Generale}\"", html, StringComparison.Ordinal);
        Assert.Contains("VIP", html, StringComparison.Ordinal);
        Assert.Contains("4 contacts", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_toolbar_offers_create_and_import_to_those_who_may_create_only()
    {
        var admin = await client();
        var html = await admin.GetHtmlAsync("/Contacts");
        Assert.Contains("href=\"/Contacts/Create\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Contacts/Import\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Contacts/Duplicates\"", html, StringComparison.Ordinal);

        var support = await app.SignInAsAsync(app.Support);
        var supportHtml = await support.GetHtmlAsync("/Contacts");
        Assert.DoesNotContain("href=\"/Contacts/Create\"", supportHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Contacts/Import\"", supportHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"bulk-bar\"", supportHtml, StringComparison.Ordinal);

        async Task<HttpClient> client() => await AdminAsync();
    }

    [Theory]
    [InlineData("eloise")]
    [InlineData("ELOÏSE")]
    [InlineData("Éloï")]
    [InlineData("eloise mar")]
    [InlineData("martin elo")]
    [InlineData("06 12")]
    [InlineData("+33 6 12 34")]
    [InlineData("eloise.mar")]
    [InlineData("e.martin@perso")]
    [InlineData("societe gen")]
    public async Task Search_finds_eloise_by_prefix_whatever_the_accents_and_case(string q)
    {
        var ids = await IdsAsync("?q=" + Uri.EscapeDataString(q));
        Assert.Equal(new[] { app.Eloise }, ids);
    }

    [Fact]
    public async Task Search_by_a_shared_prefix_finds_every_match_and_only_them()
    {
        Assert.Equal(new[] { app.Marc, app.Eloise }, await IdsAsync("?q=mar"));   // Marc (first name) and Martin (last name)
        Assert.Equal(new[] { app.Jean }, await IdsAsync("?q=01%2023"));
        Assert.Equal(new[] { app.Jean }, await IdsAsync("?q=acm"));
        Assert.Empty(await IdsAsync("?q=artin"));                                // prefix only, never "contains"
    }

    [Fact]
    public async Task Search_treats_like_wildcards_as_plain_text()
    {
        Assert.Empty(await IdsAsync("?q=%25"));
        Assert.Empty(await IdsAsync("?q=_"));
    }

    [Fact]
    public async Task Each_filter_narrows_the_list()
    {
        Assert.Equal(new[] { app.Jean }, await IdsAsync("?status=Inactive"));
        Assert.Equal(new[] { app.Marc }, await IdsAsync("?owner=unowned"));
        Assert.Equal(new[] { app.Jean }, await IdsAsync("?owner=" + app.SalesB.Id));
        Assert.Equal(new[] { app.Eloise }, await IdsAsync($"?tag={app.VipTag}"));
        Assert.Equal(new[] { app.Jean }, await IdsAsync($"?company={app.Acme}"));
        Assert.Equal(new[] { app.Jean, app.Marc }, await IdsAsync("?from=2026-02-01&to=2026-06-15"));
        Assert.Equal(new[] { app.Zoe, app.Jean, app.Marc }, await IdsAsync("?idle=30"));
        Assert.Equal(new[] { app.Zoe }, await IdsAsync("?status=Active&idle=30"));
    }

    [Fact]
    public async Task The_owner_filter_me_means_the_signed_in_user()
    {
        await app.SeedAsync();
        var alice = await app.SignInAsAsync(app.SalesA);
        Assert.Equal(new[] { app.Zoe, app.Eloise }, await alice.RowIdsAsync("/Contacts?owner=me", Details));
    }

    [Fact]
    public async Task Unreadable_filter_values_are_ignored_rather_than_failing()
    {
        var ids = await IdsAsync("?status=Bogus&idle=-4&page=0&size=7&from=notadate&after=garbage");
        Assert.Equal(4, ids.Count);
    }

    [Fact]
    public async Task Dates_at_the_ends_of_the_calendar_bound_nothing_rather_than_failing()
    {
        Assert.Equal(4, (await IdsAsync("?from=0001-01-01&to=9999-12-31")).Count);
        var export = await (await AdminAsync()).GetAsync("/Contacts/Export?from=0001-01-01&to=9999-12-31");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
    }

    [Theory]
    [InlineData("name", "asc", "Zoe,Jean,Marc,Eloise")]
    [InlineData("name", "desc", "Eloise,Marc,Jean,Zoe")]
    [InlineData("created", "asc", "Eloise,Jean,Marc,Zoe")]
    [InlineData("created", "desc", "Zoe,Marc,Jean,Eloise")]
    [InlineData("activity", "desc", "Eloise,Zoe,Marc,Jean")]
    [InlineData("activity", "asc", "Jean,Marc,Zoe,Eloise")]
    [InlineData("owner", "asc", "Marc,Eloise,Zoe,Jean")]
    [InlineData("owner", "desc", "Jean,Zoe,Eloise,Marc")]
    public async Task Each_sort_orders_the_rows_both_ways(string sort, string dir, string expected)
    {
        var ids = await IdsAsync($"?sort={sort}&dir={dir}");
        var byName = new Dictionary<string, int> { ["Eloise"] = app.Eloise, ["Jean"] = app.Jean, ["Marc"] = app.Marc, ["Zoe"] = app.Zoe };
        Assert.Equal(expected.Split(',').Select(n => byName[n]), ids);
    }

    [Fact]
    public async Task A_column_header_flips_the_sort_direction()
    {
        var client = await AdminAsync();
        var html = await client.GetHtmlAsync("/Contacts?sort=created&dir=asc&q=e");
        Assert.Contains("href=\"/Contacts?sort=created&amp;dir=desc&amp;q=e\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Contacts?sort=name&amp;q=e\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sales_user_sees_own_team_and_unowned_contacts_only()
    {
        await app.SeedAsync();
        var alice = await app.SignInAsAsync(app.SalesA);
        var ids = await alice.RowIdsAsync("/Contacts", Details);
        Assert.Equal(new[] { app.Zoe, app.Marc, app.Eloise }, ids);
        Assert.Empty(await alice.RowIdsAsync("/Contacts?q=jean", Details));
        Assert.Empty(await alice.RowIdsAsync($"/Contacts?company={app.Acme}", Details));
    }

    [Fact]
    public async Task Support_and_marketing_see_every_contact()
    {
        await app.SeedAsync();
        foreach (var user in new[] { app.Support, app.Marketing })
        {
            var client = await app.SignInAsAsync(user);
            Assert.Equal(4, (await client.RowIdsAsync("/Contacts", Details)).Count);
        }
    }

    [Fact]
    public async Task The_page_is_in_french_for_a_french_browser()
    {
        var client = await AdminAsync();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR");
        var html = await client.GetHtmlAsync("/Contacts?status=DoNotContact");
        Assert.Contains("Ne pas contacter", html, StringComparison.Ordinal);
        Assert.Contains("Propriétaire", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_queries_translate_to_sql_without_client_evaluation()
    {
        await app.SeedAsync();
        var sql = await app.WithDbAsync(db =>
        {
            var user = new Crm.Web.Infrastructure.Records.CrmUser("x", 1, new HashSet<string> { Roles.Sales });
            var time = new Crm.Web.Infrastructure.Localization.UserTime(Microsoft.Extensions.Options.Options.Create(new Crm.Web.Infrastructure.CrmOptions()));
            var query = new ContactList.Query { Q = "eloise mar", Owner = "me", Tag = 1, Idle = 3, Sort = "activity", From = new DateOnly(2026, 1, 1) };
            var list = new ContactList(db, time, TimeProvider.System);
            var filtered = list.Filtered(query, user);
            var cursor = new ContactList.Row(1, "a", "b", null, null, null, null, ContactStatus.Active, LifecycleStage.Lead, ConsentState.Unknown, null, null, DateTime.UtcNow, "b a").Position.CursorFor("activity");
            return Task.FromResult(list.Project(list.Ordered(filtered, query, cursor).Take(26)).ToQueryString());
        });
        Assert.Contains("LIKE", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("LIKE '%", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("lower(", sql, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_list_search_and_keyset_queries_also_translate_for_sql_server()
    {
        var options = new DbContextOptionsBuilder<Crm.Web.Infrastructure.Data.SqlServerCrmDbContext>().UseSqlServer("Server=none;Database=none").Options;
        using var db = new Crm.Web.Infrastructure.Data.SqlServerCrmDbContext(options);
        var user = new Crm.Web.Infrastructure.Records.CrmUser("x", 1, new HashSet<string> { Roles.Sales });
        var time = new Crm.Web.Infrastructure.Localization.UserTime(Microsoft.Extensions.Options.Options.Create(new Crm.Web.Infrastructure.CrmOptions()));
        foreach (var sort in new[] { "name", "created", "activity", "owner" })
        {
            var query = new ContactList.Query { Q = "eloise mar", Owner = "unowned", Tag = 1, Company = 2, Idle = 3, Status = ContactStatus.Active, Sort = sort, To = new DateOnly(2026, 12, 31) };
            var row = new ContactList.Row(1, "a", "b", null, null, null, null, ContactStatus.Active, LifecycleStage.Lead, ConsentState.Unknown, "o", DateTime.UtcNow, DateTime.UtcNow, "b a");
            var list = new ContactList(db, time, TimeProvider.System);
            var filtered = list.Filtered(query, user);
            var sql = list.Project(list.Ordered(filtered, query, row.Position.CursorFor(query.SortKey)).Take(26)).ToQueryString();
            Assert.Contains("ORDER BY", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("LIKE N'%", sql, StringComparison.Ordinal);
        }

        var phoneSql = db.Contacts.Matching(db, "06 12").ToQueryString();
        Assert.Contains("LIKE", phoneSql, StringComparison.Ordinal);
    }
}
