using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Segments;

public enum SegmentType
{
    /// <summary>A saved filter of the contacts list: its members are whoever matches it when it is used.</summary>
    Dynamic,

    /// <summary>A list of contacts added by hand (the contacts list's bulk action), kept in <see cref="SegmentMember"/>.</summary>
    Static,
}

/// <summary>
/// A group of contacts marketing targets (docs/decisions/0020-segments.md): a saved contacts-list filter, run as SQL
/// through the contacts list's own pipeline, or a static list of members. Whoever uses it sees only the contacts they may see.
/// </summary>
public sealed class Segment : IRecord<Segment>, IListed, IAssignable, ITaggable
{
    public const int MaxNameLength = 150;

    /// <summary>A saved filter is a contacts-list query string, as long as a saved view's.</summary>
    public const int MaxFilterLength = SavedViews.SavedView.MaxQueryStringLength;

    public static RecordKind<Segment> Kind { get; } = SegmentKind.Declare();

    public int Id { get; set; }
    public string Name { get; set; } = string.Empty;
    public string? Description { get; set; }
    public SegmentType Type { get; set; }

    /// <summary>For a dynamic segment, the contacts list's filters as a query string ("consent=Granted&amp;tag=4"); empty matches every contact.</summary>
    public string Filter { get; set; } = string.Empty;

    public string? OwnerId { get; set; }
    public AppUser? Owner { get; set; }
    public int? TeamId { get; set; }
    public Team? Team { get; set; }

    public List<SegmentTag> Tags { get; set; } = [];

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastActivityAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public string? DeletedWith { get; set; }
    public int Version { get; set; }

    public void AssignTo(string? ownerId, int? teamId)
    {
        OwnerId = ownerId;
        TeamId = teamId;
    }

    public bool HasTag(int tagId) => Tags.Any(t => t.TagId == tagId);

    public void AddTag(Tag tag) => Tags.Add(new SegmentTag { Tag = tag });

    public bool HasTag(Tag tag) => Tags.Any(t => ReferenceEquals(t.Tag, tag));

    public void AddTag(int tagId) => Tags.Add(new SegmentTag { TagId = tagId });
}

public sealed class SegmentTag : ITagLink
{
    public int SegmentId { get; set; }
    public int TagId { get; set; }
    public Tag? Tag { get; set; }
}

/// <summary>A contact on a static list, and when it was added. The contact's own access rule still decides who sees it there.</summary>
public sealed class SegmentMember
{
    public int SegmentId { get; set; }
    public int ContactId { get; set; }
    public DateTime AddedAt { get; set; }
}
