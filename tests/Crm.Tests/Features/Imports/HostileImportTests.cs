using System.Net;
using System.Text;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Imports;

/// <summary>The message of the upload page, as shown.</summary>
internal static class UploadPage
{
    public static string? Error(string html) =>
        new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelector("[data-testid=import-error]")?.TextContent.Trim();
}

/// <summary>The app with row limits small enough to test without writing 200,000 rows.</summary>
public sealed class SmallRowLimitApp : CrmAppFactory
{
    public SmallRowLimitApp() => Settings["Imports:MaxRows"] = "50";
}

/// <summary>Files built to cost the server CPU or memory are refused at upload, with what is wrong, and create no job.</summary>
public sealed class HostileImportTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    public static TheoryData<string, string, string> Files() => new()
    {
        { "xfd", "xfd.xlsx", "Row 2 has more than 200 columns (a value in column XFD)." },
        { "bomb-sheet", "bomb.xlsx", "The Excel workbook cannot be imported: a part of it grows more than 100 times when unzipped." },
        { "bomb-shared-strings", "bomb.xlsx", "The Excel workbook cannot be imported: a part of it grows more than 100 times when unzipped." },
        { "xlsx-columns", "wide.xlsx", "Row 1 has more than 200 columns (a value in column GS)." },
        { "csv-columns", "wide.csv", "Line 1 has more than 200 columns." },
        { "csv-long-value", "long.csv", "Line 3: a value is longer than 32,767 characters." },
        { "csv-long-line", "long-line.csv", "Line 2 is longer than 1,048,576 characters." },
        { "csv-unclosed-quote", "quote.csv", "The file is malformed: a quote (\") opened on line 3 is never closed." },
        { "vcard-long-line", "long.vcf", "Line 4 is longer than 1,048,576 characters." },
    };

    private static byte[] Content(string kind) => kind switch
    {
        "xfd" => Workbooks.ReachingXfd(2000, xfdHasValue: true),
        "bomb-sheet" => Workbooks.Bomb(256, inSharedStrings: false),
        "bomb-shared-strings" => Workbooks.Bomb(256, inSharedStrings: true),
        "xlsx-columns" => Workbooks.Build(Workbooks.Sheet("<row r=\"1\">" + string.Concat(Enumerable.Range(1, 201).Select(c => Workbooks.Inline(Column(c) + "1", "Col" + c))) + "</row>")),
        "csv-columns" => Encoding.UTF8.GetBytes(string.Join(',', Enumerable.Range(0, 100_000).Select(i => "c" + i)) + "\nMartin\n"),
        "csv-long-value" => Encoding.UTF8.GetBytes($"Nom,Note\nMartin,court\nDurand,\"{new string('x', 40_000)}\"\n"),
        // Short values, but so many that the line outgrows the limit before it ends and its columns can be counted.
        "csv-long-line" => Encoding.UTF8.GetBytes($"Nom,Note\nMartin,{string.Join(',', Enumerable.Repeat("xxxxxxxx", 120_000))}\n"),
        "csv-unclosed-quote" => Encoding.UTF8.GetBytes($"Nom,Note\nMartin,court\nDurand,\"{new string('x', 40_000)}\nDupont,rien\n"),
        "vcard-long-line" => Encoding.UTF8.GetBytes($"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Martin;Éloïse;;;\r\nNOTE:{new string('x', 2_000_000)}\r\nEND:VCARD\r\n"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string Column(int number)
    {
        var name = string.Empty;
        for (var n = number; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_hostile_file_is_refused_at_upload_with_what_is_wrong_and_creates_no_job(string kind, string fileName, string message)
    {
        var (_, client) = await app.UserAsync(Roles.Sales);
        var jobs = await app.WithDbAsync(db => db.ImportJobs.CountAsync());
        var uploads = Directory.GetFiles(Path.Combine(app.DataDirectory, "uploads")).Length;
        var content = Content(kind);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var response = await client.UploadAsync("/Contacts/Import", content, fileName, timeout.Token);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(timeout.Token);
        Assert.Equal(message, UploadPage.Error(html));
        Assert.Contains("data-testid=\"import-upload\"", html, StringComparison.Ordinal);
        Assert.Equal(jobs, await app.WithDbAsync(db => db.ImportJobs.CountAsync()));
        Assert.Equal(uploads, Directory.GetFiles(Path.Combine(app.DataDirectory, "uploads")).Length);
    }

    [Fact]
    public async Task A_workbook_whose_rows_reach_column_XFD_only_with_empty_cells_imports_its_real_columns()
    {
        var (_, client) = await app.UserAsync(Roles.Sales);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var response = await client.UploadAsync("/Contacts/Import", Workbooks.ReachingXfd(2000, xfdHasValue: false), "styled.xlsx", timeout.Token);

        var id = ImportTestHelpers.JobId(response);
        Assert.Equal(2000, (await app.JobAsync(id)).TotalRows);
        var map = await client.GetStringAsync($"/Imports/Map/{id}", timeout.Token);
        Assert.Contains("name=\"Columns[0]\"", map, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Columns[1]\"", map, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_french_user_reads_the_limit_in_french()
    {
        var (_, client) = await app.UserAsync(Roles.Sales);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR");
        var response = await client.UploadAsync("/Contacts/Import", Content("csv-long-value"), "long.csv");
        Assert.Equal("Ligne 3\u00a0: une valeur dépasse 32\u202f767 caractères.", UploadPage.Error(await response.Content.ReadAsStringAsync()));
    }
}

public sealed class ImportRowLimitTests(SmallRowLimitApp app) : IClassFixture<SmallRowLimitApp>
{
    [Theory]
    [InlineData("rows.csv")]
    [InlineData("rows.xlsx")]
    public async Task A_file_with_more_rows_than_the_limit_is_refused_and_creates_no_job(string fileName)
    {
        var (_, client) = await app.UserAsync(Roles.Sales);
        var jobs = await app.WithDbAsync(db => db.ImportJobs.CountAsync());
        var content = fileName.EndsWith(".csv", StringComparison.Ordinal)
            ? Encoding.UTF8.GetBytes("Nom\n" + string.Concat(Enumerable.Range(0, 51).Select(i => $"Nom{i}\n")))
            : Workbooks.Build(Workbooks.Sheet(string.Concat(Enumerable.Range(1, 52).Select(r => $"<row r=\"{r}\">{Workbooks.Inline($"A{r}", r == 1 ? "Nom" : $"Nom{r}")}</row>"))));

        var response = await client.UploadAsync("/Contacts/Import", content, fileName);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("The file has more than 50 rows: split it into smaller files.", UploadPage.Error(await response.Content.ReadAsStringAsync()));
        Assert.Equal(jobs, await app.WithDbAsync(db => db.ImportJobs.CountAsync()));
    }

    [Fact]
    public async Task A_file_at_the_row_limit_is_accepted()
    {
        var (_, client) = await app.UserAsync(Roles.Sales);
        var response = await client.UploadAsync("/Contacts/Import", Encoding.UTF8.GetBytes("Nom\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"Nom{i}\n"))), "rows.csv");
        Assert.Equal(50, (await app.JobAsync(ImportTestHelpers.JobId(response))).TotalRows);
    }
}
