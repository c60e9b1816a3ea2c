using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Deals;

/// <summary>
/// Deals arranged by hand in the default pipeline (stages 1 Qualification 10 %, 2 Needs analysis 25 %, 3 Proposal 50 %,
/// 4 Negotiation 75 %, 5 Commitment 90 %), for two sales reps of team North (Alice, Bob) and one of team South (Carol).
/// Times are UTC; the app's zone is Europe/Paris (UTC+2 until 25 October 2026, UTC+1 after).
/// </summary>
public sealed class DealForecastFixture : CrmAppFactory, IAsyncLifetime
{
    public TestUser Alice { get; private set; } = null!;
    public TestUser Bob { get; private set; } = null!;
    public TestUser Carol { get; private set; } = null!;
    public Dictionary<string, int> Ids { get; } = [];

    public static PipelineStage Stage(int id) => new() { Id = id, PipelineId = 1 };

    async Task IAsyncLifetime.InitializeAsync()
    {
        Alice = await RecordPages.CreateUserAsync(this, Roles.Sales, "Forecast North", "Alice Martin");
        Bob = await RecordPages.CreateUserAsync(this, Roles.Sales, "Forecast North", "Bob Durand");
        Carol = await RecordPages.CreateUserAsync(this, Roles.Sales, "Forecast South", "Carol Petit");
        var history = new DateTime(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc);
        var deals = new List<(string Name, Deal Deal)>();
        Deal Add(string name, TestUser owner, long cents, params int[] stages)
        {
            var deal = new Deal { Name = name, OwnerId = owner.Id, TeamId = owner.TeamId, Currency = "EUR" };
            deal.SetAmount(cents / 100m, 1m);
            var at = history;
            deal.Start(Stage(stages[0]), owner.Id, at);
            foreach (var stage in stages.Skip(1))
            {
                at = at.AddDays(1);
                deal.MoveTo(Stage(stage), owner.Id, at);
            }

            deals.Add((name, deal));
            return deal;
        }

        var closedOn = new DateTime(2025, 6, 1, 10, 0, 0, DateTimeKind.Utc);

        // The history behind the rates (closed in 2025, outside every period asked below).
        for (var i = 1; i <= 4; i++)
        {
            Add($"H{i}", Alice, 100_00, 1, 2, 3).Win(Alice.Id, closedOn);
        }

        Add("H5 skipped needs analysis", Alice, 100_00, 1, 3).Lose("Price", Alice.Id, closedOn);
        var reopenedWon = Add("H6 lost, reopened, won", Alice, 100_00, 1, 2, 3);
        reopenedWon.Lose("Budget", Alice.Id, closedOn);
        reopenedWon.Reopen(Alice.Id, closedOn.AddDays(1));
        reopenedWon.Win(Alice.Id, closedOn.AddDays(2));
        var reopenedOpen = Add("H7 lost, reopened, open", Alice, 1_234_00, 1, 2);
        reopenedOpen.Lose("Timing", Alice.Id, closedOn);
        reopenedOpen.Reopen(Alice.Id, closedOn.AddDays(1));
        Add("H8", Alice, 100_00, 1, 2, 3).Lose("Competitor", Alice.Id, closedOn);
        for (var i = 1; i <= 5; i++)
        {
            Add($"C{i} South history", Carol, 100_00, 1, 2, 3).Lose("Price", Carol.Id, closedOn);
        }

        // Won around the quarter boundaries, in Paris time.
        Add("W1", Alice, 1_000_00, 1, 3).Win(Alice.Id, new DateTime(2026, 9, 30, 22, 30, 0, DateTimeKind.Utc)); // 1 Oct 00:30 Paris: Q4
        Add("W2", Alice, 2_000_00, 1, 3).Win(Alice.Id, new DateTime(2026, 9, 30, 21, 30, 0, DateTimeKind.Utc)); // 30 Sep 23:30 Paris: Q3
        Add("W3", Bob, 500_00, 1).Win(Bob.Id, new DateTime(2026, 12, 31, 22, 59, 0, DateTimeKind.Utc)); // 31 Dec 23:59 Paris: Q4, December
        Add("W4", Bob, 700_00, 1).Win(Bob.Id, new DateTime(2026, 12, 31, 23, 0, 0, DateTimeKind.Utc)); // 1 Jan 00:00 Paris: Q1 2027, January
        Add("CW won South", Carol, 8_000_00, 1).Win(Carol.Id, new DateTime(2026, 11, 2, 10, 0, 0, DateTimeKind.Utc));

        // Open deals by their expected close date.
        Add("O1", Alice, 10_000_00, 1, 2, 3).ExpectedCloseDate = new DateOnly(2026, 11, 15);
        Add("O2", Bob, 4_000_10, 1, 4).ExpectedCloseDate = new DateOnly(2026, 12, 31);
        Add("O3", Alice, 3_000_00, 1).ExpectedCloseDate = new DateOnly(2027, 1, 1);
        Add("CO open South", Carol, 9_999_00, 1, 3).ExpectedCloseDate = new DateOnly(2026, 11, 1);

        await WithDbAsync(async db =>
        {
            db.Deals.AddRange(deals.Select(d => d.Deal));
            await db.SaveChangesAsync();
        });
        foreach (var (name, deal) in deals)
        {
            Ids[name.Split(' ')[0]] = deal.Id;
        }
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    public static CrmUser AsUser(TestUser user) => new(user.Id, user.TeamId, new HashSet<string>([Roles.Sales]));

    public async Task<DealForecast.Result> ForecastAsync(TestUser viewer, ForecastGrain by, string from, int count)
    {
        await using var scope = Services.CreateAsyncScope();
        var forecast = scope.ServiceProvider.GetRequiredService<DealForecast>();
        return await forecast.Handle(new DealForecast.Query { By = by, From = from, Count = count }, AsUser(viewer), CancellationToken.None);
    }
}

public sealed partial class DealForecastTests(DealForecastFixture app) : IClassFixture<DealForecastFixture>
{
    private static DealForecast.Figures For(DealForecast.Result result, string? ownerId, int period) =>
        result.Rows.Single(r => ownerId is null ? r.IsTotal : r.OwnerId == ownerId).PerPeriod[period];

