using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Export;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Deals;

/// <summary>The forecast (/Deals/Forecast), the deals behind each of its figures, and its export.</summary>
public sealed partial class DealsController
{
    [HttpGet("/Deals/Forecast")]
    public async Task<IActionResult> Forecast([FromQuery] DealForecast.Query query, [FromServices] DealForecast forecast, CancellationToken ct) =>
        View(await forecast.Handle(query, CrmUser.From(User), ct));

    [HttpGet("/Deals/Forecast/Deals")]
    public async Task<IActionResult> ForecastDeals(
        string? period, string? owner, ForecastMeasure measure, [FromServices] DealForecast forecast, CancellationToken ct) =>
        await forecast.DealsAsync(period, owner, measure, CrmUser.From(User), ct) is { } drill ? View(drill) : NotFound();

    [HttpGet("/Deals/Forecast/Export")]
    public async Task<IActionResult> ForecastExport(
        [FromQuery] DealForecast.Query query,
        [FromServices] DealForecast forecast,
        [FromServices] UserTime time,
        [FromServices] TimeProvider clock,
        [FromServices] IStringLocalizer<SharedResource> l,
        CancellationToken ct)
    {
        var result = await forecast.Handle(query, CrmUser.From(User), ct);
        var columns = new ExportColumn[]
        {
            new(l["Period"], 16), new(l["Owner"], 28), new(l["Won"], 16), new(l["Weighted pipeline"], 18), new(l["Best case"], 16),
            new(l["Historical forecast"], 18), new(l["Open, no close date"], 20),
        };
        return new XlsxResult($"forecast-{time.ToLocal(clock.GetUtcNow().UtcDateTime):yyyy-MM-dd}.xlsx", l["Forecast"], columns, _ => ForecastCells(result, l).ToAsyncEnumerable());
    }

    /// <summary>The page's figures, one row per period and owner (then the total), amounts as numbers in the company's currency.</summary>
    private static IEnumerable<object?[]> ForecastCells(DealForecast.Result result, IStringLocalizer l)
    {
        string Owner(string name, bool total, string? ownerId) => total ? l["Total"] : ownerId is null ? l["No owner"] : SpreadsheetSafe.Text(name)!;
        for (var i = 0; i < result.Periods.Count; i++)
        {
            var label = result.Periods[i].Label(l);
            foreach (var row in result.Rows)
            {
                var f = row.PerPeriod[i];
                yield return [label, Owner(row.Name, row.IsTotal, row.OwnerId), Money.FromCents(f.WonCents), Money.FromCents(f.WeightedCents),
                    Money.FromCents(f.BestCaseCents), Money.FromCents(f.HistoricalCents), null];
            }
        }

        foreach (var row in result.NoClose)
        {
            yield return [l["No close date"].Value, Owner(row.Name, row.IsTotal, row.OwnerId), null, null, null, null, Money.FromCents(row.AmountCents)];
        }
    }
}
