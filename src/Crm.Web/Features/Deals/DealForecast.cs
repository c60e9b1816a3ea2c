using System.Globalization;
using System.Linq.Expressions;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Deals;

public enum ForecastGrain
{
    Quarter,
    Month,

    /// <summary>A whole fiscal year.</summary>
    Year,
}

public enum ForecastMeasure
{
    Won,
    Weighted,
    BestCase,
    Historical,

    /// <summary>Open deals without an expected close date: in no period, listed apart.</summary>
    NoCloseDate,
}

/// <summary>
/// A month, a fiscal quarter or a fiscal year (they start in <paramref name="FiscalStartMonth"/>, Settings): from its
/// first day to the next period's first day, both local days. Won deals fall in it by their closing time in the user's
/// zone, open ones by their expected close date (a day, no zone). A fiscal year is named by the year it starts in.
/// </summary>
public sealed record ForecastPeriod(ForecastGrain Grain, DateOnly Start, int FiscalStartMonth = 1)
{
    private int Months => Grain switch { ForecastGrain.Quarter => 3, ForecastGrain.Year => 12, _ => 1 };

    public DateOnly End => Start.AddMonths(Months);

    private int FiscalYear => Settings.FiscalCalendar.YearStart(Start, FiscalStartMonth).Year;

    private int FiscalQuarter => Settings.FiscalCalendar.Quarter(Start, FiscalStartMonth);

    /// <summary>"2026-Q4", "2026-12" or "2026" (the fiscal year starting in 2026), as the query string carries it.</summary>
    public string Key => Grain switch
    {
        ForecastGrain.Quarter => string.Create(CultureInfo.InvariantCulture, $"{FiscalYear}-Q{FiscalQuarter}"),
        ForecastGrain.Year => FiscalYear.ToString(CultureInfo.InvariantCulture),
        _ => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
    };

    /// <summary>"Q4 2026", "December 2026", "FY 2026"; a fiscal year across two calendar years reads "2026–27".</summary>
    public string Label(IStringLocalizer l) => Grain switch
    {
        ForecastGrain.Quarter => l["Q{0} {1}", FiscalQuarter, YearText],
        ForecastGrain.Year => l["FY {0}", YearText],
        _ => Start.ToString("MMMM yyyy", CultureInfo.CurrentCulture),
    };

    private string YearText => FiscalStartMonth == 1
        ? FiscalYear.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{FiscalYear}–{(FiscalYear + 1) % 100:00}");

    public ForecastPeriod Next(int count = 1) => this with { Start = Start.AddMonths(Months * count) };

    public static ForecastPeriod Containing(DateOnly day, ForecastGrain grain, int fiscalStartMonth = 1)
    {
        var year = Settings.FiscalCalendar.YearStart(day, fiscalStartMonth);
        return grain switch
        {
            ForecastGrain.Quarter => new(grain, year.AddMonths((Settings.FiscalCalendar.Quarter(day, fiscalStartMonth) - 1) * 3), fiscalStartMonth),
            ForecastGrain.Year => new(grain, year, fiscalStartMonth),
            _ => new(grain, new DateOnly(day.Year, day.Month, 1), fiscalStartMonth),
        };
    }