    [Fact]
    public async Task Quarter_figures_match_the_hand_computed_ones()
    {
        var result = await app.ForecastAsync(app.Alice, ForecastGrain.Quarter, "2026-Q3", 3);
        Assert.Equal(["2026-Q3", "2026-Q4", "2027-Q1"], result.Periods.Select(p => p.Key));

        // Q3: W2 only (closed 30 Sep 23:30 Paris).
        Assert.Equal(new DealForecast.Figures(2_000_00, 0, 2_000_00, 2_000_00), For(result, app.Alice.Id, 0));

        // Q4, Alice: won W1 1,000.00; open O1 10,000.00 in Proposal (50 %): weighted 5,000.00; best case 11,000.00;
        // Proposal's rate is 7 won of 9 closed (H1-H4, H6, W1, W2 won; H5, H8 lost): 1,000,000 × 7 / 9 = 777,777.78
        // → 777,778 cents, historical 100,000 + 777,778 = 877,778 cents.
        Assert.Equal(new DealForecast.Figures(1_000_00, 5_000_00, 11_000_00, 8_777_78), For(result, app.Alice.Id, 1));

        // Q4, Bob: won W3 500.00; open O2 4,000.10 in Negotiation (75 %, no closed deal ever there, so the probability):
        // 400,010 × 75 / 100 = 300,007.5 → 300,008 cents (half away from zero); best 50,000 + 400,010 = 450,010.
        Assert.Equal(new DealForecast.Figures(500_00, 3_000_08, 4_500_10, 3_500_08), For(result, app.Bob.Id, 1));

        // Q4 total, from exact sums rounded once: weighted (1,000,000 × 50 + 400,010 × 75) / 100 = 800,007.5 → 800,008;
        // historical 150,000 + 777,777.78 + 300,007.5 = 1,227,785.28 → 1,227,785 (a cent below the rows' 877,778 + 350,008).
        Assert.Equal(new DealForecast.Figures(1_500_00, 8_000_08, 15_500_10, 12_277_85), For(result, null, 1));

        // Q1 2027, Alice: O3 3,000.00 in Qualification (10 %): weighted 30,000; Qualification's rate 9 of 11 (below):
        // 300,000 × 9 / 11 = 245,454.55 → 245,455. Bob: W4 won 700.00 (1 Jan 00:00 Paris).
        Assert.Equal(new DealForecast.Figures(0, 300_00, 3_000_00, 2_454_55), For(result, app.Alice.Id, 2));
        Assert.Equal(new DealForecast.Figures(700_00, 0, 700_00, 700_00), For(result, app.Bob.Id, 2));
    }

