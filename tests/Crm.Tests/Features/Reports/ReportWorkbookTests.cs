using System.Globalization;
using System.IO.Compression;
using ClosedXML.Excel;
using Crm.Web;
using Crm.Web.Features.Reports;
using Crm.Web.Infrastructure.Export;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Crm.Tests.Features.Reports;

/// <summary>The report workbooks, formatted and streamed, read back with ClosedXML as a user would open them.</summary>
public sealed class ReportWorkbookTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly CultureInfo American = CultureInfo.GetCultureInfo("en-US");

    private static readonly ReportColumn[] Columns =
    [
        new("Source", "Source", ReportValueType.Text, Width: 12),
        new("count", "Contacts", ReportValueType.Count, Width: 10),
        new("amount", "Amount", ReportValueType.Money),
        new("rate", "Win rate", ReportValueType.Percent),
        new("closed", "Closed on", ReportValueType.Date),
        new("at", "Created", ReportValueType.DateTime),
        new("hours", "Resolution time", ReportValueType.Hours),
    ];

    private static ReportTable Table() => new(
        "Contacts by source",
        Columns,
        [
            ["Web", 1234, 1234.56m, 0.25, new DateOnly(2026, 12, 3), new DateTime(2026, 12, 3, 8, 30, 0, DateTimeKind.Utc), 2.5],
            ["=1+1", 2, 10m, 1.0, new DateTime(2026, 1, 31), new DateTime(2026, 7, 1, 22, 15, 0, DateTimeKind.Utc), 0.0],
            ["+33 6 12 34 56 78", 3, null, null, null, null, null],
            ["@SUM(A1:A9)", 4, -5.5m, 0.5, null, null, null],
            ["-2+3", 5, 0m, 0.0, null, null, null],
        ],
        [new ReportFilter("Owner", "Alice Martin"), new ReportFilter("Period", "=HYPERLINK(\"http://evil\")")]);

    private static ReportExport Export(CultureInfo culture) =>
        new("Alice Martin", new DateTime(2026, 12, 3, 20, 5, 0, DateTimeKind.Utc), Paris, culture, "EUR");

    private static IStringLocalizer<SharedResource> Localizer() =>
        new StringLocalizer<SharedResource>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance));

    private static XLWorkbook Written(CultureInfo culture, string language, ReportTable? table = null)
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            var stream = new MemoryStream();
            new ReportWorkbook(Localizer()).Write(table ?? Table(), Export(culture), stream);
            stream.Position = 0;
            return new XLWorkbook(stream);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
        }
    }

    [Fact]
    public void A_french_workbook_states_the_report_and_its_filters_and_formats_numbers_as_in_france()
    {
        using var workbook = Written(French, "fr");

        var about = workbook.Worksheet(1);
        Assert.Equal("Rapport", about.Name);
        Assert.Equal("Contacts by source", about.Cell(1, 1).GetString());
        Assert.Equal("Exporté par", about.Cell(3, 1).GetString());
        Assert.Equal("Alice Martin", about.Cell(3, 2).GetString());
        Assert.Equal(new DateTime(2026, 12, 3, 21, 5, 0), about.Cell(4, 2).GetDateTime());
        Assert.Equal("dd/mm/yyyy hh:mm", about.Cell(4, 2).Style.NumberFormat.Format);
        Assert.Equal("Europe/Paris", about.Cell(5, 2).GetString());
        var filters = about.RowsUsed().Select(r => (r.Cell(1).GetString(), r.Cell(2).GetString())).ToList();
        Assert.Contains(("Propriétaire", "Alice Martin"), filters);
        Assert.Contains(("Période", "=HYPERLINK(\"http://evil\")"), filters);
        Assert.DoesNotContain(about.CellsUsed(), c => c.HasFormula);

        var data = workbook.Worksheet(2);
        Assert.Equal("Données", data.Name);
        Assert.Equal("Source", data.Cell(1, 1).GetString());
        Assert.True(data.Cell(1, 1).Style.Font.Bold);
        Assert.Equal(1234, data.Cell(2, 2).GetDouble());
        Assert.Equal(1234.56, data.Cell(2, 3).GetDouble(), 6);
        Assert.Equal("#,##0", data.Cell(2, 2).Style.NumberFormat.Format);
        Assert.Equal("#,##0.00\\ \"€\"", data.Cell(2, 3).Style.NumberFormat.Format);
        Assert.Equal("0.0%", data.Cell(2, 4).Style.NumberFormat.Format);
        Assert.Equal(0.25, data.Cell(2, 4).GetDouble(), 6);
        Assert.Equal("dd/mm/yyyy", data.Cell(2, 5).Style.NumberFormat.Format);
        Assert.Equal(new DateTime(2026, 12, 3), data.Cell(2, 5).GetDateTime());
        Assert.Equal(new DateTime(2026, 1, 31), data.Cell(3, 5).GetDateTime());

        // UTC in the table, Paris time in the workbook (winter +1, summer +2).
        Assert.Equal(new DateTime(2026, 12, 3, 9, 30, 0), data.Cell(2, 6).GetDateTime());
        Assert.Equal(new DateTime(2026, 7, 2, 0, 15, 0), data.Cell(3, 6).GetDateTime());
        Assert.Equal("#,##0.0\" h\"", data.Cell(2, 7).Style.NumberFormat.Format);
        Assert.True(data.Cell(4, 3).IsEmpty());
    }

    [Fact]
    public void The_data_sheet_has_a_frozen_header_an_autofilter_and_explicit_widths()
    {
        using var workbook = Written(French, "fr");
        var data = workbook.Worksheet(2);

        Assert.Equal(1, data.SheetView.SplitRow);
        Assert.True(data.AutoFilter.IsEnabled);
        Assert.Equal("A1:G6", data.AutoFilter.Range.RangeAddress.ToString());
        Assert.Equal(19, data.Column(1).Width, 1); // "+33 6 12 34 56 78" (17) + 2, wider than the declared 12
        Assert.Equal(10, data.Column(2).Width, 1);
        Assert.Equal(18, data.Column(3).Width, 1);
    }

    [Theory]
    [InlineData(3, "=1+1")]
    [InlineData(4, "+33 6 12 34 56 78")]
    [InlineData(5, "@SUM(A1:A9)")]
    [InlineData(6, "-2+3")]
    public void Text_that_looks_like_a_formula_stays_text(int row, string text)
    {
        using var workbook = Written(French, "fr");
        var cell = workbook.Worksheet(2).Cell(row, 1);

        Assert.False(cell.HasFormula);
        Assert.Equal(XLDataType.Text, cell.DataType);
        Assert.Equal(text, cell.GetString());
        Assert.True(cell.Style.IncludeQuotePrefix);
    }

    [Fact]
    public void The_file_holds_no_formula_at_all()
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        using var stream = new MemoryStream();
        new ReportWorkbook(Localizer()).Write(Table(), Export(French), stream);
        stream.Position = 0;
        using var zip = new ZipArchive(stream);
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            Assert.DoesNotContain("<x:f>", reader.ReadToEnd().Replace("<f>", "<x:f>", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        Assert.Equal(before, CultureInfo.CurrentCulture);
        Assert.Equal(beforeUi, CultureInfo.CurrentUICulture);
    }

    [Fact]
    public void An_american_workbook_puts_the_symbol_first_and_the_month_before_the_day()
    {
        using var workbook = Written(American, "en");
        var data = workbook.Worksheet(2);

        Assert.Equal("Report", workbook.Worksheet(1).Name);
        Assert.Equal("Data", data.Name);
        Assert.Equal("\"€\"#,##0.00", data.Cell(2, 3).Style.NumberFormat.Format);
        Assert.Equal("m/d/yyyy", data.Cell(2, 5).Style.NumberFormat.Format);
        Assert.Equal("m/d/yyyy h:mm AM/PM", data.Cell(2, 6).Style.NumberFormat.Format);
    }

    [Fact]
    public void A_report_without_rows_or_filters_still_opens_with_its_header()
    {
        using var workbook = Written(French, "fr", new ReportTable("Rien", Columns, [], []));

        Assert.Equal("Aucun : tous les enregistrements que vous pouvez voir.".Replace(" :", "\u202F:", StringComparison.Ordinal), workbook.Worksheet(1).Cell(8, 1).GetString());
        Assert.Equal("Source", workbook.Worksheet(2).Cell(1, 1).GetString());
        Assert.Single(workbook.Worksheet(2).RowsUsed());
    }

    private static async IAsyncEnumerable<object?[]> Rows(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return [i % 2 == 0 ? "=cmd|' /C calc'!A0" : $"Name {i}", i, 1000m + i, new DateTime(2026, 12, 2, 9, 30, 0)];
        }
    }

    [Fact]
    public async Task A_streamed_workbook_has_the_first_sheet_the_formats_a_frozen_header_and_an_autofilter()
    {
        ExportColumn[] columns =
        [
            new("Name", 20),
            new("Count", 10, ReportFormats.Count),
            new("Amount", 14, ReportFormats.Money("EUR", French)),
            new("When", 18, ReportFormats.DateTime(French)),
        ];
        var cover = new XlsxCover("Rapport", [new("Raw contacts", null), new("Exporté par", "Alice"), new("Propriétaire", "=1+1")]);
        using var stream = new MemoryStream();
        await XlsxFile.WriteAsync(stream, Rows(1200), "Données", columns, new XlsxLayout(cover, FrozenHeader: true, AutoFilter: true), CancellationToken.None);

        stream.Position = 0;
        using (var document = SpreadsheetDocument.Open(stream, false))
        {
            Assert.Empty(new OpenXmlValidator().Validate(document).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}"));
        }

        stream.Position = 0;
        using var workbook = new XLWorkbook(stream);
        var about = workbook.Worksheet(1);
        Assert.Equal("Rapport", about.Name);
        Assert.Equal("Raw contacts", about.Cell(1, 1).GetString());
        Assert.Equal("Alice", about.Cell(2, 2).GetString());
        Assert.Equal("=1+1", about.Cell(3, 2).GetString());
        Assert.False(about.Cell(3, 2).HasFormula);

        var data = workbook.Worksheet(2);
        Assert.Equal("Données", data.Name);
        Assert.Equal(1201, data.LastRowUsed().RowNumber());
        Assert.Equal("=cmd|' /C calc'!A0", data.Cell(2, 1).GetString());
        Assert.False(data.Cell(2, 1).HasFormula);
        Assert.Equal(1199, data.Cell(1201, 2).GetDouble());
        Assert.Equal("#,##0.00\\ \"€\"", data.Cell(2, 3).Style.NumberFormat.Format);
        Assert.Equal("dd/mm/yyyy hh:mm", data.Cell(2, 4).Style.NumberFormat.Format);
        Assert.Equal(new DateTime(2026, 12, 2, 9, 30, 0), data.Cell(2, 4).GetDateTime());
        Assert.Equal(1, data.SheetView.SplitRow);
        Assert.Equal("A1:D1201", data.AutoFilter.Range.RangeAddress.ToString());
        Assert.InRange(data.Column(3).Width, 13, 14); // ClosedXML reads a width back without Excel's cell padding
    }
}
