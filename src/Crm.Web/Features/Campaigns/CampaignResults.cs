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

    public async Task<Figures?> ForAsync(int campaignId, CrmUser user, CancellationToken ct) =>
        (await ForManyAsync(db.Campaigns.Where(c => c.Id == campaignId), user, ct)).GetValueOrDefault(campaignId);

    /// <summary>
    /// The figures of every campaign of <paramref name="campaigns"/> the user may see, by id, in three grouped queries
    /// whatever their number (the campaign ROI report reads them all; a campaign's page reads one).
    /// </summary>
    public async Task<IReadOnlyDictionary<int, Figures>> ForManyAsync(IQueryable<Campaign> campaigns, CrmUser user, CancellationToken ct)
    {
        var visible = campaigns.AsNoTracking().VisibleTo(user);
        var budgets = await visible.Select(c => new { c.Id, c.BudgetCents, c.ExpectedRevenueCents }).ToListAsync(ct);
        if (budgets.Count == 0)
        {
            return new Dictionary<int, Figures>();
        }

        var ids = visible.Select(c => c.Id);

        // One pass over the campaigns' members: a step counts every member who reached it, whatever they did after.
        var members = await db.CampaignMembers.AsNoTracking().Where(m => ids.Contains(m.CampaignId))
            .GroupBy(m => m.CampaignId)
            .Select(g => new
            {
                CampaignId = g.Key,
                Members = g.Count(),
                Sent = g.Count(m => m.SentAt != null),
                Opened = g.Count(m => m.OpenedAt != null),
                Clicked = g.Count(m => m.ClickedAt != null),
                Responded = g.Count(m => m.Status == CampaignMemberStatus.Responded || m.RespondedAt != null),
                Unsubscribed = g.Count(m => m.Status == CampaignMemberStatus.Unsubscribed),
                Bounced = g.Count(m => m.Status == CampaignMemberStatus.Bounced),
                Converted = g.Count(m => m.Status == CampaignMemberStatus.Converted),
            })
            .ToDictionaryAsync(m => m.CampaignId, ct);

        // A deal counts once for each campaign one of its contacts was a member of before the deal was created.
        var deals = await db.CampaignMembers.AsNoTracking().Where(m => ids.Contains(m.CampaignId))
            .Join(db.DealContacts, m => m.ContactId, dc => dc.ContactId, (m, dc) => new { m.CampaignId, m.AddedAt, dc.DealId })
            .Join(db.Deals.AsNoTracking().VisibleTo(user), x => x.DealId, d => d.Id, (x, d) => new { x.CampaignId, x.AddedAt, d.Id, d.CreatedAt, Won = d.Status == DealStatus.Won ? d.AmountDefaultCents : 0 })
            .Where(x => x.AddedAt < x.CreatedAt)
            .Select(x => new { x.CampaignId, x.Id, x.Won })
            .Distinct()
            .GroupBy(x => x.CampaignId)
            .Select(g => new { CampaignId = g.Key, Count = g.Count(), Won = g.Sum(x => x.Won) })
            .ToDictionaryAsync(x => x.CampaignId, ct);

        return budgets.ToDictionary(c => c.Id, c =>
        {
            var m = members.GetValueOrDefault(c.Id);
            var d = deals.GetValueOrDefault(c.Id);
            return new Figures(
                m?.Members ?? 0, m?.Sent ?? 0, m?.Opened ?? 0, m?.Clicked ?? 0, m?.Responded ?? 0,
                m?.Unsubscribed ?? 0, m?.Bounced ?? 0, m?.Converted ?? 0,
                d?.Count ?? 0, d?.Won ?? 0, c.BudgetCents, c.ExpectedRevenueCents);
        });
    }
}