    public static ForecastPeriod? Parse(string? key, int fiscalStartMonth = 1)
    {
        if (key is { Length: 7 } && key[4] == '-' && key[5] is 'Q' or 'q' && int.TryParse(key.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && key[6] is >= '1' and <= '4' && year is >= 1900 and <= 9000)
        {
            return new(ForecastGrain.Quarter, new DateOnly(year, fiscalStartMonth, 1).AddMonths((key[6] - '1') * 3), fiscalStartMonth);
        }

        if (key is { Length: 4 } && int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 1900 and <= 9000)
        {
            return new(ForecastGrain.Year, new DateOnly(year, fiscalStartMonth, 1), fiscalStartMonth);
        }

        return DateOnly.TryParseExact(key + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) && month.Year is >= 1900 and <= 9000
            ? new(ForecastGrain.Month, month, fiscalStartMonth)
            : null;
    }
}

/// <summary>
/// The forecast (/Deals/Forecast): per period and per owner, over the deals the user may see, what was won, the weighted
/// pipeline (open amount × stage probability), the best case (won + every open deal at full amount) and a forecast from
/// historical conversion (won + open amount × the share of closed deals that were once in the deal's stage and are won).
/// Sums are whole cents added by the database in a few grouped queries on the (Status, ExpectedCloseDate) and (Status,
/// ClosedAt) indexes; weighting divides at the edge, half away from zero. <see cref="DealsAsync"/> lists the deals behind
/// any figure, with what each counts for and why, from the same filters.
/// </summary>
public sealed class DealForecast(CrmDbContext db, UserTime time, TimeProvider clock, CurrencyRates currencies, Settings.FiscalCalendar fiscal, DealRatesCache ratesCache)
{
    /// <summary>A stage's historical rate is used only when it rests on this many closed deals; below, its probability.</summary>
    public const int MinClosedForRate = 5;

    public const int MaxPeriods = 12;

    /// <summary>Most deals a drill-down lists (the largest first); its total is still the figure's.</summary>
    public const int MaxListed = 500;

    /// <summary>The owner parameter of deals that have no owner.</summary>
    public const string NoOwner = "none";

    public sealed record Query
    {
        public ForecastGrain By { get; init; }

        /// <summary>The first period's key; none, the current one.</summary>
        public string? From { get; init; }

        /// <summary>How many periods; three by default (this quarter and the next two).</summary>
        public int? Count { get; init; }
    }

    public sealed record Figures(long WonCents, long WeightedCents, long BestCaseCents, long HistoricalCents)
    {
        public long this[ForecastMeasure measure] => measure switch
        {
            ForecastMeasure.Won => WonCents,
            ForecastMeasure.Weighted => WeightedCents,
            ForecastMeasure.BestCase => BestCaseCents,
            ForecastMeasure.Historical => HistoricalCents,
            _ => 0,
        };
    }

    /// <summary>An owner's row (OwnerId null: deals without owner); the total row has <see cref="IsTotal"/>.</summary>
    public sealed record OwnerRow(string? OwnerId, string Name, bool IsTotal, IReadOnlyList<Figures> PerPeriod)
    {
        public string? OwnerParameter => IsTotal ? null : OwnerId ?? NoOwner;
    }

    public sealed record NoCloseRow(string? OwnerId, string Name, bool IsTotal, int Count, long AmountCents)
    {
        public string? OwnerParameter => IsTotal ? null : OwnerId ?? NoOwner;
    }

    /// <summary>A stage's conversion: closed deals once in it, how many are won, and the rate the forecast uses.</summary>
    public sealed record StageRate(int StageId, string StageName, int Probability, int Closed, int Won)
    {
        public bool Historical => Closed >= MinClosedForRate;

        /// <summary>Open amount × Numerator / Denominator: won of closed, else probability of 100.</summary>
        public long Numerator => Historical ? Won : Probability;

        public long Denominator => Historical ? Closed : 100;

        public decimal Percent => Money.Round(100m * Numerator / Denominator);
    }

    public sealed record Result(
        Query Query,
        IReadOnlyList<ForecastPeriod> Periods,
        IReadOnlyList<OwnerRow> Rows,
        IReadOnlyList<NoCloseRow> NoClose,
        IReadOnlyList<StageRate> Rates,
        string Currency)
    {
        public OwnerRow Total => Rows[^1];
    }