    [Fact]
    public async Task Month_boundaries_follow_the_Paris_time_zone()
    {
        var result = await app.ForecastAsync(app.Alice, ForecastGrain.Month, "2026-09", 5);
        Assert.Equal(["2026-09", "2026-10", "2026-11", "2026-12", "2027-01"], result.Periods.Select(p => p.Key));

        // W2 closed 30 Sep 21:30 UTC = 23:30 Paris: September; W1 30 Sep 22:30 UTC = 1 Oct 00:30 Paris: October.
        Assert.Equal(2_000_00, For(result, app.Alice.Id, 0).WonCents);
        Assert.Equal(1_000_00, For(result, app.Alice.Id, 1).WonCents);

        // W3 31 Dec 22:59 UTC = 23:59 Paris: December; W4 31 Dec 23:00 UTC = 1 Jan 00:00 Paris: January.
        Assert.Equal(500_00, For(result, app.Bob.Id, 3).WonCents);
        Assert.Equal(700_00, For(result, app.Bob.Id, 4).WonCents);

        // O1 closes 15 Nov, O2 31 Dec (the last day of December still counts in it), O3 1 Jan.
        Assert.Equal(10_000_00, For(result, app.Alice.Id, 2).BestCaseCents);
        Assert.Equal(3_000_08, For(result, app.Bob.Id, 3).WeightedCents);
        Assert.Equal(3_000_00, For(result, app.Alice.Id, 4).BestCaseCents);
    }

    [Fact]
    public async Task Rates_count_closed_deals_once_in_the_stage_by_their_status_now()
    {
        var result = await app.ForecastAsync(app.Alice, ForecastGrain.Quarter, "2026-Q4", 1);
        var rates = result.Rates.ToDictionary(r => r.StageId);

        // Qualification: H1-H6, H8 and W1-W4 (11 closed), won H1-H4, H6, W1-W4; H7 is open again, so not counted.
        Assert.Equal((11, 9), (rates[1].Closed, rates[1].Won));

        // Needs analysis: H5 skipped it, H7 is open: H1-H4, H6 won, H8 lost.
        Assert.Equal((6, 5), (rates[2].Closed, rates[2].Won));

        // Proposal: H1-H4, W1, W2 and H6 (lost, reopened, won: counts as won, once) won; H5, H8 lost. South's five losses
        // are not seen.
        Assert.Equal((9, 7), (rates[3].Closed, rates[3].Won));
        Assert.Equal(77.78m, rates[3].Percent);
        Assert.True(rates[3].Historical);

        // Negotiation: no closed deal was ever there: the stage's probability.
        Assert.Equal((0, false, 75m), (rates[4].Closed, rates[4].Historical, rates[4].Percent));
    }

    [Fact]
    public async Task Another_teams_deals_are_neither_counted_nor_listed()
    {
        var north = await app.ForecastAsync(app.Alice, ForecastGrain.Quarter, "2026-Q4", 1);
        Assert.DoesNotContain(north.Rows, r => r.OwnerId == app.Carol.Id);
        Assert.Equal(["Alice Martin", "Bob Durand"], north.Rows.Where(r => !r.IsTotal).Select(r => r.Name));

        // Carol sees only her own: won 8,000.00 and open 9,999.00 in Proposal, whose rate from her history is 0 of 5.
        var south = await app.ForecastAsync(app.Carol, ForecastGrain.Quarter, "2026-Q4", 1);
        Assert.Equal([app.Carol.Id], south.Rows.Where(r => !r.IsTotal).Select(r => r.OwnerId));
        Assert.Equal(new DealForecast.Figures(8_000_00, 4_999_50, 17_999_00, 8_000_00), For(south, null, 0));

        var client = await app.SignInAsync(app.Alice);
        var listed = DealIds(await client.GetTextAsync("/Deals/Forecast/Deals?period=2026-Q4&measure=BestCase"));
        Assert.DoesNotContain(app.Ids["CW"], listed);
        Assert.DoesNotContain(app.Ids["CO"], listed);
        var carolsDeals = DealIds(await client.GetTextAsync($"/Deals/Forecast/Deals?period=2026-Q4&measure=BestCase&owner={app.Carol.Id}"));
        Assert.Empty(carolsDeals);
    }

    [Theory]
    [InlineData("2026-Q4", null, ForecastMeasure.BestCase, new[] { "W1", "W3", "O1", "O2" })]
    [InlineData("2026-Q4", "alice", ForecastMeasure.Weighted, new[] { "O1" })]
    [InlineData("2026-Q4", "bob", ForecastMeasure.Won, new[] { "W3" })]
    [InlineData("2026-Q3", null, ForecastMeasure.Historical, new[] { "W2" })]
    [InlineData("2027-01", null, ForecastMeasure.BestCase, new[] { "W4", "O3" })]
    [InlineData(null, null, ForecastMeasure.NoCloseDate, new[] { "H7" })]
    public async Task The_drill_down_lists_exactly_the_deals_behind_a_figure(string? period, string? owner, ForecastMeasure measure, string[] expected)
    {
        var ownerId = owner switch { "alice" => app.Alice.Id, "bob" => app.Bob.Id, _ => null };
        var client = await app.SignInAsync(app.Alice);
        var url = $"/Deals/Forecast/Deals?measure={measure}" + (period is null ? null : $"&period={period}") + (ownerId is null ? null : $"&owner={ownerId}");
        var html = await client.GetTextAsync(url);
        Assert.Equal(expected.Select(n => app.Ids[n]).Order(), DealIds(html).Order());

        if (period is not null)
        {
            // The figure on the drill-down is the forecast's own.
            var result = await app.ForecastAsync(app.Alice, period.Contains('Q') ? ForecastGrain.Quarter : ForecastGrain.Month, period, 1);
            Assert.Equal(For(result, ownerId, 0)[measure], FigureCents(html));
        }
    }

