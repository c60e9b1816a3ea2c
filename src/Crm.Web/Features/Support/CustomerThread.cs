using Crm.Web.Features.Tickets;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Support;

/// <summary>
/// What the customer's link shows: the ticket's number, subject and status, and its PUBLIC thread — the customer's
/// messages and the agents' replies, never an internal note. Agents are named by first name only.
/// </summary>
public sealed class CustomerThread(CrmDbContext db)
{
    public sealed record File(long Id, string FileName, long Size);

    public sealed record Message(long Id, TicketMessageKind Kind, string Body, string? Agent, DateTime At, IReadOnlyList<File> Files);

    public sealed record View(int Id, string Number, string Subject, TicketStatus Status, string? ContactEmail, IReadOnlyList<Message> Messages)
    {
        /// <summary>A closed ticket takes no more replies: the customer opens a new request.</summary>
        public bool TakesReplies => Status != TicketStatus.Closed;
    }

    public static readonly TicketMessageKind[] PublicKinds = [TicketMessageKind.Customer, TicketMessageKind.Reply];

    public async Task<View?> ForAsync(int ticketId, CancellationToken ct)
    {
        var ticket = await db.Tickets.AsNoTracking().Where(t => t.Id == ticketId && t.DeletedAt == null)
            .Select(t => new { t.Id, t.Number, t.Subject, t.Status, ContactEmail = t.Contact!.Email })
            .FirstOrDefaultAsync(ct);
        if (ticket is null)
        {
            return null;
        }

        var messages = await db.TicketMessages.AsNoTracking()
            .Where(m => m.TicketId == ticketId && PublicKinds.Contains(m.Kind))
            .OrderBy(m => m.At).ThenBy(m => m.Id)
            .Select(m => new
            {
                m.Id,
                m.Kind,
                m.Body,
                Agent = m.Author!.DisplayName,
                m.At,
                Files = m.Attachments.Select(a => new File(a.Id, a.FileName, a.Size)).ToList(),
            })
            .ToListAsync(ct);
        return new View(ticket.Id, ticket.Number, ticket.Subject, ticket.Status, ticket.ContactEmail,
            messages.Select(m => new Message(m.Id, m.Kind, m.Body, FirstName(m.Agent), m.At, m.Files)).ToList());
    }

    /// <summary>An attachment of the ticket's public thread, or null (a note's file is not the customer's to read).</summary>
    public Task<TicketAttachment?> PublicAttachmentAsync(int ticketId, long attachmentId, CancellationToken ct) =>
        db.TicketAttachments.AsNoTracking()
            .Where(a => a.Id == attachmentId && db.TicketMessages.Any(m => m.Id == a.MessageId && m.TicketId == ticketId && PublicKinds.Contains(m.Kind)))
            .FirstOrDefaultAsync(ct);

    /// <summary>The status in the customer's words (English resource keys).</summary>
    public static string StatusLabel(TicketStatus status) => status switch
    {
        TicketStatus.New => "Received",
        TicketStatus.Open => "In progress",
        TicketStatus.WaitingOnCustomer => "Waiting for your answer",
        TicketStatus.Resolved => "Solved",
        _ => "Closed",
    };

    private static string? FirstName(string? name) => name?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
}