    public async Task<Result> Handle(Query query, CrmUser user, CancellationToken ct)
    {
        var periods = PeriodsOf(query, await fiscal.StartMonthAsync(ct));
        var first = periods[0];
        var bounds = periods.Select(p => p.Start).Append(periods[^1].End).ToArray();
        var (from, to) = (Utc(bounds[0]), Utc(bounds[^1]));
        var closeBounds = bounds.Select(Utc).ToArray();
        var visible = db.Deals.AsNoTracking().VisibleTo(user);

        var won = await visible.Where(d => d.Status == DealStatus.Won && d.ClosedAt >= from && d.ClosedAt < to)
            .GroupBy(PeriodOf<DateTime?>(d => d.ClosedAt, closeBounds, (d, p) => new ForecastKey { OwnerId = d.OwnerId, Period = p }))
            .Select(g => new ForecastSum { OwnerId = g.Key.OwnerId, Period = g.Key.Period, Cents = g.Sum(d => d.AmountDefaultCents) })
            .ToListAsync(ct);
        var (start, end) = (bounds[0], bounds[^1]);
        var open = await visible.Where(d => d.Status == DealStatus.Open && d.ExpectedCloseDate >= start && d.ExpectedCloseDate < end)
            .GroupBy(PeriodOf<DateOnly?>(d => d.ExpectedCloseDate, bounds, (d, p) => new ForecastKey { OwnerId = d.OwnerId, Period = p, StageId = d.StageId }))
            .Select(g => new ForecastSum { OwnerId = g.Key.OwnerId, Period = g.Key.Period, StageId = g.Key.StageId, Cents = g.Sum(d => d.AmountDefaultCents) })
            .ToListAsync(ct);
        var undated = await visible.Where(d => d.Status == DealStatus.Open && d.ExpectedCloseDate == null)
            .GroupBy(d => d.OwnerId)
            .Select(g => new { OwnerId = g.Key, Count = g.Count(), Cents = g.Sum(d => d.AmountDefaultCents) })
            .ToListAsync(ct);
        var rates = await RatesAsync(user, ct);

        var ownerIds = won.Select(s => s.OwnerId).Concat(open.Select(s => s.OwnerId)).Concat(undated.Select(u => u.OwnerId)).Distinct().ToList();
        var names = await OwnerNamesAsync(ownerIds, ct);
        string NameOf(string? id) => id is null ? string.Empty : names.GetValueOrDefault(id, id);
        var owners = ownerIds.OrderBy(id => id is null).ThenBy(NameOf, StringComparer.CurrentCultureIgnoreCase).ToList();

        var rows = owners
            .Select(o => new OwnerRow(o, NameOf(o), false, FiguresOf(periods.Count, won.Where(s => s.OwnerId == o), open.Where(s => s.OwnerId == o), rates)))
            .Append(new OwnerRow(null, string.Empty, true, FiguresOf(periods.Count, won, open, rates)))
            .ToList();
        var noClose = undated.OrderBy(u => u.OwnerId is null).ThenBy(u => NameOf(u.OwnerId), StringComparer.CurrentCultureIgnoreCase)
            .Select(u => new NoCloseRow(u.OwnerId, NameOf(u.OwnerId), false, u.Count, u.Cents))
            .ToList();
        if (noClose.Count > 0)
        {
            noClose.Add(new NoCloseRow(null, string.Empty, true, undated.Sum(u => u.Count), undated.Sum(u => u.Cents)));
        }

        var normalized = query with { By = first.Grain, From = first.Key, Count = periods.Count };
        return new Result(normalized, periods, rows, noClose, rates.Values.OrderBy(r => r.StageId).ToList(), await currencies.DefaultAsync(ct));
    }

    /// <summary>A deal behind a figure: what it counts for in it, and why.</summary>
    public sealed record DealLine(
        int Id,
        string Name,
        string? CompanyName,
        string? OwnerName,
        DealStatus Status,
        string StageName,
        long AmountDefaultCents,
        DateOnly? ExpectedCloseDate,
        DateTime? ClosedAt,
        long CountedCents,
        StageRate? Rate,
        decimal? PercentUsed);

    public sealed record Drill(ForecastPeriod? Period, ForecastMeasure Measure, string? Owner, string? OwnerName, long FigureCents, int Count, IReadOnlyList<DealLine> Deals, string Currency);

