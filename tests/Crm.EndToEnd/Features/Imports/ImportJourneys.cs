using System.Text;
using System.Text.RegularExpressions;
using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Imports;

[Collection(BrowserCollection.Name)]
public sealed class ImportJourneys(BrowserFixture browser)
{
    /// <summary>As French Excel saves "CSV (séparateur : point-virgule)": Windows-1252, semicolons, CRLF, no BOM.</summary>
    private static byte[] FrenchExcelCsv()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        string[] lines =
        [
            "Prénom;Nom;E-mail;Société;Téléphone;Fonction;Tags",
            "Éloïse;Lefèvre;eloise.lefevre@boulangerie-lefevre.example;Boulangerie Lefèvre;01 42 68 53 00;Gérante;\"client, boulangerie\"",
            "François;Dupré;f.dupre@menuiserie-dupre.example;Menuiserie Dupré;04 78 12 34 56;Directeur général;prospect",
            "Hélène;Müller;helene.muller@cafe-lete.example;Café de l'Été;06 71 23 45 89;Responsable achats;",
            "Noël;Cœur;noel.coeur@arobase;Atelier Cœur;05 56 00 11 22;Artisan;prospect",
            "Gaëlle;Bénard;gaelle.benard@pharmacie-benard.example;Pharmacie Bénard;03 20 45 67 89;Pharmacienne;client",
        ];
        return Encoding.GetEncoding(1252).GetBytes(string.Join("\r\n", lines) + "\r\n");
    }

    [Fact]
    public async Task A_user_imports_a_small_French_csv_through_the_pages()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync(CrmServer.AdminEmail, CrmServer.AdminPassword);
        await Expect(new AppShell(page).NavLink("Dashboard")).ToBeVisibleAsync();

        await page.GotoAsync("/Contacts");
        await page.Locator("main a[href='/Contacts/Import']").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Contacts/Import$"));
        await BrowserFixture.ScreenshotAsync(page, "import-1-upload");

        await new ImportUploadPage(page).UploadAsync("contacts-excel.csv", "text/csv", FrenchExcelCsv());

        await Expect(page).ToHaveURLAsync(new Regex("/Imports/Map/\\d+$"));
        var map = new ImportMapPage(page);
        await Expect(page.Locator("main")).ToContainTextAsync("5 rows to import");
        Assert.Equal("First name", await map.GuessedFieldAsync("Prénom"));
        Assert.Equal("Last name *", await map.GuessedFieldAsync("Nom"));
        Assert.Equal("Email", await map.GuessedFieldAsync("E-mail"));
        Assert.Equal("Company", await map.GuessedFieldAsync("Société"));
        Assert.Equal("Phone", await map.GuessedFieldAsync("Téléphone"));
        Assert.Equal("Job title", await map.GuessedFieldAsync("Fonction"));
        Assert.Equal("Tags", await map.GuessedFieldAsync("Tags"));
        // The accents came through the Windows-1252 decoding: the samples read as typed.
        await Expect(map.Form).ToContainTextAsync("Éloïse");
        await BrowserFixture.ScreenshotAsync(page, "import-2-map");

        await map.ContinueAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/Imports/Preview/\\d+$"));
        var preview = new ImportPreviewPage(page);
        await Expect(preview.Rows).ToHaveCountAsync(5);
        await Expect(preview.ErrorRows).ToHaveCountAsync(1);
        await Expect(preview.ErrorRows.First).ToContainTextAsync("\"noel.coeur@arobase\" is not a valid email address.");
        await Expect(page.Locator("main .alert-warning")).ToContainTextAsync("One row of the file has an error");
        await Expect(preview.Rows.First).ToContainTextAsync("Éloïse");
        await BrowserFixture.ScreenshotAsync(page, "import-3-preview");

        await preview.RunAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/Imports/Status/\\d+$"));
        var status = new ImportStatusPage(page);
        await Expect(status.Done).ToBeVisibleAsync();
        await Expect(status.Count("created")).ToHaveTextAsync("4");
        await Expect(status.Count("errors")).ToHaveTextAsync("1");
        await Expect(status.Count("updated")).ToHaveTextAsync("0");
        await Expect(status.ErrorFileLink).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "import-4-result");

        // The error file names the row (the sixth line of the file) and why.
        var response = await page.APIRequest.GetAsync(await status.ErrorFileLink.GetAttributeAsync("href") ?? string.Empty);
        Assert.True(response.Ok);
        var errorFile = await response.TextAsync();
        Assert.Matches(new Regex("^\uFEFF?Row;Reason\r\n5;", RegexOptions.Multiline), errorFile);

        await page.GotoAsync("/Contacts");
        await page.Locator("#f-q").FillAsync("eloise");
        await page.Locator("#f-q").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("q=eloise"));
        // Other journeys of the collection may have created another Éloïse: look for the imported one among the results.
        var results = page.Locator("main table tbody tr");
        var imported = results.Filter(new() { HasTextString = "Lefèvre" });
        await Expect(imported).ToHaveCountAsync(1);
        await Expect(imported).ToContainTextAsync("Éloïse");
        await Expect(imported).ToContainTextAsync("Boulangerie Lefèvre");
        await Expect(imported.Locator(".badge", new() { HasTextString = "boulangerie" })).ToBeVisibleAsync();
        // Every result answers the accent-insensitive search.
        foreach (var row in await results.AllAsync())
        {
            await Expect(row).ToContainTextAsync("Éloïse");
        }

        await BrowserFixture.ScreenshotAsync(page, "import-5-contacts-search");
        await page.Context.CloseAsync();
    }
}
