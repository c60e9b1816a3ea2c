using Crm.Web.Infrastructure.Export;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;

namespace Crm.Tests.Infrastructure.Export;

/// <summary>
/// The streamed XLSX writer writes the sheet's XML by hand: the package it makes must pass the Open XML SDK's schema
/// validation (what Excel is strict about), whatever the cells hold, empty or not.
/// </summary>
public sealed class XlsxFileTests
{
    private static readonly ExportColumn[] Columns =
    [
        new("Id", 8),
        new("Name < & > \"quoted\""),
        new("When", 18),
        new("Amount"),
    ];

    private static async IAsyncEnumerable<object?[]> Rows(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return [i, i % 3 == 0 ? null : $"Name {i} <b>&\u0001", new DateTime(2026, 12, 2, 9, 30, 0).AddDays(i), 1234.5m + i];
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(2500)]
    public async Task The_package_passes_schema_validation_and_holds_every_row(int count)
    {
        await using var file = await XlsxFile.WriteAsync(Rows(count), "Contacts", Columns, CancellationToken.None);
        using var copy = new MemoryStream();
        await file.CopyToAsync(copy);
        copy.Position = 0;

        using var document = SpreadsheetDocument.Open(copy, false);
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);
        var sheet = document.WorkbookPart!.WorksheetParts.Single();
        var rows = sheet.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Count();
        Assert.Equal(count + 1, rows);
    }
}
