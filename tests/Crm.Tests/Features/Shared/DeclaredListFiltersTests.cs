using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Crm.Tests.Features.Shared;

public sealed class DeclaredListFiltersFixture : CrmAppFactory
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _seeded;

    public ListTestData.User SalesA { get; private set; } = null!;
    public ListTestData.User Marketing { get; private set; } = null!;
    public int Granted { get; private set; }
    public int GrantedOtherTeam { get; private set; }
    public int Denied { get; private set; }
    public int Unknown { get; private set; }
    public int Boulangerie { get; private set; }
    public int Editeur { get; private set; }
    public int EditeurParis { get; private set; }

    public async Task SeedAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_seeded)
            {
                return;
            }

            SalesA = await this.UserAsync("anna@filters.test", Roles.Sales, "Lyon");
            var salesB = await this.UserAsync("boris@filters.test", Roles.Sales, "Lille");
            Marketing = await this.UserAsync("maud@filters.test", Roles.Marketing, null);
            var now = DateTime.UtcNow;
            await WithDbAsync(async db =>
            {
                Contact Person(string first, ConsentState consent, LifecycleStage stage, ListTestData.User owner) => new()
                {
                    FirstName = first, LastName = "Filtre", Consent = consent, LifecycleStage = stage, OwnerId = owner.Id, TeamId = owner.TeamId, CreatedAt = now,
                };
                var granted = Person("Gaëlle", ConsentState.Granted, LifecycleStage.Customer, SalesA);
                var grantedOther = Person("Gilles", ConsentState.Granted, LifecycleStage.Lead, salesB);
                var denied = Person("Denis", ConsentState.Denied, LifecycleStage.Customer, SalesA);
                var unknown = Person("Ursule", ConsentState.Unknown, LifecycleStage.Lead, SalesA);
                db.Contacts.AddRange(granted, grantedOther, denied, unknown);
                Company Firm(string name, string? city, string? naf, CompanySize size, ListTestData.User owner) => new()
                {
                    Name = name, NafCode = naf, Size = size, BillingAddress = new Address { City = city }, OwnerId = owner.Id, TeamId = owner.TeamId, CreatedAt = now,
                };
                var boulangerie = Firm("Boulangerie Filtre", "Lyon", "10.71C", CompanySize.Micro, SalesA);
                var editeur = Firm("Éditeur Filtre", "Lyon", "58.29C", CompanySize.Medium, SalesA);
                var editeurParis = Firm("Conseil Filtre", "Paris", "62.02A", CompanySize.Medium, salesB);
                db.Companies.AddRange(boulangerie, editeur, editeurParis);
                await db.SaveChangesAsync();
                (Granted, GrantedOtherTeam, Denied, Unknown) = (granted.Id, grantedOther.Id, denied.Id, unknown.Id);
                (Boulangerie, Editeur, EditeurParis) = (boulangerie.Id, editeur.Id, editeurParis.Id);
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

/// <summary>The filters a kind declares beside its fields (consent and lifecycle stage; city, NAF section and size), on the list and its export.</summary>
public sealed class DeclaredListFiltersTests(DeclaredListFiltersFixture app) : IClassFixture<DeclaredListFiltersFixture>
{
    private static async Task<List<int>> IdsAsync(HttpClient client, string url, string prefix) =>
        (await client.RowIdsAsync(url + "&size=100", prefix)).Order().ToList();

    [Fact]
    public async Task Marketing_filters_contacts_by_consent_and_lifecycle_stage()
    {
        await app.SeedAsync();
        var marketing = await app.SignInAsAsync(app.Marketing);

        Assert.Equal(new[] { app.Granted, app.GrantedOtherTeam }.Order(), await IdsAsync(marketing, "/Contacts?q=filtre&consent=Granted", "/Contacts/Details/"));
        Assert.Equal(new[] { app.Denied }, await IdsAsync(marketing, "/Contacts?q=filtre&consent=denied", "/Contacts/Details/"));
        Assert.Equal(new[] { app.Granted, app.Denied }.Order(), await IdsAsync(marketing, "/Contacts?q=filtre&stage=Customer", "/Contacts/Details/"));
        Assert.Equal(new[] { app.Granted }, await IdsAsync(marketing, "/Contacts?q=filtre&stage=Customer&consent=Granted", "/Contacts/Details/"));
        // A value that is no state (a number, a made-up word) narrows nothing.
        Assert.Equal(4, (await IdsAsync(marketing, "/Contacts?q=filtre&consent=1", "/Contacts/Details/")).Count);
        Assert.Equal(4, (await IdsAsync(marketing, "/Contacts?q=filtre&consent=maybe", "/Contacts/Details/")).Count);
    }

    [Fact]
    public async Task The_consent_filter_keeps_to_what_the_user_may_see()
    {
        await app.SeedAsync();
        var sales = await app.SignInAsAsync(app.SalesA);

        Assert.Equal(new[] { app.Granted }, await IdsAsync(sales, "/Contacts?q=filtre&consent=Granted", "/Contacts/Details/"));
    }

    [Fact]
    public async Task Companies_filter_by_city_naf_section_or_code_and_size()
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();
        const string prefix = "/Companies/Details/";

        Assert.Equal(new[] { app.Boulangerie, app.Editeur }.Order(), await IdsAsync(admin, "/Companies?q=filtre&city=Lyon", prefix));
        Assert.Equal(new[] { app.Editeur, app.EditeurParis }.Order(), await IdsAsync(admin, "/Companies?q=filtre&naf=J", prefix));
        Assert.Equal(new[] { app.Boulangerie }, await IdsAsync(admin, "/Companies?q=filtre&naf=c", prefix));
        Assert.Equal(new[] { app.EditeurParis }, await IdsAsync(admin, "/Companies?q=filtre&naf=62.02A", prefix));
        Assert.Equal(new[] { app.Editeur }, await IdsAsync(admin, "/Companies?q=filtre&headcount=Medium&city=Lyon", prefix));
        Assert.Empty(await IdsAsync(admin, "/Companies?q=filtre&naf=K", prefix));

        var sales = await app.SignInAsAsync(app.SalesA);
        Assert.Equal(new[] { app.Editeur }, await IdsAsync(sales, "/Companies?q=filtre&headcount=Medium", prefix));
    }

    [Fact]
    public async Task The_export_and_the_filter_form_follow_the_declared_filters()
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();

        var response = await admin.GetAsync("/Companies/Export?q=filtre&naf=J&city=Paris");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var ids = body.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().Select(r => Convert.ToInt32(r["Id"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new[] { app.EditeurParis }, ids);

        var html = await admin.GetHtmlAsync("/Contacts?consent=Granted");
        Assert.Contains("<option value=\"Granted\" selected=\"selected\">", html, StringComparison.Ordinal);
        Assert.Contains("name=\"stage\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Select_all_matching_runs_the_declared_filters()
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();
        var fields = new List<KeyValuePair<string, string>> { new("AllMatching", "true"), new("Action", "tag"), new("TagName", "refus consentement"), new("ReturnUrl", "/Contacts") };

        var response = await admin.PostMultipleAsync("/Contacts/Bulk?q=filtre&consent=Denied", fields, "/Contacts");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var tagged = await app.WithDbAsync(db => db.ContactTags.Where(t => t.Tag!.Name == "refus consentement").Select(t => t.ContactId).ToListAsync());
        Assert.Equal(new[] { app.Denied }, tagged);
    }

    [Fact]
    public async Task The_filters_translate_for_sql_server_on_the_indexed_columns()
    {
        var options = new DbContextOptionsBuilder<Crm.Web.Infrastructure.Data.SqlServerCrmDbContext>().UseSqlServer("Server=none;Database=none").Options;
        using var db = new Crm.Web.Infrastructure.Data.SqlServerCrmDbContext(options);
        var companies = Company.Kind.Filters.Aggregate(db.Companies.AsQueryable(), (q, f) => f.Apply(q, f.Key switch { "city" => "Lyon", "naf" => "J", _ => "Medium" })!);
        var sql = companies.ToQueryString();

        Assert.Contains("[c].[BillingCity] = @", sql, StringComparison.Ordinal);
        Assert.Contains("[c].[NafCode] >= @", sql, StringComparison.Ordinal);
        Assert.Contains("[c].[Size] = @", sql, StringComparison.Ordinal);
    }
}

/// <summary>What every kind declares for its list: keys that the query binder does not already take, and French words.</summary>
public sealed class ListDeclarationsTests
{
    public static TheoryData<string> Kinds => ["contacts", "companies", "deals"];

    private static (Crm.Web.Infrastructure.Records.RecordKind Kind, Type Query) Of(string key) => key switch
    {
        "contacts" => (Contact.Kind, typeof(ContactList.Query)),
        "companies" => (Company.Kind, typeof(CompanyList.Query)),
        _ => (Crm.Web.Features.Deals.Deal.Kind, typeof(Crm.Web.Features.Deals.DealList.Query)),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Declared_filter_keys_are_not_taken_by_the_list_query_and_column_keys_are_unique(string key)
    {
        var (kind, query) = Of(key);
        var bound = query.GetProperties().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        bound.UnionWith(["view", "cols", "after", "page"]);

        Assert.All(kind.ListFilters, f => Assert.DoesNotContain(f.Key, bound));
        Assert.Equal(kind.ListFilters.Count, kind.ListFilters.Select(f => f.Key.ToLowerInvariant()).Distinct().Count());
        Assert.Equal(kind.Columns.All.Count, kind.Columns.All.Select(c => c.Key.ToLowerInvariant()).Distinct().Count());
        Assert.All(kind.Columns.All, c => Assert.DoesNotContain(',', c.Key));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Declared_filters_and_columns_have_french_labels(string key)
    {
        var (kind, _) = Of(key);
        var french = System.Xml.Linq.XDocument.Load(Path.Combine(Crm.Tests.Infrastructure.Localization.ResourceCompletenessTests.RepositoryRoot(), "src", "Crm.Web", "Resources", "SharedResource.fr.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        var labels = kind.ListFilters.Select(f => f.Label)
            .Concat(kind.ListFilters.SelectMany(f => f.Choices ?? []).Select(c => c.Label))
            .Concat(kind.Columns.All.Select(c => c.Label));

        Assert.All(labels, label => Assert.Contains(label, french));
    }
}
