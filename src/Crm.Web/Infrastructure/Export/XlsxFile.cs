using System.Globalization;
using System.IO.Packaging;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Crm.Web.Infrastructure.Export;

/// <summary>
/// Writes rows to an .xlsx in a temporary file that deletes itself when the response has sent it. The sheet is streamed
/// cell by cell (inline strings, no shared-string table), so memory stays bounded whatever the row count; the file (not
/// the response) takes the bytes so a failure mid-way answers an error instead of a truncated download. The sheet goes
/// through a plain XmlWriter: OpenXmlWriter took twice as long for the same XML (100k contacts: 3.9 s against 1.8 s);
/// the small parts are the SDK's typed elements.
/// </summary>
public static class XlsxFile
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private const string Relationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    private const string WorkbookType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
    private const string WorksheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
    private const string StylesType = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    // Indexes into the stylesheet's cellXfs (see Styles).
    private const uint DateStyle = 1;
    private const uint DayStyle = 3;
    private const uint HeaderStyle = 2;

    /// <summary>
    /// Writes the header row, then each row's cells in column order: text as inline strings, numbers as numbers, dates
    /// as dates. With no row, the sheet holds the header row alone.
    /// </summary>
    public static async Task<Stream> WriteAsync(IAsyncEnumerable<object?[]> rows, string sheetName, IReadOnlyList<ExportColumn> columns, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"crm-export-{Guid.NewGuid():N}.xlsx");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        try
        {
            // Write-only, and so without the SDK's SpreadsheetDocument (2.20 opens its packages for reading too): a package
            // opened for reading buffers every part in memory until it is closed; written only, it streams to the file.
            using (var package = Package.Open(file, FileMode.Create, FileAccess.Write))
            {
                // Fast: a third larger than Normal (still smaller than MiniExcel's) for half a second less at 100k rows.
                await using (var stream = package.CreatePart(new Uri("/xl/worksheets/sheet1.xml", UriKind.Relative), WorksheetType, CompressionOption.Fast).GetStream())
                using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
                {
                    await WriteSheetAsync(writer, rows, columns, ct);
                }

                await using (var stream = package.CreatePart(new Uri("/xl/styles.xml", UriKind.Relative), StylesType, CompressionOption.Normal).GetStream())
                {
                    Styles().Save(stream);
                }

                // Last: in a written-only package a part is written once, right after it is created.
                var workbook = package.CreatePart(new Uri("/xl/workbook.xml", UriKind.Relative), WorkbookType, CompressionOption.Normal);
                package.CreateRelationship(workbook.Uri, TargetMode.Internal, Relationship + "officeDocument");
                var sheet = workbook.CreateRelationship(new Uri("worksheets/sheet1.xml", UriKind.Relative), TargetMode.Internal, Relationship + "worksheet");
                workbook.CreateRelationship(new Uri("styles.xml", UriKind.Relative), TargetMode.Internal, Relationship + "styles");
                await using (var stream = workbook.GetStream())
                {
                    new Workbook(new Sheets(new Sheet { Name = sheetName, SheetId = 1, Id = sheet.Id })).Save(stream);
                }
            }

            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static async Task WriteSheetAsync(XmlWriter writer, IAsyncEnumerable<object?[]> rows, IReadOnlyList<ExportColumn> columns, CancellationToken ct)
    {
        writer.WriteStartElement("worksheet", Main);
        writer.WriteStartElement("cols", Main);
        for (var i = 0; i < columns.Count; i++)
        {
            var index = XmlConvert.ToString(i + 1);
            writer.WriteStartElement("col", Main);
            writer.WriteAttributeString("min", index);
            writer.WriteAttributeString("max", index);
            writer.WriteAttributeString("width", XmlConvert.ToString(columns[i].Width));
            writer.WriteAttributeString("customWidth", "1");
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteStartElement("sheetData", Main);
        var cells = new CellWriter(writer, columns.Count);
        cells.StartRow();
        foreach (var column in columns)
        {
            cells.Text(column.Header, HeaderStyle);
        }

        writer.WriteEndElement();
        await foreach (var row in rows.WithCancellation(ct))
        {
            cells.StartRow();
            foreach (var value in row)
            {
                cells.Value(value);
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>Writes a row's cells with their references; an empty cell is left out.</summary>
    private sealed class CellWriter(XmlWriter writer, int columnCount)
    {
        private readonly string[] _letters = Enumerable.Range(0, columnCount).Select(Letters).ToArray();
        private int _rowNumber;
        private string _rowText = string.Empty;
        private int _column;

        public void StartRow()
        {
            _rowNumber++;
            _rowText = _rowNumber.ToString(CultureInfo.InvariantCulture);
            _column = 0;
            writer.WriteStartElement("row", Main);
            writer.WriteAttributeString("r", _rowText);
        }

        public void Value(object? value)
        {
            switch (value)
            {
                case null:
                    _column++;
                    break;
                case string text:
                    Text(text, 0);
                    break;
                case DateTime at:
                    Number(at.ToOADate().ToString("R", CultureInfo.InvariantCulture), DateStyle);
                    break;
                case DateOnly day:
                    Number(day.ToDateTime(TimeOnly.MinValue).ToOADate().ToString("R", CultureInfo.InvariantCulture), DayStyle);
                    break;
                case bool flag:
                    Start("b", 0);
                    writer.WriteElementString("v", Main, flag ? "1" : "0");
                    writer.WriteEndElement();
                    break;
                case int or long or short or byte or uint or ulong or ushort or sbyte or decimal or double or float:
                    Number(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture), 0);
                    break;
                default:
                    Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, 0);
                    break;
            }
        }

        public void Text(string text, uint style)
        {
            text = XmlSafe(text);
            if (text.Length == 0)
            {
                _column++;
                return;
            }

            Start("inlineStr", style);
            writer.WriteStartElement("is", Main);
            writer.WriteStartElement("t", Main);
            if (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
            {
                writer.WriteAttributeString("xml", "space", null, "preserve");
            }

            writer.WriteString(text);
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        private void Number(string number, uint style)
        {
            Start(null, style);
            writer.WriteElementString("v", Main, number);
            writer.WriteEndElement();
        }

        private void Start(string? type, uint style)
        {
            writer.WriteStartElement("c", Main);
            writer.WriteAttributeString("r", _letters[_column++] + _rowText);
            if (style != 0)
            {
                writer.WriteAttributeString("s", style.ToString(CultureInfo.InvariantCulture));
            }

            if (type is not null)
            {
                writer.WriteAttributeString("t", type);
            }
        }

        private static string Letters(int column)
        {
            var letters = string.Empty;
            for (var n = column + 1; n > 0; n = (n - 1) / 26)
            {
                letters = (char)('A' + ((n - 1) % 26)) + letters;
            }

            return letters;
        }

        /// <summary>Control characters that XML cannot carry (a pasted form feed, say) are dropped rather than failing the export.</summary>
        private static string XmlSafe(string text) =>
            text.AsSpan().ContainsAny(Unwritable) ? string.Concat(text.Where(c => !Unwritable.Contains(c))) : text;

        private static readonly System.Buffers.SearchValues<char> Unwritable = System.Buffers.SearchValues.Create(
            Enumerable.Range(0, 32).Select(c => (char)c).Where(c => c is not ('\t' or '\n' or '\r')).ToArray());
    }

    /// <summary>The least stylesheet Excel accepts, with a date-time format for times, a date format for days and a bold font for the header row.</summary>
    private static Stylesheet Styles() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd hh:mm" },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "yyyy-mm-dd" }) { Count = 2 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 164, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true },
            new CellFormat { NumberFormatId = 165, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true }) { Count = 4 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
}

/// <summary>A column of an export: its header in the user's language and its width.</summary>
public sealed record ExportColumn(string Header, int Width = 18);
