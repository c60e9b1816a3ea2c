using Crm.Tests.Infrastructure;

namespace Crm.Tests.Features.Notifications;

/// <summary>The bell is on every page: its count must read the (UserId, ReadAt, Id) index, never the table.</summary>
public sealed class BellQueryPlanTests(RecordingAppFactory app) : IClassFixture<RecordingAppFactory>
{
    [Fact]
    public async Task The_unread_count_reads_its_covering_index()
    {
        var client = await app.SignInAsync();

        var plans = await app.PlansOfAsync(client, "/Contacts", "Notifications");

        var count = Assert.Single(plans, p => p.Sql.Contains("COUNT(*)", StringComparison.Ordinal));
        Assert.True(count.Steps.Any(s => s.Contains("USING COVERING INDEX IX_Notifications_UserId_ReadAt_Id", StringComparison.Ordinal)), count.ToString());
    }
}
