using Crm.Web.Features.Activities;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Campaigns;

/// <summary>A campaign's page: its facts, results, sending, its first members, timeline and history.</summary>
public static class CampaignDetails
{
    public sealed record Facts(
        int Id,
        string Name,
        string? Description,
        CampaignType Type,
        CampaignStatus Status,
        DateOnly? StartDate,
        DateOnly? EndDate,
        long BudgetCents,
        long ExpectedRevenueCents,
        int? MailTemplateId,
        string? TemplateName,
        DateTime? SendAt,
        DateTime? SendFinishedAt,
        string? OwnerId,
        string? OwnerName,
        int? TeamId,
        string? TeamName,
        DateTime CreatedAt);

    /// <param name="Eligible">Targeted members the send would mail now (consent granted, not unsubscribed or bounced).</param>
    /// <param name="Segments">The segments the user sees, whose contacts they may add as members (empty when they may not change the campaign).</param>
    public sealed record View(
        RecordDetailsFrame Frame, Facts Campaign, IReadOnlyList<string> Tags, CampaignResults.Figures Results, CampaignMembers.Page Members, int Eligible, string Currency,
        IReadOnlyList<Choice> Segments)
        : RecordDetailsPage(Frame)
    {
        public override string? MainPanel => "_Campaign";
    }

    public sealed class Handler(
        CrmDbContext db,
        ActivityTimeline.Handler timeline,
        RecordHistory history,
        CampaignResults results,
        CampaignMembers members,
        CampaignSender sender,
        Deals.CurrencyRates currencies) : IRecordDetails<Campaign>
    {
        public async Task<RecordDetailsPage?> HandleAsync(int id, CrmUser user, string? after, ActivityKind? type, bool allHistory, CancellationToken ct)
        {
            var facts = await db.Campaigns.AsNoTracking().VisibleTo(user)
                .Where(c => c.Id == id)
                .Select(c => new Facts(
                    c.Id, c.Name, c.Description, c.Type, c.Status, c.StartDate, c.EndDate, c.BudgetCents, c.ExpectedRevenueCents,
                    c.MailTemplateId, db.Set<EmailTemplates.MailTemplate>().Where(t => t.Id == c.MailTemplateId).Select(t => t.Name).FirstOrDefault(),
                    c.SendAt, c.SendFinishedAt,
                    c.OwnerId, c.Owner != null ? c.Owner.DisplayName : null, c.TeamId, c.Team != null ? c.Team.Name : null, c.CreatedAt))
                .FirstOrDefaultAsync(ct);
            if (facts is null)
            {
                return null;
            }

            var tags = await db.Set<CampaignTag>().AsNoTracking().Where(t => t.CampaignId == id).OrderBy(t => t.Tag!.Name).Select(t => t.Tag!.Name).ToListAsync(ct);
            var figures = (await results.ForAsync(id, user, ct))!;
            var page = await members.PageAsync(id, null, null, user, ct);
            var eligible = await sender.Eligible(id).Take(CampaignMembers.ListCap + 1).CountAsync(ct);
            var entries = await timeline.ForAsync<Campaign>(id, after, user, ct, type: type);
            var frame = await RecordDetailsFrame.ReadAsync<Campaign>(history, user, id, facts.Name, new OwnedRef(facts.OwnerId, facts.TeamId), entries, after, type, allHistory, ct);
            IReadOnlyList<Choice> segments = frame.CanEdit
                ? await db.Segments.AsNoTracking().VisibleTo(user).OrderBy(s => s.Name).Take(200)
                    .Select(s => new Choice(s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Name)).ToListAsync(ct)
                : [];
            return new View(frame, facts, tags, figures, page, eligible, await currencies.DefaultAsync(ct), segments);
        }
    }
}
