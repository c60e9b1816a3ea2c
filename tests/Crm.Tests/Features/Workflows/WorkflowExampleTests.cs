using Crm.Tests.Features.Deals;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Deals;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Workflows;

/// <summary>The shipped examples do what their names say once an admin enables them.</summary>
public sealed class WorkflowExampleTests(WorkflowTestApp app) : IClassFixture<WorkflowTestApp>
{
    [Fact]
    public async Task Enabled_examples_give_a_new_lead_a_call_task_tomorrow_and_a_quoted_deal_a_follow_up_in_three_days()
    {
        await app.WithDbAsync(db => db.WorkflowRules.Where(r => r.Example != null).ExecuteUpdateAsync(s => s.SetProperty(r => r.Enabled, true)));
        var owner = await app.OwnerAsync();
        var lead = await app.AddContactAsync("Newlead", owner.Id, c => c.LifecycleStage = LifecycleStage.Lead);
        var customer = await app.AddContactAsync("Oldcustomer", owner.Id, c => c.LifecycleStage = LifecycleStage.Customer);
        var deal = await app.AddDealAsync("Quoted", new Crm.Tests.Features.RecordPages.TestUser(owner.Id, owner.Email!, null));
        await app.WithDbAsync(async db =>
        {
            var d = await db.Deals.FirstAsync(x => x.Id == deal);
            d.MoveTo(await db.PipelineStages.FirstAsync(s => s.Name == "Proposal"), owner.Id, app.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        });

        await app.RunJobAsync();

        var now = app.Clock.GetUtcNow().UtcDateTime;
        var call = await app.WithDbAsync(db => db.Tasks.SingleAsync(t => t.RecordKind == ContactKind.Key && t.RecordId == lead));
        Assert.Equal("Call the new lead", call.Title);
        Assert.Equal(owner.Id, call.OwnerId);
        Assert.InRange(call.DueAt - now, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
        Assert.Equal(0, await app.TaskCountAsync(customer));
        var followUp = await app.WithDbAsync(db => db.Tasks.SingleAsync(t => t.RecordKind == DealKind.Key && t.RecordId == deal));
        Assert.InRange(followUp.DueAt - now, TimeSpan.FromDays(3) - TimeSpan.FromHours(1), TimeSpan.FromDays(3));

        // Fourteen days later without activity, the deal's owner is reminded.
        app.Clock.Advance(TimeSpan.FromDays(15));
        await app.RunJobAsync();
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == owner.Id && n.Link == $"/Deals/Details/{deal}")));
    }
}
