using Crm.Web.Features.Reports;

namespace Crm.Tests.Features.Reports;

/// <summary>When a schedule is next due, on its owner's clock.</summary>
public sealed class ReportScheduleTimingTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static DateTime Utc(int y, int m, int d, int h, int min) => new(y, m, d, h, min, 0, DateTimeKind.Utc);

    [Fact]
    public void Weekly_is_the_next_such_weekday_at_the_time_on_the_owners_clock()
    {
        // Thursday 3 December 2026, 20:00 UTC: the next Monday 08:00 in Paris (winter, +1) is 7 December 07:00 UTC.
        var next = ReportSchedule.Next(ScheduleFrequency.Weekly, DayOfWeek.Monday, null, 8 * 60, Paris, Utc(2026, 12, 3, 20, 0));
        Assert.Equal(Utc(2026, 12, 7, 7, 0), next);

        // The same in New York (-5) is 13:00 UTC.
        Assert.Equal(Utc(2026, 12, 7, 13, 0), ReportSchedule.Next(ScheduleFrequency.Weekly, DayOfWeek.Monday, null, 8 * 60, NewYork, Utc(2026, 12, 3, 20, 0)));
    }

    [Fact]
    public void Weekly_on_today_is_today_before_the_time_and_next_week_from_the_time_on()
    {
        Assert.Equal(Utc(2026, 12, 7, 7, 0), ReportSchedule.Next(ScheduleFrequency.Weekly, DayOfWeek.Monday, null, 8 * 60, Paris, Utc(2026, 12, 7, 6, 59)));
        Assert.Equal(Utc(2026, 12, 14, 7, 0), ReportSchedule.Next(ScheduleFrequency.Weekly, DayOfWeek.Monday, null, 8 * 60, Paris, Utc(2026, 12, 7, 7, 0)));
    }

    [Fact]
    public void Monthly_goes_on_to_the_next_month_and_across_the_year_end()
    {
        Assert.Equal(Utc(2027, 1, 5, 8, 30), ReportSchedule.Next(ScheduleFrequency.Monthly, null, 5, (9 * 60) + 30, Paris, Utc(2026, 12, 5, 8, 30)));
        Assert.Equal(Utc(2026, 12, 28, 17, 0), ReportSchedule.Next(ScheduleFrequency.Monthly, null, 28, 18 * 60, Paris, Utc(2026, 12, 3, 0, 0)));
    }

    [Fact]
    public void The_28th_comes_in_february_after_a_31_day_month()
    {
        Assert.Equal(Utc(2027, 2, 28, 7, 0), ReportSchedule.Next(ScheduleFrequency.Monthly, null, 28, 8 * 60, Paris, Utc(2027, 1, 31, 12, 0)));
    }

    [Fact]
    public void The_owners_summer_time_moves_the_hour_in_utc()
    {
        // Monday 29 March 2027 is the first Monday of Paris summer time (+2): 08:00 is 06:00 UTC.
        Assert.Equal(Utc(2027, 3, 29, 6, 0), ReportSchedule.Next(ScheduleFrequency.Weekly, DayOfWeek.Monday, null, 8 * 60, Paris, Utc(2027, 3, 23, 12, 0)));
    }

    [Fact]
    public void A_time_the_clocks_skip_is_sent_just_after_the_change()
    {
        // Sunday 28 March 2027, 02:30 does not exist in Paris: sent at 03:30 summer time, 01:30 UTC.
        Assert.Equal(Utc(2027, 3, 28, 1, 30), ReportSchedule.Next(ScheduleFrequency.Weekly, DayOfWeek.Sunday, null, (2 * 60) + 30, Paris, Utc(2027, 3, 27, 12, 0)));
    }

    [Fact]
    public void Mail_keys_name_the_schedule_the_occurrence_and_the_recipient()
    {
        Assert.Equal("report-7-202612070700-u1", ReportSchedule.MailKey(7, Utc(2026, 12, 7, 7, 0), "u1"));
    }
}
