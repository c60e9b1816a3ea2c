using Crm.Web.Features.Tickets;
using Crm.Web.Features.Tickets.Sla;

namespace Crm.Tests.Features.Tickets;

/// <summary>Business-time arithmetic of the default policy: Paris, Monday to Friday 9:00–12:30 and 13:30–18:00, French holidays.</summary>
public sealed class SlaClockTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly SlaClock Clock = SlaClock.For(DefaultSlaPolicy.New("Standard", 2026));

    /// <summary>A Paris wall-clock time, in UTC.</summary>
    private static DateTime P(int year, int month, int day, int hour, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified), Paris);

    public static TheoryData<string, DateTime, int, DateTime> Additions => new()
    {
        { "inside the morning span", P(2026, 12, 1, 9), 60, P(2026, 12, 1, 10) },
        { "across the lunch gap", P(2026, 12, 1, 12), 60, P(2026, 12, 1, 14) },
        { "exactly to the morning's end stays at 12:30", P(2026, 12, 1, 12), 30, P(2026, 12, 1, 12, 30) },
        { "exactly to the day's end stays at 18:00", P(2026, 12, 1, 17), 60, P(2026, 12, 1, 18) },
        { "overnight", P(2026, 12, 1, 17), 120, P(2026, 12, 2, 10) },
        { "started in the night, counts from 9:00", P(2026, 12, 2, 3), 30, P(2026, 12, 2, 9, 30) },
        { "started at lunch, counts from 13:30", P(2026, 12, 2, 13), 30, P(2026, 12, 2, 14) },
        { "over a weekend", P(2026, 12, 4, 17), 120, P(2026, 12, 7, 10) },
        { "started on a Saturday", P(2026, 12, 5, 11), 60, P(2026, 12, 7, 10) },
        { "a whole business day (8 h)", P(2026, 12, 1, 9), 480, P(2026, 12, 1, 18) },
        { "three business days from mid-morning", P(2026, 12, 1, 10), 3 * 480, P(2026, 12, 4, 10) },
        { "over Christmas (a Friday holiday) and the weekend", P(2026, 12, 24, 17), 120, P(2026, 12, 28, 10) },
        { "over Armistice day (Wednesday 11 November)", P(2026, 11, 10, 17), 120, P(2026, 11, 12, 10) },
        { "over Easter Monday 2026 (6 April)", P(2026, 4, 3, 17), 120, P(2026, 4, 7, 10) },
        { "over Ascension and the weekend (14 May 2026)", P(2026, 5, 13, 17), 120, P(2026, 5, 15, 10) },
        { "the spring-forward weekend (29 March 2026)", P(2026, 3, 27, 17), 120, P(2026, 3, 30, 10) },
        { "the fall-back weekend (25 October 2026)", P(2026, 10, 23, 17), 120, P(2026, 10, 26, 10) },
        { "zero minutes is the start itself", P(2026, 12, 5, 11), 0, P(2026, 12, 5, 11) },
    };

    [Theory]
    [MemberData(nameof(Additions))]
    public void Adding_business_minutes_lands_on_the_expected_wall_clock_time(string because, DateTime start, int minutes, DateTime expected)
    {
        var due = Clock.AddBusinessMinutes(start, minutes);

        Assert.True(expected == due, $"{because}: expected {expected:O}, got {due:O}");
        if (minutes > 0)
        {
            Assert.Equal(minutes, Clock.BusinessMinutesBetween(start, due));
        }
    }

    [Fact]
    public void Across_the_spring_forward_night_a_business_day_is_still_eight_hours_though_the_UTC_day_is_shorter()
    {
        var friday = P(2026, 3, 27, 18);
        var monday = P(2026, 3, 30, 9);

        Assert.Equal(0, Clock.BusinessMinutesBetween(friday, monday));
        Assert.Equal(TimeSpan.FromHours(62), monday - friday); // 63 h on the wall clock, one lost
        Assert.Equal(8 * 60, Clock.BusinessMinutesBetween(P(2026, 3, 30, 9), P(2026, 3, 30, 18)));
        Assert.Equal(new DateTime(2026, 3, 30, 7, 0, 0, DateTimeKind.Utc), monday);
        Assert.Equal(new DateTime(2026, 3, 27, 8, 0, 0, DateTimeKind.Utc), P(2026, 3, 27, 9));
    }

    [Fact]
    public void A_span_across_the_fall_back_night_counts_the_hour_that_repeats()
    {
        var roundTheClockSunday = new SlaClock("Europe/Paris", [new BusinessHours { Day = DayOfWeek.Sunday, Start = TimeOnly.MinValue, End = TimeOnly.MinValue }], []);

        var sundayStart = P(2026, 10, 25, 0);
        Assert.Equal(25 * 60, roundTheClockSunday.BusinessMinutesBetween(sundayStart, sundayStart.AddDays(2)));
        Assert.Equal(23 * 60, roundTheClockSunday.BusinessMinutesBetween(P(2026, 3, 29, 0), P(2026, 3, 31, 0)));
    }

    [Fact]
    public void Business_time_between_skips_nights_weekends_lunch_and_holidays()
    {
        Assert.Equal(0, Clock.BusinessMinutesBetween(P(2026, 12, 1, 12, 30), P(2026, 12, 1, 13, 30)));
        Assert.Equal(60, Clock.BusinessMinutesBetween(P(2026, 12, 1, 12), P(2026, 12, 1, 14)));
        Assert.Equal(5 * 480, Clock.BusinessMinutesBetween(P(2026, 11, 30, 0), P(2026, 12, 7, 0)));
        Assert.Equal(4 * 480, Clock.BusinessMinutesBetween(P(2026, 11, 9, 0), P(2026, 11, 16, 0))); // Armistice
        Assert.Equal(0, Clock.BusinessMinutesBetween(P(2026, 12, 2, 10), P(2026, 12, 1, 10)));
    }

    [Theory]
    [InlineData(2026, 12, 1, 10, 0, 90)]
    [InlineData(2026, 12, 7, 10, 0, 120)]
    [InlineData(2026, 12, 28, 9, 30, 600)]
    [InlineData(2026, 3, 30, 11, 0, 1000)]
    [InlineData(2026, 10, 26, 9, 0, 2000)]
    public void Subtracting_business_time_undoes_adding_it(int year, int month, int day, int hour, int minute, int minutes)
    {
        var start = P(year, month, day, hour, minute);
        var due = Clock.AddBusinessMinutes(start, minutes);

        Assert.Equal(start, Clock.SubtractBusinessTime(due, TimeSpan.FromMinutes(minutes)));
        Assert.Equal(start, Clock.Shift(due, TimeSpan.FromMinutes(-minutes)));
        Assert.Equal(TimeSpan.FromMinutes(-minutes), Clock.SignedBetween(due, start));
    }

    [Fact]
    public void A_pause_from_Friday_afternoon_to_Monday_morning_moves_a_deadline_by_the_business_time_paused_only()
    {
        // Due Monday 11:00, paused Friday 16:00: 4 h were left (2 h on Friday, 2 h on Monday). Resumed Monday 10:00, they count from then.
        var due = P(2026, 12, 7, 11);
        var pausedAt = P(2026, 12, 4, 16);
        var resumedAt = P(2026, 12, 7, 10);

        var left = Clock.SignedBetween(pausedAt, due);
        var moved = Clock.Shift(resumedAt, left);

        Assert.Equal(TimeSpan.FromHours(4), left);
        Assert.Equal(P(2026, 12, 7, 15), moved); // 10:00 + 2 h 30 to lunch + 1 h 30 after
    }

    [Fact]
    public void A_time_zone_the_server_does_not_know_counts_in_UTC_instead_of_failing()
    {
        var unknown = new SlaClock("Mars/Olympus", [new BusinessHours { Day = DayOfWeek.Monday, Start = new TimeOnly(9, 0), End = new TimeOnly(10, 0) }], []);

        Assert.Equal(new DateTime(2026, 12, 7, 9, 30, 0, DateTimeKind.Utc), unknown.AddBusinessMinutes(new DateTime(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc), 30));
    }

    [Fact]
    public void A_policy_without_business_hours_counts_around_the_clock()
    {
        var always = new SlaClock("Europe/Paris", [], []);
        var start = P(2026, 12, 5, 23);

        Assert.Equal(start.AddHours(4), always.AddBusinessMinutes(start, 240));
        Assert.Equal(240, always.BusinessMinutesBetween(start, start.AddHours(4)));
    }

    [Fact]
    public void A_policy_whose_only_span_day_is_always_a_holiday_is_refused_rather_than_looped_on()
    {
        var never = new SlaClock("UTC", [new BusinessHours { Day = DayOfWeek.Monday, Start = new TimeOnly(9, 0), End = new TimeOnly(10, 0) }],
            Enumerable.Range(0, 4000).Select(i => new DateOnly(2026, 1, 1).AddDays(i)));

        Assert.Throws<InvalidOperationException>(() => never.AddBusinessMinutes(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), 60));
    }
}
