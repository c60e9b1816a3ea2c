using Crm.Tests.Infrastructure;

namespace Crm.Tests.Features.Deals;

/// <summary>
/// The deal pages whose figures were slow at 20k deals read on their indexes: the list narrowed to open deals walks
/// them in name order instead of sorting them all, and the forecast's sums read their covering indexes alone.
/// </summary>
public sealed class DealQueryPlanTests(RecordingAppFactory app) : IClassFixture<RecordingAppFactory>
{
    [Fact]
    public async Task The_open_deals_list_walks_the_status_and_name_index_without_sorting()
    {
        await app.AddDealAsync("Plan deal");
        var client = await app.SignInAsync();

        var plans = await app.PlansOfAsync(client, "/Deals?status=Open", "Deals");

        var page = Assert.Single(plans, p => p.Sql.Contains("ORDER BY \"d\".\"NameKey\"", StringComparison.Ordinal));
        Assert.True(page.Uses("IX_Deals_Status_NameKey_Id") && !page.Sorts, page.ToString());
    }

    [Fact]
    public async Task The_forecast_sums_read_their_covering_indexes()
    {
        await app.AddDealAsync("Plan forecast deal");
        var client = await app.SignInAsync();

        var plans = await app.PlansOfAsync(client, "/Deals/Forecast", "Deals");

        var sums = plans.Where(p => p.Sql.Contains("SUM(", StringComparison.Ordinal) && p.Sql.Contains(">= @", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, sums.Count);
        Assert.All(sums, p => Assert.True(p.Steps.Any(s => s.Contains("USING COVERING INDEX IX_Deals_Status_", StringComparison.Ordinal)), p.ToString()));
    }
}
