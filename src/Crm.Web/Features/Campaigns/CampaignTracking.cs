using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Campaigns;

/// <summary>
/// What a member's links record: an open (the pixel), a click, an unsubscribe. Steps only move forward (a click after an
/// unsubscribe leaves the member unsubscribed); an unsubscribe withdraws the contact's marketing consent, with the
/// campaign named as the source, so no campaign mails them again.
/// </summary>
public sealed class CampaignTracking(CrmDbContext db, TimeProvider clock)
{
    public async Task OpenedAsync(long memberId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.CampaignMembers.Where(m => m.Id == memberId && m.OpenedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.OpenedAt, now)
                .SetProperty(m => m.Status, m => m.Status == CampaignMemberStatus.Sent ? CampaignMemberStatus.Opened : m.Status), ct);
    }

    public async Task ClickedAsync(long memberId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.CampaignMembers.Where(m => m.Id == memberId && m.ClickedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.ClickedAt, now)
                .SetProperty(m => m.OpenedAt, m => m.OpenedAt ?? now)
                .SetProperty(m => m.Status, m => m.Status == CampaignMemberStatus.Sent || m.Status == CampaignMemberStatus.Opened ? CampaignMemberStatus.Clicked : m.Status), ct);
    }

    /// <summary>Withdraws the member's consent and marks them unsubscribed; false when there is no such member (a test message's link).</summary>
    public async Task<bool> UnsubscribeAsync(long memberId, CancellationToken ct)
    {
        var member = await db.CampaignMembers.Include(m => m.Campaign).Include(m => m.Contact).IgnoreQueryFilters().FirstOrDefaultAsync(m => m.Id == memberId, ct);
        if (member?.Contact is null)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var source = $"Unsubscribe link: {member.Campaign?.Name}";
        member.Contact.SetConsent(ConsentState.Withdrawn, now, source.Length <= ContactSources.MaxConsentSourceLength ? source : source[..ContactSources.MaxConsentSourceLength]);
        if (member.Status != CampaignMemberStatus.Unsubscribed)
        {
            member.Status = CampaignMemberStatus.Unsubscribed;
            member.UnsubscribedAt = now;
        }

        await db.SaveChangesAsync(ct);
        return true;
    }
}

internal static class ContactSources
{
    /// <summary>The consent source's declared length (ContactKind).</summary>
    public const int MaxConsentSourceLength = 200;
}