    /// <summary>The deals behind one figure: one period (none for <see cref="ForecastMeasure.NoCloseDate"/>), one owner or all, one measure.</summary>
    public async Task<Drill?> DealsAsync(string? periodKey, string? owner, ForecastMeasure measure, CrmUser user, CancellationToken ct)
    {
        var period = ForecastPeriod.Parse(periodKey, await fiscal.StartMonthAsync(ct));
        if (period is null && measure != ForecastMeasure.NoCloseDate)
        {
            return null;
        }

        var deals = db.Deals.AsNoTracking().VisibleTo(user);
        deals = owner switch
        {
            null or "" => deals,
            NoOwner => deals.Where(d => d.OwnerId == null),
            _ => deals.Where(d => d.OwnerId == owner),
        };
        if (measure == ForecastMeasure.NoCloseDate)
        {
            deals = deals.Where(d => d.Status == DealStatus.Open && d.ExpectedCloseDate == null);
        }
        else
        {
            var (from, to) = (Utc(period!.Start), Utc(period.End));
            var (start, end) = (period.Start, period.End);
            deals = measure switch
            {
                ForecastMeasure.Won => deals.Where(d => d.Status == DealStatus.Won && d.ClosedAt >= from && d.ClosedAt < to),
                ForecastMeasure.Weighted => deals.Where(d => d.Status == DealStatus.Open && d.ExpectedCloseDate >= start && d.ExpectedCloseDate < end),
                _ => deals.Where(d => (d.Status == DealStatus.Won && d.ClosedAt >= from && d.ClosedAt < to)
                    || (d.Status == DealStatus.Open && d.ExpectedCloseDate >= start && d.ExpectedCloseDate < end)),
            };
        }

        var count = await deals.CountAsync(ct);
        var lines = await deals.OrderByDescending(d => d.AmountDefaultCents).ThenBy(d => d.Id).Take(MaxListed)
            .Select(d => new
            {
                d.Id,
                d.Name,
                CompanyName = d.Company != null ? d.Company.Name : null,
                OwnerName = d.Owner != null ? d.Owner.DisplayName : null,
                d.Status,
                d.StageId,
                d.AmountDefaultCents,
                d.ExpectedCloseDate,
                d.ClosedAt,
            })
            .ToListAsync(ct);
        var rates = measure is ForecastMeasure.Weighted or ForecastMeasure.Historical ? await RatesAsync(user, ct) : await StagesAsync(ct);

        // The figure from the same exact sums the forecast adds, not from the rounded lines.
        var numerators = new Dictionary<(int StageId, long Denominator), long>();
        long wonCents = 0, openCents = 0;
        var listed = new List<DealLine>(lines.Count);
        foreach (var d in lines)
        {
            var rate = rates.GetValueOrDefault(d.StageId) ?? new StageRate(d.StageId, string.Empty, 0, 0, 0);
            var (counted, percent, used) = (d.AmountDefaultCents, (decimal?)null, (StageRate?)null);
            if (d.Status == DealStatus.Open && measure is ForecastMeasure.Weighted or ForecastMeasure.Historical)
            {
                var (n, den) = measure == ForecastMeasure.Weighted ? (rate.Probability, 100L) : (rate.Numerator, rate.Denominator);
                counted = Divide(d.AmountDefaultCents * n, den);
                percent = Money.Round(100m * n / den);
                used = rate;
            }
            else if (d.Status == DealStatus.Open)
            {
                used = rate;
            }

            listed.Add(new DealLine(d.Id, d.Name, d.CompanyName, d.OwnerName, d.Status, rate.StageName, d.AmountDefaultCents, d.ExpectedCloseDate, d.ClosedAt, counted, used, percent));
        }

        // The figure itself comes from the database's sums (the list may be cut at MaxListed).
        long figure;
        if (measure == ForecastMeasure.NoCloseDate)
        {
            figure = await deals.SumAsync(d => d.AmountDefaultCents, ct);
        }
        else
        {
            var byStage = await deals.GroupBy(d => new { d.Status, d.StageId }).Select(g => new { g.Key.Status, g.Key.StageId, Cents = g.Sum(d => d.AmountDefaultCents) }).ToListAsync(ct);
            wonCents = byStage.Where(s => s.Status == DealStatus.Won).Sum(s => s.Cents);
            var openSums = byStage.Where(s => s.Status == DealStatus.Open).Select(s => new ForecastSum { StageId = s.StageId, Cents = s.Cents }).ToList();
            openCents = openSums.Sum(s => s.Cents);
            figure = measure switch
            {
                ForecastMeasure.Won => wonCents,
                ForecastMeasure.Weighted => Weighted(openSums, rates),
                ForecastMeasure.BestCase => wonCents + openCents,
                _ => wonCents + Historical(openSums, rates),
            };
        }

        string? ownerName = owner switch
        {
            null or "" => null,
            NoOwner => string.Empty,
            _ => (await OwnerNamesAsync([owner], ct)).GetValueOrDefault(owner, owner),
        };
        return new Drill(period, measure, string.IsNullOrEmpty(owner) ? null : owner, ownerName, figure, count, listed, await currencies.DefaultAsync(ct));
    }

