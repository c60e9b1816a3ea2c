namespace Crm.Web.Features.Settings;

/// <summary>
/// The company's fiscal year, as set at /Admin/Settings: what forecasts, reports and dashboards read to group by
/// fiscal year and quarter.
/// </summary>
public sealed class FiscalCalendar(CurrentSettings settings)
{
    public async Task<int> StartMonthAsync(CancellationToken ct) => Math.Clamp((await settings.GetAsync(ct)).FiscalYearStartMonth, 1, 12);

    /// <summary>The first day of the fiscal year that holds <paramref name="day"/>.</summary>
    public static DateOnly YearStart(DateOnly day, int startMonth)
    {
        var start = new DateOnly(day.Year, startMonth, 1);
        return start > day ? start.AddYears(-1) : start;
    }

    /// <summary>The fiscal quarter (1 to 4) that holds <paramref name="day"/>.</summary>
    public static int Quarter(DateOnly day, int startMonth)
    {
        var start = YearStart(day, startMonth);
        var months = ((day.Year - start.Year) * 12) + day.Month - start.Month;
        return (months / 3) + 1;
    }
}
