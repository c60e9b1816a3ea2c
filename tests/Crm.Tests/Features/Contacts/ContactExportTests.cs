using System.Net;
using Crm.Tests.Features.Shared;
using MiniExcelLibs;

namespace Crm.Tests.Features.Contacts;

public sealed class ContactExportTests(ContactListFixture app) : IClassFixture<ContactListFixture>
{
    private static async Task<List<IDictionary<string, object?>>> ExportAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/Contacts/Export" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        Assert.Matches(@"^contacts-\d{4}-\d{2}-\d{2}\.xlsx$", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        await using var body = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        return body.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
    }

    private static int IdOf(IDictionary<string, object?> row) => Convert.ToInt32(row["Id"], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_export_holds_every_matching_contact_with_its_details()
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();

        var rows = await ExportAsync(admin, "");

        Assert.Equal(new[] { app.Zoe, app.Jean, app.Marc, app.Eloise }, rows.Select(IdOf));
        var eloise = rows.Single(r => IdOf(r) == app.Eloise);
        Assert.Equal("Éloïse", eloise["First name"]);
        Assert.Equal("Martin", eloise["Last name"]);
        Assert.Equal("eloise.martin@exemple.fr; e.martin@perso.fr", eloise["Emails"]);
        Assert.Equal("06 12 34 56 78", eloise["Phones"]);
        Assert.Equal("Société Générale des Eaux", eloise["Company"]);
        Assert.Equal("Active", eloise["Status"]);
        Assert.Equal("alice", eloise["Owner"]);
        Assert.Equal("VIP", eloise["Tags"]);
        Assert.Equal(new DateTime(2026, 1, 10, 10, 0, 0), Convert.ToDateTime(eloise["Created"], System.Globalization.CultureInfo.InvariantCulture)); // Paris time
    }

    [Fact]
    public async Task The_export_follows_the_lists_filters_and_search_not_only_its_page()
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();

        Assert.Equal(new[] { app.Jean }, (await ExportAsync(admin, "?status=Inactive")).Select(IdOf));
        Assert.Equal(new[] { app.Eloise }, (await ExportAsync(admin, "?q=eloise")).Select(IdOf));
        Assert.Equal(4, (await ExportAsync(admin, "?page=2&size=25")).Count);
        Assert.Equal(new[] { app.Eloise, app.Jean, app.Marc, app.Zoe }, (await ExportAsync(admin, "?sort=created&dir=asc")).Select(IdOf));
    }

    [Fact]
    public async Task Cells_that_look_like_formulas_are_text_cells_written_unchanged()
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();

        var zoe = (await ExportAsync(admin, "")).Single(r => IdOf(r) == app.Zoe);

        Assert.Equal("=HYPERLINK(\"http://evil.example\")", zoe["Job title"]);
        Assert.Equal("@SUM(1)", zoe["Consent source"]);
        Assert.Equal("+33 6 00 00 00 01", zoe["Phones"]);

        // Text cells (inline strings) are never evaluated: no cell of the sheet is a formula.
        var response = await admin.GetAsync("/Contacts/Export");
        await using var body = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var zip = new System.IO.Compression.ZipArchive(body);
        using var reader = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var sheet = await reader.ReadToEndAsync();
        Assert.DoesNotContain("<f>", sheet, StringComparison.Ordinal);
        Assert.Matches("<c r=\"[A-Z]+\\d+\" t=\"inlineStr\"><is><t>\\+33 6 00 00 00 01</t></is></c>", sheet);
    }

    [Fact]
    public async Task A_sales_user_never_exports_a_contact_they_may_not_see()
    {
        await app.SeedAsync();
        var alice = await app.SignInAsAsync(app.SalesA);

        var ids = (await ExportAsync(alice, "")).Select(IdOf).ToList();
        Assert.DoesNotContain(app.Jean, ids);
        Assert.Equal(new[] { app.Zoe, app.Marc, app.Eloise }, ids);
        Assert.Empty(await ExportAsync(alice, $"?company={app.Acme}"));
    }

    [Fact]
    public async Task Support_exports_every_contact()
    {
        await app.SeedAsync();
        var support = await app.SignInAsAsync(app.Support);
        Assert.Equal(4, (await ExportAsync(support, "")).Count);
    }

    [Fact]
    public async Task The_export_writes_every_column_in_its_order_with_its_values()
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();

        var sheet = await ExportSheet.CellsAsync(admin, "/Contacts/Export");

        Assert.Equal(
            ["Id", "Civility", "First name", "Last name", "Job title", "Emails", "Phones", "Company id", "Company",
                "Street address", "Address line 2", "Postal code", "City", "Country", "Status", "Lifecycle stage", "Lead source", "Owner", "Team", "Tags",
                "Preferred language", "Marketing consent", "Consent date", "Consent source", "Description", "Created", "Last activity"],
            sheet[0]);
        var eloise = sheet.Single(r => r[0] == app.Eloise.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(
            [app.Eloise.ToString(System.Globalization.CultureInfo.InvariantCulture), "", "Éloïse", "Martin", "", "eloise.martin@exemple.fr; e.martin@perso.fr", "06 12 34 56 78",
                app.Generale.ToString(System.Globalization.CultureInfo.InvariantCulture), "Société Générale des Eaux", "", "", "", "", "", "Active", "Lead", "", "alice", "Lyon", "VIP",
                "", "Not asked", "", "", "", "2026-01-10 10:00"],
            eloise[..^1]);
        Assert.NotEqual(string.Empty, eloise[^1]);
        var marc = sheet.Single(r => r[0] == app.Marc.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["", ""], marc[7..9]);
        Assert.Equal(["Do not contact", "Lead", "", "", "", ""], marc[14..20]);
    }

    [Fact]
    public async Task An_export_with_no_row_still_has_its_header_row()
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();

        var sheet = await ExportSheet.CellsAsync(admin, "/Contacts/Export?q=nobody-has-this-name");

        Assert.Equal(["Id", "Civility", "First name", "Last name"], Assert.Single(sheet)[..4]);
    }
}
