using System.Net;
using Crm.Tests.Features.Shared;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Crm.Tests.Features.Companies;

public sealed class CompanyListFixture : CrmAppFactory
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _seeded;

    public ListTestData.User SalesA { get; private set; } = null!;
    public ListTestData.User SalesB { get; private set; } = null!;
    public ListTestData.User Support { get; private set; } = null!;
    public int Eclair { get; private set; }
    public int Acme { get; private set; }
    public int Zenith { get; private set; }
    public int KeyTag { get; private set; }

    public async Task SeedAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_seeded)
            {
                return;
            }

            SalesA = await this.UserAsync("amelie@companies.test", Roles.Sales, "Lyon");
            SalesB = await this.UserAsync("basile@companies.test", Roles.Sales, "Lille");
            Support = await this.UserAsync("sacha@companies.test", Roles.Support, null);
            var tag = await this.TagAsync("Partenaire clé");
            KeyTag = tag.Id;
            var now = DateTime.UtcNow;
            await WithDbAsync(async db =>
            {
                var eclair = new Company
                {
                    Name = "Éclair Boulangerie", Siren = "732 829 320", Industry = "Boulangerie", Status = CompanyStatus.Customer,
                    BillingAddress = new Address { Line1 = "3 rue de la Paix", PostalCode = "69002", City = "Lyon", Country = "France" },
                    OwnerId = SalesA.Id, TeamId = SalesA.TeamId, CreatedAt = new DateTime(2026, 2, 1, 8, 0, 0, DateTimeKind.Utc), LastActivityAt = now.AddDays(-1),
                };
                eclair.Tags.Add(new CompanyTag { TagId = tag.Id });
                var acme = new Company
                {
                    Name = "Acme Industries", LegalName = "=cmd|' /C calc'!A0", Phone = "01 45 00 00 00", Status = CompanyStatus.Prospect,
                    OwnerId = SalesB.Id, TeamId = SalesB.TeamId, CreatedAt = new DateTime(2026, 4, 1, 8, 0, 0, DateTimeKind.Utc),
                };
                var zenith = new Company
                {
                    Name = "Zénith SA", Status = CompanyStatus.Lead, BillingAddress = new Address { City = "Paris" },
                    CreatedAt = new DateTime(2026, 7, 1, 8, 0, 0, DateTimeKind.Utc), LastActivityAt = now.AddDays(-60),
                };
                db.Companies.AddRange(eclair, acme, zenith);
                await db.SaveChangesAsync();
                (Eclair, Acme, Zenith) = (eclair.Id, acme.Id, zenith.Id);
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

public sealed class CompanyListTests(CompanyListFixture app) : IClassFixture<CompanyListFixture>
{
    private const string Details = "/Companies/Details/";

    private async Task<List<int>> IdsAsync(string query, HttpClient? client = null)
    {
        await app.SeedAsync();
        return await (client ?? await app.SignInAsync()).RowIdsAsync("/Companies" + query, Details);
    }

    [Fact]
    public async Task The_list_shows_every_company_with_a_link_to_its_details_page()
    {
        await app.SeedAsync();
        var html = WebUtility.HtmlDecode(await (await app.SignInAsync()).GetHtmlAsync("/Companies"));
        Assert.Equal(new[] { app.Acme, app.Eclair, app.Zenith }, ListTestData.RowIds(html, Details));
        Assert.Contains("Lyon", html, StringComparison.Ordinal);
        Assert.Contains("Partenaire clé", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Companies/Create\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Companies/Import\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eclair")]
    [InlineData("ÉCLAIR bou")]
    [InlineData("732 82")]
    public async Task Search_finds_a_company_by_name_prefix_or_siren(string q)
    {
        await app.SeedAsync(); // before app.Eclair is read as the expected value
        Assert.Equal(new[] { app.Eclair }, await IdsAsync("?q=" + Uri.EscapeDataString(q)));
    }

    [Fact]
    public async Task Search_finds_a_company_by_phone_or_by_any_word_of_its_name_but_never_by_the_middle_of_a_word()
    {
        await app.SeedAsync(); // before app.Acme is read as the expected value
        Assert.Equal(new[] { app.Acme }, await IdsAsync("?q=01%2045"));
        Assert.Equal(new[] { app.Acme }, await IdsAsync("?q=industries"));
        Assert.Empty(await IdsAsync("?q=dustries"));
    }

    [Fact]
    public async Task Each_filter_narrows_the_list()
    {
        await app.SeedAsync();
        Assert.Equal(new[] { app.Acme }, await IdsAsync("?status=Prospect"));
        Assert.Equal(new[] { app.Zenith }, await IdsAsync("?owner=unowned"));
        Assert.Equal(new[] { app.Acme }, await IdsAsync("?owner=" + app.SalesB.Id));
        Assert.Equal(new[] { app.Eclair }, await IdsAsync($"?tag={app.KeyTag}"));
        Assert.Equal(new[] { app.Acme, app.Zenith }, await IdsAsync("?from=2026-03-01"));
        Assert.Equal(new[] { app.Eclair }, await IdsAsync("?to=2026-03-01"));
        Assert.Equal(new[] { app.Acme, app.Zenith }, await IdsAsync("?idle=30"));
    }

    [Theory]
    [InlineData("name", "asc", "Acme,Eclair,Zenith")]
    [InlineData("name", "desc", "Zenith,Eclair,Acme")]
    [InlineData("created", "asc", "Eclair,Acme,Zenith")]
    [InlineData("created", "desc", "Zenith,Acme,Eclair")]
    [InlineData("activity", "desc", "Eclair,Zenith,Acme")]
    [InlineData("activity", "asc", "Acme,Zenith,Eclair")]
    [InlineData("owner", "asc", "Zenith,Eclair,Acme")]
    [InlineData("owner", "desc", "Acme,Eclair,Zenith")]
    public async Task Each_sort_orders_the_rows_both_ways(string sort, string dir, string expected)
    {
        var ids = await IdsAsync($"?sort={sort}&dir={dir}");
        var byName = new Dictionary<string, int> { ["Acme"] = app.Acme, ["Eclair"] = app.Eclair, ["Zenith"] = app.Zenith };
        Assert.Equal(expected.Split(',').Select(n => byName[n]), ids);
    }

    [Fact]
    public async Task A_sales_user_sees_own_team_and_unowned_companies_only_and_support_sees_all()
    {
        await app.SeedAsync();
        var amelie = await app.SignInAsAsync(app.SalesA);
        Assert.Equal(new[] { app.Eclair, app.Zenith }, await IdsAsync("", amelie));
        var support = await app.SignInAsAsync(app.Support);
        Assert.Equal(3, (await IdsAsync("", support)).Count);
    }

    private static async Task<List<IDictionary<string, object?>>> ExportAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/Companies/Export" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(@"^companies-\d{4}-\d{2}-\d{2}\.xlsx$", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        await using var body = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        return body.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
    }

    private static int IdOf(IDictionary<string, object?> row) => Convert.ToInt32(row["Id"], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_export_holds_the_matching_companies_with_ids_addresses_and_escaped_cells()
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();

        var rows = await ExportAsync(admin, "");

        Assert.Equal(new[] { app.Acme, app.Eclair, app.Zenith }, rows.Select(IdOf));
        var eclair = rows.Single(r => IdOf(r) == app.Eclair);
        Assert.Equal("732829320", eclair["SIREN"]?.ToString());
        Assert.Equal("3 rue de la Paix", eclair["Billing address"]);
        Assert.Equal("69002", eclair["Billing postal code"]?.ToString());
        Assert.Equal("Customer", eclair["Status"]);
        Assert.Equal("Partenaire clé", eclair["Tags"]);
        var acme = rows.Single(r => IdOf(r) == app.Acme);
        Assert.Equal("=cmd|' /C calc'!A0", acme["Legal name"]);
        Assert.Equal(new[] { app.Acme }, (await ExportAsync(admin, "?status=Prospect")).Select(IdOf));
    }

    [Fact]
    public async Task The_export_writes_every_column_in_its_order_with_its_values()
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();

        var sheet = await ExportSheet.CellsAsync(admin, "/Companies/Export");

        Assert.Equal(
            ["Id", "Name", "Legal name", "SIREN", "SIRET", "VAT number", "NAF code", "Industry", "Size", "Website", "Phone",
                "Billing address", "Billing address (line 2)", "Billing postal code", "Billing city", "Billing country",
                "Shipping address", "Shipping address (line 2)", "Shipping postal code", "Shipping city", "Shipping country",
                "Status", "Owner", "Team", "Tags", "Parent company id", "Parent company", "Created", "Last activity"],
            sheet[0]);
        var eclair = sheet.Single(r => r[0] == app.Eclair.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(
            [app.Eclair.ToString(System.Globalization.CultureInfo.InvariantCulture), "Éclair Boulangerie", "", "732829320", "", "", "", "Boulangerie", "Unknown size", "", "",
                "3 rue de la Paix", "", "69002", "Lyon", "France", "", "", "", "", "",
                "Customer", "amelie", "Lyon", "Partenaire clé", "", "", "2026-02-01 09:00"],
            eclair[..^1]);
        Assert.NotEqual(string.Empty, eclair[^1]);
        var acme = sheet.Single(r => r[0] == app.Acme.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["=cmd|' /C calc'!A0", "01 45 00 00 00", "Prospect", "basile", "Lille", "", "", "", "2026-04-01 10:00", ""],
            [acme[2], acme[10], acme[21], acme[22], acme[23], acme[24], acme[25], acme[26], acme[27], acme[28]]);
    }

    [Fact]
    public async Task An_export_with_no_row_still_has_its_header_row()
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();

        var sheet = await ExportSheet.CellsAsync(admin, "/Companies/Export?q=nobody-has-this-name");

        Assert.Equal(["Id", "Name", "Legal name"], Assert.Single(sheet)[..3]);
    }

    [Fact]
    public async Task A_sales_user_never_exports_a_company_they_may_not_see()
    {
        await app.SeedAsync();
        var amelie = await app.SignInAsAsync(app.SalesA);
        Assert.Equal(new[] { app.Eclair, app.Zenith }, (await ExportAsync(amelie, "")).Select(IdOf));
    }
}
