using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Settings;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Deals;

/// <summary>
/// The forecast of a company whose fiscal year starts in April (Settings): quarters and years run April to March, won
/// deals fall in them by their closing time in Paris (UTC+2 from 29 March 2026), open ones by their expected close date.
/// </summary>
public sealed class DealForecastFiscalYearTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static readonly CrmUser Admin = new("fiscal-admin", null, new HashSet<string>([Roles.Admin]));

    private async Task ArrangeAsync()
    {
        await app.WithDbAsync(async db =>
        {
            if (await db.Deals.AnyAsync(d => d.Name.StartsWith("FY ")))
            {
                return;
            }

            var settings = await db.Set<OrganisationSettings>().SingleOrDefaultAsync() ?? db.Add(new OrganisationSettings()).Entity;
            settings.FiscalYearStartMonth = 4;
            Deal Add(string name, long cents)
            {
                var deal = new Deal { Name = name, Currency = "EUR" };
                deal.SetAmount(cents / 100m, 1m);
                deal.Start(DealTestData.FirstStage, null, new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc));
                db.Deals.Add(deal);
                return deal;
            }

            Add("FY won 1 April", 1_000_00).Win(null, new DateTime(2026, 3, 31, 22, 30, 0, DateTimeKind.Utc)); // 1 Apr 00:30 Paris: Q1 2026–27
            Add("FY won 31 March", 2_000_00).Win(null, new DateTime(2026, 3, 31, 21, 30, 0, DateTimeKind.Utc)); // 31 Mar 23:30 Paris: Q4 2025–26
            Add("FY open June", 300_00).ExpectedCloseDate = new DateOnly(2026, 6, 30);
            Add("FY open July", 400_00).ExpectedCloseDate = new DateOnly(2026, 7, 1);
            Add("FY open March", 500_00).ExpectedCloseDate = new DateOnly(2027, 3, 31);
            await db.SaveChangesAsync();
        });
    }

    private async Task<DealForecast.Result> ForecastAsync(ForecastGrain by, string? from, int count)
    {
        await ArrangeAsync();
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DealForecast>().Handle(new DealForecast.Query { By = by, From = from, Count = count }, Admin, default);
    }

    private static DealForecast.Figures Total(DealForecast.Result result, int period) => result.Total.PerPeriod[period];

    [Fact]
    public async Task Quarters_run_from_April_and_deals_fall_in_them_by_their_local_day()
    {
        var result = await ForecastAsync(ForecastGrain.Quarter, "2025-Q4", 5);

        Assert.Equal(["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"], result.Periods.Select(p => p.Key));
        Assert.Equal([new DateOnly(2026, 1, 1), new DateOnly(2026, 4, 1), new DateOnly(2026, 7, 1), new DateOnly(2026, 10, 1), new DateOnly(2027, 1, 1)],
            result.Periods.Select(p => p.Start));
        Assert.Equal(2_000_00, Total(result, 0).WonCents);
        Assert.Equal((1_000_00, 1_300_00), (Total(result, 1).WonCents, Total(result, 1).BestCaseCents));
        Assert.Equal((0, 400_00), (Total(result, 2).WonCents, Total(result, 2).BestCaseCents));
        Assert.Equal(0, Total(result, 3).BestCaseCents);
        Assert.Equal(500_00, Total(result, 4).BestCaseCents);
    }

    [Fact]
    public async Task A_fiscal_year_holds_April_to_March_and_is_named_by_the_year_it_starts_in()
    {
        var result = await ForecastAsync(ForecastGrain.Year, "2025", 2);

        Assert.Equal(["2025", "2026"], result.Periods.Select(p => p.Key));
        Assert.Equal((new DateOnly(2026, 4, 1), new DateOnly(2027, 4, 1)), (result.Periods[1].Start, result.Periods[1].End));
        Assert.Equal((2_000_00, 2_000_00), (Total(result, 0).WonCents, Total(result, 0).BestCaseCents));
        Assert.Equal((1_000_00, 2_200_00), (Total(result, 1).WonCents, Total(result, 1).BestCaseCents));
    }

    [Fact]
    public async Task The_page_labels_fiscal_periods_and_starts_at_the_fiscal_quarter_of_today()
    {
        await ArrangeAsync();
        var admin = await app.SignInAsync();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")));
        var fiscalYear = FiscalCalendar.YearStart(today, 4).Year;

        var page = await (await admin.GetAsync("/Deals/Forecast")).ReadTextAsync();
        Assert.Contains($"data-period=\"{fiscalYear}-Q{FiscalCalendar.Quarter(today, 4)}\"", page, StringComparison.Ordinal);
        Assert.Contains($"Q{FiscalCalendar.Quarter(today, 4)} {fiscalYear}–{(fiscalYear + 1) % 100:00}", page, StringComparison.Ordinal);

        var years = await (await admin.GetAsync("/Deals/Forecast?by=Year&from=2026&count=1")).ReadTextAsync();
        Assert.Contains("FY 2026–27", years, StringComparison.Ordinal);

        // The drill-down of the fiscal Q1 lists the deal won on 1 April Paris time, not the one of 31 March.
        var drill = await (await admin.GetAsync("/Deals/Forecast/Deals?period=2026-Q1&measure=Won")).ReadTextAsync();
        Assert.Contains("FY won 1 April", drill, StringComparison.Ordinal);
        Assert.DoesNotContain("FY won 31 March", drill, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-Q5")]
    [InlineData("2026-Q0")]
    [InlineData("26")]
    [InlineData("1899")]
    [InlineData("FY2026")]
    public async Task A_period_that_does_not_read_answers_404_on_the_drill_down_and_the_page_falls_back_to_today(string period)
    {
        await ArrangeAsync();
        var admin = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/Deals/Forecast/Deals?period={period}&measure=Won")).StatusCode);

        var page = await admin.GetAsync($"/Deals/Forecast?by=Quarter&from={period}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
