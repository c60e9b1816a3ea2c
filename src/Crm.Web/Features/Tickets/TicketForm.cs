using System.ComponentModel.DataAnnotations;
using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Records;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Tickets;

/// <summary>
/// What the ticket form posts, for create and edit alike. The description is the customer's first message, written on
/// create only; the number, the SLA deadlines and state and the dates come from the server.
/// </summary>
public sealed record TicketForm : IEditorForm<TicketForm>, IRecordForm<Ticket>
{
    public string? Subject { get; init; }

    public string? Description { get; init; }

    public int? ContactId { get; init; }

    public int? CompanyId { get; init; }

    public TicketChannel Channel { get; init; } = TicketChannel.Phone;

    public string? Category { get; init; }

    public TicketPriority Priority { get; init; } = TicketPriority.Normal;

    public TicketStatus Status { get; init; } = TicketStatus.New;

    public string? OwnerId { get; init; }

    /// <summary>The queue.</summary>
    public int? TeamId { get; init; }

    [StringLength(500, ErrorMessage = "{0} must be at most {1} characters."), Display(Name = "Tags")]
    public string? Tags { get; init; }

    public int Version { get; init; }

    public TicketForm WithVersion(int version) => this with { Version = version };

    public IEnumerable<(string Field, string Message)> Check(IStringLocalizer l)
    {
        if (!Enum.IsDefined(Priority) || !Enum.IsDefined(Status) || !Enum.IsDefined(Channel))
        {
            yield return (string.Empty, l["The request was not valid."]);
        }

        foreach (var tag in TagNames.Parse(Tags).Where(t => t.Length > TagNames.MaxLength))
        {
            yield return (nameof(Tags), l["The tag \"{0}\" is longer than {1} characters.", tag, TagNames.MaxLength]);
        }
    }

    public static TicketForm From(Ticket ticket) => new()
    {
        Subject = ticket.Subject,
        Description = ticket.Description,
        ContactId = ticket.ContactId,
        CompanyId = ticket.CompanyId,
        Channel = ticket.Channel,
        Category = ticket.Category,
        Priority = ticket.Priority,
        Status = ticket.Status,
        OwnerId = ticket.OwnerId,
        TeamId = ticket.TeamId,
        Tags = TagNames.Join(ticket.Tags.Select(t => t.Tag!.Name)),
        Version = ticket.Version,
    };
}

/// <summary>What the ticket form offers beyond owners and companies: the contacts to pick from and the queues.</summary>
public sealed record TicketFormChoices(IReadOnlyList<Choice> Contacts, IReadOnlyList<Choice> Queues);
