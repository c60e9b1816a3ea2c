using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Campaigns;

/// <summary>
/// What a campaign brought, counted in SQL: members by step, open and click rates (of the messages sent), responses,
/// the deals it influenced (deals the user may see with a contact who was a member before the deal was created),
/// revenue won on them, cost per lead (budget over members who responded or converted) and ROI ((won − budget) / budget).
/// </summary>
public sealed class CampaignResults(CrmDbContext db)
{
    public sealed record Figures(
        int Members,
        int Sent,
        int Opened,
        int Clicked,
        int Responded,
        int Unsubscribed,
        int Bounced,
        int Converted,
        int DealsInfluenced,
        long RevenueWonCents,
        long BudgetCents,
        long ExpectedRevenueCents)
    {
        public decimal? OpenRate => Sent == 0 ? null : (decimal)Opened / Sent;

        public decimal? ClickRate => Sent == 0 ? null : (decimal)Clicked / Sent;

        /// <summary>Members who responded or converted: the leads the budget paid for.</summary>
        public int Leads => Responded + Converted;

        public long? CostPerLeadCents => Leads == 0 ? null : BudgetCents / Leads;

        public decimal? Roi => BudgetCents == 0 ? null : (decimal)(RevenueWonCents - BudgetCents) / BudgetCents;
    }

    public async Task<Figures?> ForAsync(int campaignId, CrmUser user, CancellationToken ct)
    {
        var campaign = await db.Campaigns.AsNoTracking().VisibleTo(user).Where(c => c.Id == campaignId)
            .Select(c => new { c.BudgetCents, c.ExpectedRevenueCents }).FirstOrDefaultAsync(ct);
        if (campaign is null)
        {
            return null;
        }

        // One pass over the campaign's members: a step counts every member who reached it, whatever they did after.
        var members = await db.CampaignMembers.AsNoTracking().Where(m => m.CampaignId == campaignId)
            .GroupBy(m => m.CampaignId)
            .Select(g => new
            {
                Members = g.Count(),
                Sent = g.Count(m => m.SentAt != null),
                Opened = g.Count(m => m.OpenedAt != null),
                Clicked = g.Count(m => m.ClickedAt != null),
                Responded = g.Count(m => m.Status == CampaignMemberStatus.Responded || m.RespondedAt != null),
                Unsubscribed = g.Count(m => m.Status == CampaignMemberStatus.Unsubscribed),
                Bounced = g.Count(m => m.Status == CampaignMemberStatus.Bounced),
                Converted = g.Count(m => m.Status == CampaignMemberStatus.Converted),
            })
            .FirstOrDefaultAsync(ct);

        var influenced = db.Deals.AsNoTracking().VisibleTo(user)
            .Where(d => db.DealContacts.Any(dc => dc.DealId == d.Id
                && db.CampaignMembers.Any(m => m.CampaignId == campaignId && m.ContactId == dc.ContactId && m.AddedAt < d.CreatedAt)));
        var deals = await influenced
            .GroupBy(d => 1)
            .Select(g => new { Count = g.Count(), Won = g.Sum(d => d.Status == DealStatus.Won ? d.AmountDefaultCents : 0) })
            .FirstOrDefaultAsync(ct);

        return new Figures(
            members?.Members ?? 0, members?.Sent ?? 0, members?.Opened ?? 0, members?.Clicked ?? 0, members?.Responded ?? 0,
            members?.Unsubscribed ?? 0, members?.Bounced ?? 0, members?.Converted ?? 0,
            deals?.Count ?? 0, deals?.Won ?? 0, campaign.BudgetCents, campaign.ExpectedRevenueCents);
    }
}
