using System.Globalization;
using System.Text;

namespace Crm.Web.Features.Reports;

/// <summary>
/// The Excel number formats of a report's columns in the user's culture, shared by the formatted workbook
/// (<see cref="ReportWorkbook"/>) and the streamed one (Infrastructure/Export/XlsxFile.cs). Excel shows the digit
/// separators of the reader's own settings; what a format code fixes is the rest: where the currency symbol goes
/// ("1 234,56 €" in French, "€1,234.56" in English), the order of day and month, a 24-hour or AM/PM clock.
/// </summary>
public static class ReportFormats
{
    public const string Count = "#,##0";
    public const string Number = "#,##0.00";
    public const string Percent = "0.0%";

    public static string Hours => "#,##0.0\" h\"";

    /// <summary>The format code of a column, or null for text.</summary>
    public static string? Of(ReportColumn column, string companyCurrency, CultureInfo culture) => column.Type switch
    {
        ReportValueType.Count => Count,
        ReportValueType.Number => Number,
        ReportValueType.Money => Money(column.Currency ?? companyCurrency, culture),
        ReportValueType.Percent => Percent,
        ReportValueType.Hours => Hours,
        ReportValueType.Date => Date(culture),
        ReportValueType.DateTime => DateTime(culture),
        _ => null,
    };

    /// <summary>An amount with its currency's symbol where the culture writes it ("#,##0.00 "€"" in French).</summary>
    public static string Money(string currency, CultureInfo culture)
    {
        var symbol = "\"" + Deals.Money.SymbolOf(currency).Replace("\"", string.Empty, StringComparison.Ordinal) + "\"";
        return culture.NumberFormat.CurrencyPositivePattern switch
        {
            0 => symbol + Number,
            1 => Number + symbol,
            2 => symbol + "\\ " + Number,
            _ => Number + "\\ " + symbol,
        };
    }

    public static string Date(CultureInfo culture) => ToExcel(culture.DateTimeFormat.ShortDatePattern);

    public static string DateTime(CultureInfo culture) => Date(culture) + " " + ToExcel(culture.DateTimeFormat.ShortTimePattern);

    /// <summary>A .NET date or time pattern as an Excel format code: months are "m", minutes too (Excel tells them apart by position), "tt" is AM/PM.</summary>
    private static string ToExcel(string pattern)
    {
        var code = new StringBuilder(pattern.Length + 4);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case 'M':
                    code.Append('m');
                    break;
                case 'H':
                    code.Append('h');
                    break;
                case 't':
                    while (i + 1 < pattern.Length && pattern[i + 1] == 't')
                    {
                        i++;
                    }

                    code.Append("AM/PM");
                    break;
                case var space when char.IsWhiteSpace(space):
                    // .NET writes a narrow no-break space before AM/PM: Excel wants a plain one.
                    code.Append(' ');
                    break;
                case 'y' or 'd' or 'h' or 'm' or 's' or ':' or '/' or '.' or '-':
                    code.Append(c);
                    break;
                default:
                    code.Append('\\').Append(c);
                    break;
            }
        }

        return code.ToString();
    }
}
