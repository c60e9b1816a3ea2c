using System.Globalization;
using ClosedXML.Excel;
using Crm.Web.Infrastructure.Export;
using Crm.Web.Infrastructure.Localization;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Reports;

/// <summary>Who exported a report, when, and how they read numbers, dates and times (their culture and time zone).</summary>
public sealed record ReportExport(string ExportedBy, DateTime ExportedAtUtc, TimeZoneInfo Zone, CultureInfo Culture, string CompanyCurrency);

/// <summary>
/// A report table as a formatted workbook (issue 16): a first sheet stating the report, its filters, who exported it and
/// when (on their clock); then the data with a styled, frozen header row, an autofilter, the culture's number, money,
/// percent and date formats, and explicit column widths (never AdjustToContents: it measures text with System.Drawing,
/// slow, and missing on a server without libgdiplus). Text is always written as a text cell, so "=1+1", "+33 6…" or
/// "@SUM(…)" is shown as typed and never evaluated; a formula-leading text also gets Excel's quote prefix, so editing the
/// cell keeps it text. Labels are read in the current UI culture: the caller sets it (a page does, a scheduled run
/// sets the owner's).
/// </summary>
public sealed class ReportWorkbook(IStringLocalizer<SharedResource> l)
{
    /// <summary>Widest column, in characters: a long text wraps in Excel rather than pushing the next columns away.</summary>
    public const int MaxWidth = 60;

    /// <summary>How many rows are measured to size a text column (a table is capped anyway; measuring all is not needed).</summary>
    private const int MeasuredRows = 500;

    private static readonly XLColor HeaderFill = XLColor.FromHtml("#1F4E79");

    public void Write(ReportTable table, ReportExport export, Stream output)
    {
        using var workbook = new XLWorkbook();
        WriteAbout(workbook.AddWorksheet(SheetName(l["Report"])), table.Title, table.Filters, export);
        WriteData(workbook.AddWorksheet(SheetName(l["Data"])), table, export);
        workbook.SaveAs(output);
    }

    /// <summary>The first sheet: title, who, when, the time zone and the filters, label in column A, value in B.</summary>
    private void WriteAbout(IXLWorksheet sheet, string title, IReadOnlyList<ReportFilter> filters, ReportExport export)
    {
        sheet.Column(1).Width = 28;
        sheet.Column(2).Width = MaxWidth;
        var titleCell = sheet.Cell(1, 1);
        Text(titleCell, title);
        titleCell.Style.Font.Bold = true;
        titleCell.Style.Font.FontSize = 14;

        var row = 3;
        Label(sheet.Cell(row, 1), l["Exported by"]);
        Text(sheet.Cell(row++, 2), export.ExportedBy);
        Label(sheet.Cell(row, 1), l["Exported on"]);
        var at = sheet.Cell(row++, 2);
        at.SetValue(UserTime.ToLocal(export.ExportedAtUtc, export.Zone));
        at.Style.NumberFormat.Format = ReportFormats.DateTime(export.Culture);
        at.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Left;
        Label(sheet.Cell(row, 1), l["Time zone"]);
        Text(sheet.Cell(row++, 2), export.Zone.Id);

        row++;
        var heading = sheet.Cell(row++, 1);
        Text(heading, l["Filters"]);
        heading.Style.Font.Bold = true;
        if (filters.Count == 0)
        {
            Text(sheet.Cell(row, 1), l["None: every record you may see."]);
        }

        foreach (var filter in filters)
        {
            Label(sheet.Cell(row, 1), l[filter.Name]);
            Text(sheet.Cell(row++, 2), filter.Value);
        }

        sheet.Column(2).Style.Alignment.WrapText = true;
    }

