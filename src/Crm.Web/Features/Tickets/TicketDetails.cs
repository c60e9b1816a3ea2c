using Crm.Web.Features.Activities;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tickets;

/// <summary>A ticket's page: its facts, its conversation (replies, notes, the customer's messages, attachments), timeline and history.</summary>
public static class TicketDetails
{
    public const int MessageCount = 200;

    public sealed record Facts(
        int Id,
        string Number,
        string Subject,
        string? Description,
        int? ContactId,
        string? ContactName,
        string? ContactEmail,
        int? CompanyId,
        string? CompanyName,
        TicketChannel Channel,
        string? Category,
        TicketPriority Priority,
        TicketStatus Status,
        SlaState SlaState,
        DateTime? FirstResponseDueAt,
        DateTime? FirstRespondedAt,
        DateTime? ResolutionDueAt,
        DateTime? ResolvedAt,
        string? OwnerId,
        string? OwnerName,
        int? TeamId,
        string? TeamName,
        DateTime CreatedAt,
        int Version);

    public sealed record Attachment(long Id, long MessageId, string FileName, long Size);

    public sealed record Message(long Id, TicketMessageKind Kind, string Body, string? AuthorName, string? From, DateTime At)
    {
        public IReadOnlyList<Attachment> Attachments { get; init; } = [];
    }

    /// <param name="MessagesCapped">The conversation is longer than the page shows (the latest <see cref="MessageCount"/>).</param>
    public sealed record View(RecordDetailsFrame Frame, Facts Ticket, IReadOnlyList<string> Tags, IReadOnlyList<Message> Messages, bool MessagesCapped)
        : RecordDetailsPage(Frame)
    {
        public override string? MainPanel => "_Conversation";

        /// <summary>The reply as the agent wrote it, when it comes back with errors.</summary>
        public TicketConversation.Form Reply { get; init; } = new();

        /// <summary>The number typed in the merge form, when it comes back with an error.</summary>
        public string? MergeInto { get; init; }
    }

    public sealed class Handler(CrmDbContext db, ActivityTimeline.Handler timeline, RecordHistory history) : IRecordDetails<Ticket>
    {
        public async Task<RecordDetailsPage?> HandleAsync(int id, CrmUser user, string? after, ActivityKind? type, bool allHistory, CancellationToken ct)
        {
            var facts = await db.Tickets.AsNoTracking().VisibleTo(user)
                .Where(t => t.Id == id)
                .Select(t => new Facts(
                    t.Id, t.Number, t.Subject, t.Description,
                    t.ContactId, t.Contact != null ? t.Contact.FirstName + " " + t.Contact.LastName : null, t.Contact != null ? t.Contact.Email : null,
                    t.CompanyId, t.Company != null ? t.Company.Name : null,
                    t.Channel, t.Category, t.Priority, t.Status, t.SlaState,
                    t.FirstResponseDueAt, t.FirstRespondedAt, t.ResolutionDueAt, t.ResolvedAt,
                    t.OwnerId, t.Owner != null ? t.Owner.DisplayName : null, t.TeamId, t.Team != null ? t.Team.Name : null, t.CreatedAt, t.Version))
                .FirstOrDefaultAsync(ct);
            if (facts is null)
            {
                return null;
            }

            // The latest messages on the (TicketId, At, Id) index, shown oldest first.
            var messages = await db.TicketMessages.AsNoTracking()
                .Where(m => m.TicketId == id)
                .OrderByDescending(m => m.At).ThenByDescending(m => m.Id)
                .Take(MessageCount + 1)
                .Select(m => new Message(m.Id, m.Kind, m.Body, m.Author != null ? m.Author.DisplayName : null, m.From, m.At))
                .ToListAsync(ct);
            var capped = messages.Count > MessageCount;
            messages = messages.Take(MessageCount).Reverse().ToList();
            var ids = messages.Select(m => m.Id).ToList();
            var attachments = (await db.TicketAttachments.AsNoTracking()
                    .Where(a => ids.Contains(a.MessageId))
                    .OrderBy(a => a.Id)
                    .Select(a => new Attachment(a.Id, a.MessageId, a.FileName, a.Size))
                    .ToListAsync(ct))
                .ToLookup(a => a.MessageId);
            messages = messages.Select(m => m with { Attachments = attachments[m.Id].ToList() }).ToList();

            var tags = await db.TicketTags.AsNoTracking().Where(t => t.TicketId == id).OrderBy(t => t.Tag!.Name).Select(t => t.Tag!.Name).ToListAsync(ct);
            var entries = await timeline.ForAsync<Ticket>(id, after, user, ct, type: type);
            var frame = await RecordDetailsFrame.ReadAsync<Ticket>(history, user, id, facts.Subject, new OwnedRef(facts.OwnerId, facts.TeamId), entries, after, type, allHistory, ct);
            return new View(frame, facts, tags, messages, capped);
        }
    }
}
