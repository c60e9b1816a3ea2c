using Crm.Web.Features.Contacts;

namespace Crm.Web.Features.Campaigns;

/// <summary>Where a member stands, furthest step first reached: targeted, then sent, opened, clicked; or one of the ends.</summary>
public enum CampaignMemberStatus
{
    Targeted,
    Sent,
    Opened,
    Clicked,
    Responded,
    Unsubscribed,
    Bounced,
    Converted,
}

/// <summary>
/// A contact in a campaign, once (unique campaign and contact), with its status and when each step happened. Sending
/// moves Targeted to Sent in the transaction that queues the mail, so a send resumed after a crash never mails a member
/// twice.
/// </summary>
public sealed class CampaignMember
{
    public long Id { get; set; }
    public int CampaignId { get; set; }
    public Campaign? Campaign { get; set; }
    public int ContactId { get; set; }
    public Contact? Contact { get; set; }
    public CampaignMemberStatus Status { get; set; }
    public DateTime AddedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public DateTime? OpenedAt { get; set; }
    public DateTime? ClickedAt { get; set; }
    public DateTime? RespondedAt { get; set; }
    public DateTime? UnsubscribedAt { get; set; }
}