    private void WriteData(IXLWorksheet sheet, ReportTable table, ReportExport export)
    {
        var columns = table.Columns;
        var formats = columns.Select(c => ReportFormats.Of(c, export.CompanyCurrency, export.Culture)).ToArray();
        for (var c = 0; c < columns.Count; c++)
        {
            var cell = sheet.Cell(1, c + 1);
            Text(cell, l[columns[c].Header]);
        }

        for (var r = 0; r < table.Rows.Count; r++)
        {
            var values = table.Rows[r];
            for (var c = 0; c < columns.Count && c < values.Length; c++)
            {
                Value(sheet.Cell(r + 2, c + 1), values[c], columns[c].Type, export.Zone);
            }
        }

        var lastRow = Math.Max(1, table.Rows.Count + 1);
        for (var c = 0; c < columns.Count; c++)
        {
            var column = sheet.Column(c + 1);
            column.Width = Width(table, c, l[columns[c].Header]);
            if (formats[c] is { } format && table.Rows.Count > 0)
            {
                sheet.Range(2, c + 1, lastRow, c + 1).Style.NumberFormat.Format = format;
            }
        }

        if (columns.Count == 0)
        {
            return;
        }

        var header = sheet.Range(1, 1, 1, columns.Count).Style;
        header.Font.Bold = true;
        header.Font.FontColor = XLColor.White;
        header.Fill.BackgroundColor = HeaderFill;
        header.Border.BottomBorder = XLBorderStyleValues.Thin;
        header.Alignment.WrapText = true;
        header.Alignment.Vertical = XLAlignmentVerticalValues.Center;
        sheet.SheetView.FreezeRows(1);
        sheet.Range(1, 1, lastRow, columns.Count).SetAutoFilter();
    }

    /// <summary>
    /// A value as its column's type says: numbers as numbers, a day as a date, a time on the user's clock (UTC in the
    /// table, as stored), text as text. A value of another type than the column's is written for what it is.
    /// </summary>
    private static void Value(IXLCell cell, object? value, ReportValueType type, TimeZoneInfo zone)
    {
        switch (value)
        {
            case null:
                break;
            case string text:
                Text(cell, text);
                break;
            case DateTime at when type == ReportValueType.DateTime:
                cell.SetValue(at.Kind == DateTimeKind.Local ? at : UserTime.ToLocal(at, zone));
                break;
            case DateTime day:
                cell.SetValue(day.Date);
                break;
            case DateOnly day:
                cell.SetValue(day.ToDateTime(TimeOnly.MinValue));
                break;
            case int or long or short or byte or decimal or double or float:
                cell.SetValue(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case bool flag:
                cell.SetValue(flag);
                break;
            default:
                Text(cell, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
                break;
        }
    }

    /// <summary>
    /// Text as a text cell whatever it starts with. ClosedXML 0.95's untyped <c>Value</c> setter reads a string starting
    /// with "=" as a formula; the typed <c>SetValue&lt;string&gt;</c> never does (ReportWorkbookTests read it back).
    /// </summary>
    private static void Text(IXLCell cell, string text)
    {
        cell.SetValue<string>(text);
        cell.DataType = XLDataType.Text;
        if (text.Length > 0 && SpreadsheetSafe.IsFormulaLeading(text[0]))
        {
            cell.Style.IncludeQuotePrefix = true;
        }
    }

    private static void Label(IXLCell cell, string text)
    {
        Text(cell, text);
        cell.Style.Font.Bold = true;
    }

    /// <summary>The column's declared width, widened to its header and its longest text (of the first rows), at most <see cref="MaxWidth"/>.</summary>
    private static double Width(ReportTable table, int column, string header)
    {
        var widest = Math.Max(table.Columns[column].Width, header.Length + 2);
        foreach (var row in table.Rows.Take(MeasuredRows))
        {
            if (column < row.Length && row[column] is string text)
            {
                widest = Math.Max(widest, text.Length + 2);
            }
        }

        return Math.Min(widest, MaxWidth);
    }

    /// <summary>A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ].</summary>
    public static string SheetName(string name)
    {
        var clean = new string(name.Where(c => c is not (':' or '\\' or '/' or '?' or '*' or '[' or ']')).ToArray()).Trim();
        return clean.Length == 0 ? "Sheet" : clean.Length <= 31 ? clean : clean[..31];
    }
}