    [Fact]
    public async Task The_drill_down_says_why_each_deal_counts()
    {
        var client = await FrenchClientAsync();
        var historical = await client.GetTextAsync("/Deals/Forecast/Deals?period=2026-Q4&measure=Historical");
        // O1: Proposal, 7 of 9 = 77.78 %; O2: Negotiation, no history, its 75 %.
        Assert.Contains("77,78 %", historical);
        Assert.Contains("7 sur 9", historical);
        Assert.Contains("Negotiation 75 %", historical);
        var weighted = await client.GetTextAsync("/Deals/Forecast/Deals?period=2026-Q4&measure=Weighted");
        Assert.Contains("ouverte, clôture prévue le 15/11/2026, Proposal 50 %", weighted);

        var page = await client.GetAsync("/Deals/Forecast/Deals?period=nonsense&measure=Won");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Fact]
    public async Task The_page_shows_every_figure_as_a_link_and_the_deals_without_close_date_apart()
    {
        var client = await FrenchClientAsync();
        var html = await client.GetTextAsync("/Deals/Forecast?by=Quarter&from=2026-Q4&count=2");
        var result = await app.ForecastAsync(app.Alice, ForecastGrain.Quarter, "2026-Q4", 2);

        // 2 periods × (2 owners + total) × 4 measures, each with its cents.
        var shown = FigureLinks().Matches(html).Select(m => long.Parse(m.Groups["cents"].Value, CultureInfo.InvariantCulture)).ToList();
        var expected = Enumerable.Range(0, 2).SelectMany(i => result.Rows.SelectMany(r => new[]
        {
            r.PerPeriod[i].WonCents, r.PerPeriod[i].WeightedCents, r.PerPeriod[i].BestCaseCents, r.PerPeriod[i].HistoricalCents,
        })).ToList();
        Assert.Equal(expected, shown);

        // H7 is open with no close date: listed apart with its amount, not in any period.
        var undated = Assert.Single(result.NoClose, r => r.OwnerId == app.Alice.Id);
        Assert.Equal((1, 1_234_00L), (undated.Count, undated.AmountCents));
        Assert.Contains("Sans date de clôture", html);
    }

    [Fact]
    public async Task The_exports_cells_equal_the_pages_figures()
    {
        var client = await FrenchClientAsync();
        var response = await client.GetAsync("/Deals/Forecast/Export?by=Quarter&from=2026-Q4&count=2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = body.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().Select(r => r.Values.ToArray()).ToList();
        var result = await app.ForecastAsync(app.Alice, ForecastGrain.Quarter, "2026-Q4", 2);

        var figures = rows.Skip(1).Take(result.Periods.Count * result.Rows.Count).ToList();
        var expected = Enumerable.Range(0, 2).SelectMany(i => result.Rows.Select(r => r.PerPeriod[i])).ToList();
        Assert.Equal(expected.Count, figures.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            // Numbers as numbers, in the company's currency.
            Assert.Equal(
                new[] { expected[i].WonCents, expected[i].WeightedCents, expected[i].BestCaseCents, expected[i].HistoricalCents },
                figures[i][2..6].Select(v => (long)Math.Round(Assert.IsType<double>(v) * 100)));
        }

        Assert.Equal(["T4 2026", "Alice Martin"], figures[0][..2].Cast<string>());
        var undated = rows.Single(r => r[1] as string == "Alice Martin" && r[0] as string == "Sans date de clôture");
        Assert.Equal(1234d, undated[6]);
    }

    /// <summary>Alice, reading French (the words and formats the assertions quote).</summary>
    private async Task<HttpClient> FrenchClientAsync()
    {
        var client = await app.SignInAsync(app.Alice);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR");
        return client;
    }

    private static List<int> DealIds(string html) =>
        DealRows().Matches(html).Select(m => int.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture)).ToList();

    private static long FigureCents(string html) =>
        long.Parse(FigureOfDrill().Match(html).Groups["cents"].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex("<tr data-deal=\"(?<id>\\d+)\"")]
    private static partial Regex DealRows();

    [GeneratedRegex("id=\"forecast-figure\" data-cents=\"(?<cents>-?\\d+)\"")]
    private static partial Regex FigureOfDrill();

    [GeneratedRegex("class=\"forecast-figure\"[^>]*data-cents=\"(?<cents>-?\\d+)\"")]
    private static partial Regex FigureLinks();
}
