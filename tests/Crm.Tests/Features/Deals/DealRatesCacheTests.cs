using Crm.Tests.Infrastructure;
using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Deals;

/// <summary>
/// The forecast's stage rates are kept between requests (<see cref="DealRatesCache"/>): a deal that closes or reopens
/// shows in the very next forecast, while moving an open deal, which changes no rate, keeps them.
/// </summary>
public sealed class DealRatesCacheTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static readonly CrmUser Admin = new("rates-admin", null, new HashSet<string> { Roles.Admin });

    [Fact]
    public async Task A_deal_that_closes_or_reopens_shows_in_the_next_forecasts_rates()
    {
        var before = await FirstStageRateAsync();
        var id = await app.AddDealAsync("Rates " + Guid.NewGuid().ToString("N")[..6]);

        await ChangeAsync(id, deal => deal.Lose("Price", null, DateTime.UtcNow));
        var lost = await FirstStageRateAsync();
        Assert.Equal((before.Closed + 1, before.Won), (lost.Closed, lost.Won));

        await ChangeAsync(id, deal => deal.Reopen(null, DateTime.UtcNow));
        await ChangeAsync(id, deal => deal.Win(null, DateTime.UtcNow));
        var won = await FirstStageRateAsync();
        Assert.Equal((before.Closed + 1, before.Won + 1), (won.Closed, won.Won));
    }

    [Fact]
    public async Task Closing_a_deal_touches_the_rates_and_moving_an_open_one_does_not()
    {
        var id = await app.AddDealAsync("Moves " + Guid.NewGuid().ToString("N")[..6]);
        var cache = app.Services.GetRequiredService<DealRatesCache>();
        await app.WithDbAsync(async db =>
        {
            var deal = await db.Deals.SingleAsync(d => d.Id == id);
            var next = await db.PipelineStages.Where(s => s.PipelineId == deal.PipelineId && s.Id != deal.StageId).OrderBy(s => s.Position).FirstAsync();

            deal.MoveTo(next, null, DateTime.UtcNow);
            deal.NextStep = "Call back";
            Assert.DoesNotContain(db.ChangeTracker.Entries(), e => e.State != EntityState.Unchanged && cache.Touches(e));

            deal.Win(null, DateTime.UtcNow);
            Assert.Contains(db.ChangeTracker.Entries(), e => e.Entity == deal && cache.Touches(e));
        });
    }

    private async Task<DealForecast.StageRate> FirstStageRateAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var forecast = scope.ServiceProvider.GetRequiredService<DealForecast>();
        var result = await forecast.Handle(new DealForecast.Query(), Admin, CancellationToken.None);
        return result.Rates.Single(r => r.StageId == DealTestData.FirstStage.Id);
    }

    private Task ChangeAsync(int id, Action<Deal> change) =>
        app.WithDbAsync(async db =>
        {
            change(await db.Deals.SingleAsync(d => d.Id == id));
            await db.SaveChangesAsync();
        });
}
