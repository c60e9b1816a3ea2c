using System.Globalization;
using Crm.Web.Features.Deals;

namespace Crm.Web.Features.Reports;

/// <summary>
/// A report's value as the page shows it, in the user's culture ("12 500,00 €", "87,5 %", "3,2 h"): the standard reports'
/// and the builder's. An amount whose currency neither the column nor the caller knows shows as a plain number.
/// </summary>
public static class ReportCells
{
    public static string Format(object? value, ReportColumn column, string? defaultCurrency = null, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        return value switch
        {
            null => string.Empty,
            string text => text,
            DateOnly day => day.ToString("d", culture),
            DateTime time when column.Type == ReportValueType.Date => time.ToString("d", culture),
            DateTime time => time.ToString("g", culture),
            _ when column.Type == ReportValueType.Money && (column.Currency ?? defaultCurrency) is null => Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString("N2", culture),
            _ when column.Type == ReportValueType.Money => Money.Format(Convert.ToDecimal(value, CultureInfo.InvariantCulture), (column.Currency ?? defaultCurrency)!, culture),
            _ when column.Type == ReportValueType.Percent => Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString("P1", culture),
            _ when column.Type == ReportValueType.Hours => string.Format(culture, "{0:N1} h", value),
            _ when column.Type == ReportValueType.Count => string.Format(culture, "{0:N0}", value),
            IFormattable number => number.ToString("N2", culture),
            _ => value.ToString() ?? string.Empty,
        };
    }

    /// <summary>Whether the column's values are numbers, aligned right.</summary>
    public static bool IsNumeric(ReportColumn column) => column.Type is not (ReportValueType.Text or ReportValueType.Date or ReportValueType.DateTime);
}
