using Crm.Web.Features.WebForms;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Campaigns;

/// <summary>
/// A web form's campaign (chosen on /Admin/Forms): the contact a submission creates or finds joins it, as having
/// responded. A member already further on (unsubscribed, bounced, converted) or already responded keeps its status.
/// </summary>
public sealed class CampaignWebFormListener(CrmDbContext db, CampaignMembers members, TimeProvider clock) : IWebFormListener
{
    public async Task SubmittedAsync(WebForm form, WebFormSubmission.Outcome outcome, CancellationToken ct)
    {
        if (form.CampaignId is not int campaignId || !await db.Campaigns.AnyAsync(c => c.Id == campaignId, ct))
        {
            return;
        }

        await members.AddAsync(campaignId, db.Contacts.Where(c => c.Id == outcome.ContactId).Select(c => c.Id), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        CampaignMemberStatus[] before = [CampaignMemberStatus.Targeted, CampaignMemberStatus.Sent, CampaignMemberStatus.Opened, CampaignMemberStatus.Clicked];
        await db.CampaignMembers
            .Where(m => m.CampaignId == campaignId && m.ContactId == outcome.ContactId && before.Contains(m.Status))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, CampaignMemberStatus.Responded).SetProperty(m => m.RespondedAt, now), ct);
    }
}
