using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Campaigns;

public enum CampaignType
{
    Email,
    Event,
    Webinar,
    Other,
}

public enum CampaignStatus
{
    Planned,
    Active,
    Completed,
    Aborted,
}

/// <summary>
/// A marketing campaign: what it is (email, event, webinar), when it runs, what it costs and should bring, who owns it;
/// its members are contacts (<see cref="CampaignMember"/>). An email campaign names a template and is sent by
/// <see cref="CampaignSender"/>: <see cref="SendAt"/> is when, <see cref="SendFinishedAt"/> when every eligible member had
/// its mail queued (docs/decisions/0021-campaign-sending.md).
/// </summary>
public sealed class Campaign : IRecord<Campaign>, IListed, IAssignable, ITaggable
{
    public const int MaxNameLength = 200;

    public static RecordKind<Campaign> Kind { get; } = CampaignKind.Declare();

    public int Id { get; set; }
    public string Name { get; set; } = string.Empty;
    public string? Description { get; set; }
    public CampaignType Type { get; set; } = CampaignType.Email;
    public CampaignStatus Status { get; set; } = CampaignStatus.Planned;
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }

    /// <summary>What it costs, in the company's currency, in cents.</summary>
    public long BudgetCents { get; set; }

    /// <summary>What it should bring, in the company's currency, in cents.</summary>
    public long ExpectedRevenueCents { get; set; }

    /// <summary>The mail template an email campaign sends (a template about campaigns).</summary>
    public int? MailTemplateId { get; set; }

    /// <summary>When the send was asked for (now or later); null, never.</summary>
    public DateTime? SendAt { get; set; }

    /// <summary>Held by the sender working on it; a claim older than a few minutes was lost with its process.</summary>
    public DateTime? SendClaimedAt { get; set; }

    public DateTime? SendFinishedAt { get; set; }

    public string? OwnerId { get; set; }
    public AppUser? Owner { get; set; }
    public int? TeamId { get; set; }
    public Team? Team { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastActivityAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public string? DeletedWith { get; set; }
    public int Version { get; set; }

    public List<CampaignTag> Tags { get; set; } = [];

    public void AssignTo(string? ownerId, int? teamId)
    {
        OwnerId = ownerId;
        TeamId = teamId;
    }

    public bool HasTag(int tagId) => Tags.Any(t => t.TagId == tagId);

    public void AddTag(Tag tag) => Tags.Add(new CampaignTag { Tag = tag });

    public bool HasTag(Tag tag) => Tags.Any(t => ReferenceEquals(t.Tag, tag));

    public void AddTag(int tagId) => Tags.Add(new CampaignTag { TagId = tagId });
}

public sealed class CampaignTag : ITagLink
{
    public int CampaignId { get; set; }
    public int TagId { get; set; }
    public Tag? Tag { get; set; }
}
