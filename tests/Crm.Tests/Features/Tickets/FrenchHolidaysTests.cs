using Crm.Web.Features.Tickets.Sla;

namespace Crm.Tests.Features.Tickets;

public sealed class FrenchHolidaysTests
{
    [Theory]
    [InlineData(2000, 4, 23)]
    [InlineData(2008, 3, 23)]
    [InlineData(2011, 4, 24)]
    [InlineData(2019, 4, 21)]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)]
    public void Easter_Sunday_matches_the_known_dates(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), FrenchHolidays.EasterSunday(year));

    [Fact]
    public void The_2026_holidays_are_the_eleven_public_ones()
    {
        var days = FrenchHolidays.For(2026).Select(h => h.Date).ToList();

        Assert.Equal(
        [
            new DateOnly(2026, 1, 1), new DateOnly(2026, 4, 6), new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 8),
            new DateOnly(2026, 5, 14), new DateOnly(2026, 5, 25), new DateOnly(2026, 7, 14), new DateOnly(2026, 8, 15),
            new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 11), new DateOnly(2026, 12, 25),
        ], days);
    }

    [Theory]
    [InlineData(2024, "2024-04-01", "2024-05-09", "2024-05-20")]
    [InlineData(2025, "2025-04-21", "2025-05-29", "2025-06-09")]
    [InlineData(2027, "2027-03-29", "2027-05-06", "2027-05-17")]
    public void Easter_Monday_Ascension_and_Whit_Monday_follow_Easter(int year, string easterMonday, string ascension, string whitMonday)
    {
        var byName = FrenchHolidays.For(year).ToDictionary(h => h.Name, h => h.Date);

        Assert.Equal(DateOnly.Parse(easterMonday, System.Globalization.CultureInfo.InvariantCulture), byName["Lundi de Pâques"]);
        Assert.Equal(DateOnly.Parse(ascension, System.Globalization.CultureInfo.InvariantCulture), byName["Ascension"]);
        Assert.Equal(DateOnly.Parse(whitMonday, System.Globalization.CultureInfo.InvariantCulture), byName["Lundi de Pentecôte"]);
        Assert.Equal(DayOfWeek.Thursday, byName["Ascension"].DayOfWeek);
    }

    [Fact]
    public void Alsace_Moselle_adds_Good_Friday_and_St_Stephens_day()
    {
        var days = FrenchHolidays.For(2026, alsaceMoselle: true).Select(h => h.Date).ToList();

        Assert.Equal(13, days.Count);
        Assert.Contains(new DateOnly(2026, 4, 3), days);
        Assert.Contains(new DateOnly(2026, 12, 26), days);
    }

    [Fact]
    public void A_year_range_holds_each_year_once()
    {
        Assert.Equal(33, FrenchHolidays.For(2026, 2028).Count);
        Assert.Empty(FrenchHolidays.For(2028, 2026));
    }
}
