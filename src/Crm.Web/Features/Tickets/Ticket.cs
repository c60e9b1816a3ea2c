using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Tickets;

public enum TicketChannel
{
    Email,
    Phone,
    WebForm,
}

public enum TicketPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

public enum TicketStatus
{
    New,
    Open,
    WaitingOnCustomer,
    Resolved,
    Closed,
}

public enum SlaState
{
    OnTrack,
    AtRisk,
    Breached,

    /// <summary>Waiting on the customer: the SLA clock stands still.</summary>
    Paused,
}

/// <summary>
/// A customer's request handled by support: numbered for people (<see cref="Number"/>, "T-2026-000123"), in a team's
/// queue, assigned to an agent (its owner), with two SLA deadlines — a first response and a resolution — counted in
/// business hours and paused while waiting on the customer. Its conversation is <see cref="Messages"/>.
/// </summary>
public sealed class Ticket : IRecord<Ticket>, IListed, IAssignable, ITaggable
{
    public const int MaxNumberLength = 20;
    public const int MaxSubjectLength = 200;
    public const int MaxCategoryLength = 100;

    public static RecordKind<Ticket> Kind { get; } = TicketKind.Declare();

    public int Id { get; set; }

    /// <summary>"T-{year}-{id:000000}", set once the id is known; unique.</summary>
    public string Number { get; set; } = string.Empty;

    public string Subject { get; set; } = string.Empty;
    public string? Description { get; set; }

    public int? ContactId { get; set; }
    public Contact? Contact { get; set; }
    public int? CompanyId { get; set; }
    public Company? Company { get; set; }

    public TicketChannel Channel { get; set; }
    public string? Category { get; set; }
    public TicketPriority Priority { get; set; } = TicketPriority.Normal;
    public TicketStatus Status { get; set; } = TicketStatus.New;

    /// <summary>The SLA policy its deadlines were counted with; null, the default policy.</summary>
    public int? SlaPolicyId { get; set; }

    public DateTime? FirstResponseDueAt { get; set; }
    public DateTime? FirstRespondedAt { get; set; }
    public DateTime? ResolutionDueAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public SlaState SlaState { get; set; }

    /// <summary>Since when the SLA clock is paused (waiting on the customer); null while it runs.</summary>
    public DateTime? SlaPausedAt { get; set; }

    /// <summary>
    /// When each running deadline reaches its policy's at-risk share of time used (set with the due dates by
    /// <c>SlaDeadlines</c>): the escalation sweep reads these through an index instead of counting business time per ticket.
    /// </summary>
    public DateTime? FirstResponseWarnAt { get; set; }
    public DateTime? ResolutionWarnAt { get; set; }

    /// <summary>When each escalation happened: each happens once.</summary>
    public DateTime? AtRiskAt { get; set; }
    public DateTime? BreachedAt { get; set; }

    /// <summary>Set when the ticket was merged into another one (it then sits in the recycle bin).</summary>
    public int? MergedIntoId { get; set; }

    /// <summary>The assignee.</summary>
    public string? OwnerId { get; set; }
    public AppUser? Owner { get; set; }

    /// <summary>The queue.</summary>
    public int? TeamId { get; set; }
    public Team? Team { get; set; }

    public List<TicketTag> Tags { get; set; } = [];
    public List<TicketMessage> Messages { get; set; } = [];

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastActivityAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public string? DeletedWith { get; set; }
    public int Version { get; set; }

    public bool IsOpen => Status is not (TicketStatus.Resolved or TicketStatus.Closed);

    /// <summary>
    /// <see cref="IsOpen"/> as the database computes it, 1 or 0 (new, open or waiting on the customer): the queues' index
    /// starts with it, where a status list would make the database sort each queue. A number, so the queue asks
    /// "= 1", an equality the index's prefix takes (SQLite does not for a bare boolean column).
    /// </summary>
    public int InQueue { get; private set; }

    /// <summary>The resolution deadline, or <see cref="TicketList.NoDue"/> without one, computed by the database: the queues' sort key, on their index.</summary>
    public DateTime QueueDue { get; private set; }

    public static string NumberFor(int id, DateTime createdAt) => $"T-{createdAt.Year}-{id:000000}";

    /// <summary>Gives the ticket its number once the insert has given it an id; never changes it afterwards.</summary>
    public void Numbered()
    {
        if (Number.Length == 0 && Id != 0)
        {
            Number = NumberFor(Id, CreatedAt);
        }
    }

    /// <summary>Moves to a status, keeping when it was resolved and closed; reopening clears both.</summary>
    public void MoveTo(TicketStatus status, DateTime now)
    {
        if (status == Status)
        {
            return;
        }

        Status = status;
        switch (status)
        {
            case TicketStatus.Resolved:
                ResolvedAt = now;
                ClosedAt = null;
                break;
            case TicketStatus.Closed:
                ResolvedAt ??= now;
                ClosedAt = now;
                break;
            default:
                ResolvedAt = null;
                ClosedAt = null;
                break;
        }
    }

    public void AssignTo(string? ownerId, int? teamId)
    {
        OwnerId = ownerId;
        TeamId = teamId;
    }

    public bool HasTag(int tagId) => Tags.Any(t => t.TagId == tagId);

    public void AddTag(Tag tag) => Tags.Add(new TicketTag { Tag = tag });

    public bool HasTag(Tag tag) => Tags.Any(t => ReferenceEquals(t.Tag, tag));

    public void AddTag(int tagId) => Tags.Add(new TicketTag { TagId = tagId });
}

public enum TicketMessageKind
{
    /// <summary>An agent's answer, emailed to the contact.</summary>
    Reply,

    /// <summary>Seen by agents only.</summary>
    Note,

    /// <summary>What the customer wrote: the web form, an email, a reply through the signed link.</summary>
    Customer,
}

/// <summary>One message of a ticket's conversation, never edited once written.</summary>
public sealed class TicketMessage
{
    public const int MaxFromLength = 320;
    public const int MaxMessageIdLength = 250;

    public long Id { get; set; }
    public int TicketId { get; set; }
    public TicketMessageKind Kind { get; set; }
    public string Body { get; set; } = string.Empty;

    /// <summary>The agent who wrote it; null for the customer's messages.</summary>
    public string? AuthorId { get; set; }
    public AppUser? Author { get; set; }

    /// <summary>The customer's address for their messages.</summary>
    public string? From { get; set; }

    /// <summary>The email Message-ID it was sent or received with, so replies thread onto the ticket.</summary>
    public string? MessageId { get; set; }

    public DateTime At { get; set; }
    public List<TicketAttachment> Attachments { get; set; } = [];
}

/// <summary>A file sent with a message, stored in the data folder (checked by content for size and type).</summary>
public sealed class TicketAttachment
{
    public const int MaxFileNameLength = 255;
    public const int MaxContentTypeLength = 100;

    public long Id { get; set; }
    public long MessageId { get; set; }
    public string FileName { get; set; } = string.Empty;
    public string ContentType { get; set; } = string.Empty;
    public long Size { get; set; }

    /// <summary>The stored file's name under the data folder's attachments directory (never the uploaded name).</summary>
    public string StoredName { get; set; } = string.Empty;
}

public sealed class TicketTag : ITagLink
{
    public int TicketId { get; set; }
    public int TagId { get; set; }
    public Tag? Tag { get; set; }
}
