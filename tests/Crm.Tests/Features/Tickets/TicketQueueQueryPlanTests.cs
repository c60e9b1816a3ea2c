using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Tickets;

/// <summary>
/// A support agent's queues read their open tickets in deadline order straight from an index: at 100k tickets a queue
/// that sorted its tens of thousands of open tickets took 60–70 ms, the index read a few.
/// </summary>
public sealed class TicketQueueQueryPlanTests(RecordingAppFactory app) : IClassFixture<RecordingAppFactory>
{
    [Theory]
    [InlineData("team", "IX_Tickets_TeamId_InQueue_QueueDue_Id")]
    [InlineData("mine", "IX_Tickets_OwnerId_InQueue_QueueDue_Id")]
    [InlineData("unassigned", "IX_Tickets_OwnerId_InQueue_QueueDue_Id")]
    public async Task The_page_of_a_queue_reads_its_index_in_order_without_sorting(string queue, string index)
    {
        var email = $"queue-plan-{queue}@tests.crm";
        var agent = await app.CreateUserAsync(email, "Queue-Plan-2026", Roles.Support);
        await app.WithDbAsync(async db =>
        {
            var team = new Team { Name = "Queue plan " + queue };
            db.Teams.Add(team);
            await db.SaveChangesAsync();
            await db.Users.Where(u => u.Id == agent.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TeamId, team.Id));
        });
        var client = await app.SignInAsync(email, "Queue-Plan-2026");

        var plans = await app.PlansOfAsync(client, $"/Tickets?queue={queue}", "Tickets");

        var page = Assert.Single(plans, p => p.Sql.Contains("ORDER BY", StringComparison.Ordinal) && p.Sql.Contains("LIMIT", StringComparison.Ordinal) && p.Sql.Contains("QueueDue", StringComparison.Ordinal));
        Assert.True(page.Uses(index), page.ToString());
        Assert.False(page.Sorts, page.ToString());
    }
}
