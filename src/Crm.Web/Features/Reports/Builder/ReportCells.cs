using System.Globalization;

namespace Crm.Web.Features.Reports.Builder;

/// <summary>How a report's cell reads on a page, in the user's culture.</summary>
public static class ReportCells
{
    public static bool IsNumber(ReportColumn column) =>
        column.Type is ReportValueType.Count or ReportValueType.Number or ReportValueType.Money or ReportValueType.Percent or ReportValueType.Hours;

    public static string Format(object? value, ReportColumn column)
    {
        var culture = CultureInfo.CurrentCulture;
        return value switch
        {
            null => string.Empty,
            string text => text,
            DateOnly day => day.ToString("d", culture),
            DateTime at => column.Type == ReportValueType.Date ? at.ToString("d", culture) : at.ToString("g", culture),
            int or long when column.Type == ReportValueType.Count => Convert.ToInt64(value, culture).ToString("N0", culture),
            _ when column.Type == ReportValueType.Money => Convert.ToDecimal(value, culture).ToString("N2", culture),
            _ when column.Type == ReportValueType.Percent => Convert.ToDouble(value, culture).ToString("P0", culture),
            int or long or decimal or double or float or short => Convert.ToDecimal(value, culture).ToString("#,##0.##", culture),
            _ => Convert.ToString(value, culture) ?? string.Empty,
        };
    }
}
