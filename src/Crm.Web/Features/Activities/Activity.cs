using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Activities;

public enum ActivityKind
{
    Call,
    Email,
    Meeting,
    Note,
}

public enum TextFormat
{
    Plain,
    Markdown,
}

/// <summary>One entry of a customer's timeline: a call, email, meeting or note, linked to a contact and/or a company.</summary>
public sealed class Activity : ISoftDeletable, IAudited, ITracked
{
    public int Id { get; set; }
    public ActivityKind Kind { get; set; }
    public string Subject { get; set; } = string.Empty;
    public DateTime OccurredAt { get; set; }
    public int? DurationMinutes { get; set; }
    public string? Outcome { get; set; }
    public string? Body { get; set; }
    public TextFormat BodyFormat { get; set; }

    public int? ContactId { get; set; }
    public Contact? Contact { get; set; }
    public int? CompanyId { get; set; }
    public Company? Company { get; set; }

    public string? CreatedById { get; set; }
    public AppUser? CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public int Version { get; set; }

    public static Activity Log(ActivityKind kind, string subject, DateTime occurredAt, int? contactId, int? companyId, string? byUserId)
    {
        if (contactId is null && companyId is null)
        {
            throw new InvalidOperationException("An activity belongs to a contact or a company.");
        }

        return new Activity
        {
            Kind = kind,
            Subject = subject.Trim(),
            OccurredAt = occurredAt,
            ContactId = contactId,
            CompanyId = companyId,
            CreatedById = byUserId,
        };
    }
}