    /// <summary>
    /// Each stage's conversion over the closed deals the user may see, in one grouped query over the stage history: a
    /// deal counts for a stage when a move put it there while open (a deal that skipped the stage has none), by its status
    /// now (a deal reopened after a loss counts as won if won since, and not at all while open again). Kept per audience
    /// until a deal closes or reopens (<see cref="DealRatesCache"/>).
    /// </summary>
    private Task<IReadOnlyDictionary<int, StageRate>> RatesAsync(CrmUser user, CancellationToken ct) =>
        ratesCache.GetAsync(user.ReadAudience<Deal>(), c => ComputeRatesAsync(user, c), ct);

    private async Task<IReadOnlyDictionary<int, StageRate>> ComputeRatesAsync(CrmUser user, CancellationToken ct)
    {
        var closed = db.Deals.VisibleTo(user).Where(d => d.Status != DealStatus.Open);
        var counts = await db.DealStageChanges
            .Where(c => c.Status == DealStatus.Open)
            .Join(closed, c => c.DealId, d => d.Id, (c, d) => new { c.ToStageId, c.DealId, Won = d.Status == DealStatus.Won ? 1 : 0 })
            .Distinct()
            .GroupBy(x => x.ToStageId)
            .Select(g => new { StageId = g.Key, Closed = g.Count(), Won = g.Sum(x => x.Won) })
            .ToListAsync(ct);
        var stages = new Dictionary<int, StageRate>(await StagesAsync(ct));
        foreach (var c in counts)
        {
            if (stages.TryGetValue(c.StageId, out var stage))
            {
                stages[c.StageId] = stage with { Closed = c.Closed, Won = c.Won };
            }
        }

        return stages;
    }

    /// <summary>Every stage, removed ones too (the history names them), with no conversion yet.</summary>
    private async Task<IReadOnlyDictionary<int, StageRate>> StagesAsync(CancellationToken ct) =>
        await db.PipelineStages.AsNoTracking()
            .Select(s => new StageRate(s.Id, s.Name, s.Probability, 0, 0))
            .ToDictionaryAsync(s => s.StageId, ct);

    private async Task<Dictionary<string, string>> OwnerNamesAsync(IReadOnlyCollection<string?> ids, CancellationToken ct)
    {
        var wanted = ids.OfType<string>().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var users = await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct);
        return users.ToDictionary(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName);
    }

    private static Figures[] FiguresOf(int periodCount, IEnumerable<ForecastSum> won, IEnumerable<ForecastSum> open, IReadOnlyDictionary<int, StageRate> rates)
    {
        var figures = new Figures[periodCount];
        for (var i = 0; i < periodCount; i++)
        {
            var wonCents = won.Where(s => s.Period == i).Sum(s => s.Cents);
            var inPeriod = open.Where(s => s.Period == i).ToList();
            figures[i] = new Figures(wonCents, Weighted(inPeriod, rates), wonCents + inPeriod.Sum(s => s.Cents), wonCents + Historical(inPeriod, rates));
        }

        return figures;
    }

    /// <summary>Σ amount × probability, in cent-percents added exactly, then divided by 100 once.</summary>
    private static long Weighted(IEnumerable<ForecastSum> open, IReadOnlyDictionary<int, StageRate> rates) =>
        Divide(open.Sum(s => s.Cents * (rates.GetValueOrDefault(s.StageId)?.Probability ?? 0)), 100);

