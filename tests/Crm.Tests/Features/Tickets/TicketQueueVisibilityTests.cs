using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Tickets;

/// <summary>
/// An unassigned ticket in a team's queue is that team's: support in another team neither lists nor opens it, while a
/// ticket in no queue at all stays for every agent to pick up.
/// </summary>
public sealed class TicketQueueVisibilityTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private const string Password = "Queue-Seen-2026";

    [Fact]
    public async Task Support_sees_its_own_queues_unassigned_tickets_and_those_in_no_queue_but_not_another_teams()
    {
        var (lyon, paris) = await app.WithDbAsync(async db =>
        {
            var a = new Team { Name = "Support Lyon (visibility)" };
            var b = new Team { Name = "Support Paris (visibility)" };
            db.Teams.AddRange(a, b);
            await db.SaveChangesAsync();
            return (a.Id, b.Id);
        });
        var agent = await app.CreateUserAsync("lyon-agent@tests.crm", Password, Roles.Support);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == agent.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TeamId, lyon)));

        var ours = await app.AddTicketAsync("Lyon printer jammed", teamId: lyon);
        var theirs = await app.AddTicketAsync("Paris screen flickers", teamId: paris);
        var nobodys = await app.AddTicketAsync("Nobody's request yet");

        var client = await app.SignInAsync("lyon-agent@tests.crm", Password);
        var unassigned = await client.GetTextAsync("/Tickets?queue=unassigned");
        Assert.Contains($"/Tickets/Details/{ours}\"", unassigned, StringComparison.Ordinal);
        Assert.Contains($"/Tickets/Details/{nobodys}\"", unassigned, StringComparison.Ordinal);
        Assert.DoesNotContain($"/Tickets/Details/{theirs}\"", unassigned, StringComparison.Ordinal);
        Assert.DoesNotContain($"/Tickets/Details/{theirs}\"", await client.GetTextAsync("/Tickets?queue=all"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Tickets/Details/{ours}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Tickets/Details/{nobodys}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Tickets/Details/{theirs}")).StatusCode);
    }
}