    /// <summary>Σ amount × won / closed per stage (or × probability / 100 below the threshold), added exactly as a decimal and rounded once.</summary>
    private static long Historical(IEnumerable<ForecastSum> open, IReadOnlyDictionary<int, StageRate> rates)
    {
        var total = open.GroupBy(s => s.StageId).Sum(g =>
        {
            var rate = rates.GetValueOrDefault(g.Key) ?? new StageRate(g.Key, string.Empty, 0, 0, 0);
            return (decimal)g.Sum(s => s.Cents) * rate.Numerator / rate.Denominator;
        });
        return (long)decimal.Round(total, 0, MidpointRounding.AwayFromZero);
    }

    /// <summary>An exact division rounded half away from zero.</summary>
    public static long Divide(long numerator, long denominator) =>
        (long)decimal.Round((decimal)numerator / denominator, 0, MidpointRounding.AwayFromZero);

    private IReadOnlyList<ForecastPeriod> PeriodsOf(Query query, int fiscalStartMonth)
    {
        var today = DateOnly.FromDateTime(time.ToLocal(clock.GetUtcNow().UtcDateTime));
        var first = ForecastPeriod.Parse(query.From, fiscalStartMonth) is { } parsed && parsed.Grain == query.By
            ? parsed
            : ForecastPeriod.Containing(today, query.By, fiscalStartMonth);
        var count = Math.Clamp(query.Count ?? 3, 1, MaxPeriods);
        return Enumerable.Range(0, count).Select(i => first.Next(i)).ToList();
    }

    /// <summary>Local midnight starting <paramref name="day"/>, in UTC as times are stored.</summary>
    private DateTime Utc(DateOnly day) => time.ToUtc(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>
    /// The grouping key of a deal with the index of the period its value falls in, as nested CASE WHENs the database
    /// evaluates (value &lt; bound₁ ? 0 : value &lt; bound₂ ? 1 : …); the query has already kept values within the bounds.
    /// </summary>
    private static Expression<Func<Deal, ForecastKey>> PeriodOf<TValue>(
        Expression<Func<Deal, TValue>> value, IReadOnlyList<object> bounds, Expression<Func<Deal, int, ForecastKey>> key)
    {
        var deal = key.Parameters[0];
        var of = new ReplaceParameter(value.Parameters[0], deal).Visit(value.Body);
        Expression index = Expression.Constant(bounds.Count - 2);
        for (var i = bounds.Count - 3; i >= 0; i--)
        {
            var bound = Expression.Convert(Expression.Constant(bounds[i + 1]), typeof(TValue));
            index = Expression.Condition(Expression.LessThan(of, bound), Expression.Constant(i), index);
        }

        var body = new ReplaceParameter(key.Parameters[1], index).Visit(key.Body);
        return Expression.Lambda<Func<Deal, ForecastKey>>(body, deal);
    }

    private static Expression<Func<Deal, ForecastKey>> PeriodOf<TValue>(
        Expression<Func<Deal, TValue>> value, DateOnly[] bounds, Expression<Func<Deal, int, ForecastKey>> key) =>
        PeriodOf(value, bounds.Cast<object>().ToList(), key);

    private static Expression<Func<Deal, ForecastKey>> PeriodOf<TValue>(
        Expression<Func<Deal, TValue>> value, DateTime[] bounds, Expression<Func<Deal, int, ForecastKey>> key) =>
        PeriodOf(value, bounds.Cast<object>().ToList(), key);

    private sealed class ReplaceParameter(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    /// <summary>Member-init shapes, so that EF translates the grouping and its projection.</summary>
    private sealed class ForecastKey
    {
        public string? OwnerId { get; init; }
        public int Period { get; init; }
        public int StageId { get; init; }
    }

    private sealed class ForecastSum
    {
        public string? OwnerId { get; init; }
        public int Period { get; init; }
        public int StageId { get; init; }
        public long Cents { get; init; }
    }
}
