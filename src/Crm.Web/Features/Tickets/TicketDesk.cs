using System.Globalization;
using System.Text.RegularExpressions;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Email;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Tickets;

/// <summary>
/// What opens a ticket, from any door (an agent's form, the customer web form, mail in). The first message is the
/// customer's (<see cref="Description"/>, from <see cref="From"/>, with its <see cref="Attachments"/> already stored by
/// <see cref="TicketAttachmentStore"/>). A contact without a company given brings its own.
/// </summary>
public sealed record NewTicket(string Subject, string? Description, TicketChannel Channel)
{
    public TicketPriority Priority { get; init; } = TicketPriority.Normal;
    public int? ContactId { get; init; }
    public int? CompanyId { get; init; }
    public string? Category { get; init; }
    public int? TeamId { get; init; }
    public string? OwnerId { get; init; }

    /// <summary>The customer's address, for their first message.</summary>
    public string? From { get; init; }

    /// <summary>The Message-ID of the email that opened it, so that the customer's next emails thread onto it.</summary>
    public string? EmailMessageId { get; init; }

    public IReadOnlyList<TicketAttachment> Attachments { get; init; } = [];
}

/// <summary>
/// A ticket's conversation, written once for every door: opening (numbered "T-{year}-{id:000000}" once the insert
/// gives the id, SLA started, the customer's first message), and adding a message. A public reply is queued in the
/// outbox to the contact with a Message-ID mail in threads on; a customer message reopens a ticket that waited on them
/// or was resolved; "@name" in a reply or note notifies that user once, if they may see the ticket. Callers check who may
/// write (the pages: edit access; the customer's link: its signature); the desk only keeps the ticket's rules.
/// </summary>
public sealed partial class TicketDesk(
    CrmDbContext db,
    Visibility.CurrentVisibility visibility,
    ITicketSla sla,
    MailOutbox outbox,
    Notifications.Notifications notifications,
    PublicLinks links,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    public const int MaxBodyLength = 20000;

    public async Task<Ticket> OpenAsync(NewTicket request, CancellationToken ct)
    {
        var companyId = request.CompanyId;
        if (companyId is null && request.ContactId is int contactId)
        {
            companyId = await db.Contacts.Where(c => c.Id == contactId).Select(c => c.CompanyId).FirstOrDefaultAsync(ct);
        }

        var now = Now;
        var ticket = new Ticket
        {
            Subject = request.Subject.Trim(),
            Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
            Channel = request.Channel,
            Priority = request.Priority,
            Category = string.IsNullOrWhiteSpace(request.Category) ? null : request.Category.Trim(),
            ContactId = request.ContactId,
            CompanyId = companyId,
            OwnerId = request.OwnerId,
            TeamId = request.TeamId,
            Status = TicketStatus.New,
            CreatedAt = now,
            LastActivityAt = now,
        };
        if (ticket.Description is not null || request.Attachments.Count > 0)
        {
            ticket.Messages.Add(new TicketMessage
            {
                Kind = TicketMessageKind.Customer,
                Body = ticket.Description ?? string.Empty,
                From = request.From,
                MessageId = request.EmailMessageId,
                At = now,
                Attachments = [.. request.Attachments],
            });
        }

        // The number needs the id: both saves commit together or neither does (SQL Server's retries replay both).
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            db.Tickets.Add(ticket);
            await db.SaveChangesAsync(token);
            ticket.Numbered();
            await sla.StartAsync(ticket, token);
            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
        }, ct);
        return ticket;
    }

    public async Task<TicketMessage> AddMessageAsync(
        int ticketId,
        TicketMessageKind kind,
        string body,
        string? authorId,
        string? from,
        string? emailMessageId,
        IReadOnlyList<TicketAttachment> attachments,
        CancellationToken ct)
    {
        var ticket = await db.Tickets.Include(t => t.Contact).FirstOrDefaultAsync(t => t.Id == ticketId, ct)
            ?? throw new InvalidOperationException($"Ticket {ticketId} was not found.");
        var now = Now;
        var message = new TicketMessage
        {
            TicketId = ticket.Id,
            Kind = kind,
            Body = body.Trim(),
            AuthorId = kind == TicketMessageKind.Customer ? null : authorId,
            From = from,
            MessageId = emailMessageId,
            At = now,
            Attachments = [.. attachments],
        };

        var (statusBefore, priorityBefore) = (ticket.Status, ticket.Priority);
        switch (kind)
        {
            case TicketMessageKind.Customer when ticket.Status is TicketStatus.WaitingOnCustomer or TicketStatus.Resolved:
                ticket.MoveTo(TicketStatus.Open, now);
                break;
            case TicketMessageKind.Reply:
                if (ticket.FirstRespondedAt is null)
                {
                    sla.OnFirstResponse(ticket);
                    ticket.FirstRespondedAt ??= now;
                }

                if (ticket.Status == TicketStatus.New)
                {
                    ticket.MoveTo(TicketStatus.Open, now);
                }

                break;
        }

        ticket.LastActivityAt = now;
        if (ticket.Status != statusBefore)
        {
            await sla.OnChangedAsync(ticket, statusBefore, priorityBefore, ct);
        }

        // The keys name the message: its id comes with the first save, the mail and the notifications with the second.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            db.TicketMessages.Add(message);
            await db.SaveChangesAsync(token);
            if (kind == TicketMessageKind.Reply && ticket.Contact?.Email is { Length: > 0 } to)
            {
                message.MessageId = MessageIdFor(ticket.Id, message.Id);
                var mail = outbox.Add(to, ReplySubject(ticket), ReplyText(ticket, message.Body), null, $"ticket-reply-{message.Id}");
                mail.MessageId = message.MessageId;
            }

            if (kind != TicketMessageKind.Customer)
            {
                await NotifyMentionedAsync(ticket, message, authorId, token);
            }

            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
        }, ct);
        return message;
    }

    /// <summary>Changes a ticket's status and priority, and tells the SLA clock (waiting on the customer pauses it).</summary>
    public async Task ChangeAsync(Ticket ticket, TicketStatus status, TicketPriority priority, CancellationToken ct)
    {
        var (statusBefore, priorityBefore) = (ticket.Status, ticket.Priority);
        ticket.MoveTo(status, Now);
        ticket.Priority = priority;
        if (ticket.Status != statusBefore || ticket.Priority != priorityBefore)
        {
            await sla.OnChangedAsync(ticket, statusBefore, priorityBefore, ct);
        }
    }

    /// <summary>The Message-ID a reply is sent with; mail in finds the ticket from the In-Reply-To of the customer's answer.</summary>
    public string MessageIdFor(int ticketId, long messageId) =>
        string.Create(CultureInfo.InvariantCulture, $"<ticket-{ticketId}-{messageId}@{MailDomain}>");

    /// <summary>"[T-2026-000123] Re: subject": the number lets mail in thread a reply whose headers were lost.</summary>
    public static string ReplySubject(Ticket ticket) => $"[{ticket.Number}] Re: {ticket.Subject}";

    /// <summary>The users named "@handle" (the part of their email before the @) in a text, lower-cased, at most ten.</summary>
    public static IReadOnlyList<string> Mentions(string text) =>
        MentionPattern().Matches(text).Select(m => m.Groups[1].Value.TrimEnd('.').ToLowerInvariant()).Where(h => h.Length > 0).Distinct().Take(10).ToList();

    private string ReplyText(Ticket ticket, string body) =>
        body + "\n\n-- \n" + l["Ticket {0}: {1}", ticket.Number, ticket.Subject].Value;

    private async Task NotifyMentionedAsync(Ticket ticket, TicketMessage message, string? authorId, CancellationToken ct)
    {
        foreach (var handle in Mentions(message.Body))
        {
            var prefix = handle.ToUpperInvariant() + "@";
            var mentioned = await db.Users.AsNoTracking()
                .Where(u => u.IsActive && u.Id != authorId && u.NormalizedEmail != null && u.NormalizedEmail.StartsWith(prefix))
                .Select(u => new { u.Id, u.TeamId })
                .Take(2)
                .ToListAsync(ct);
            if (mentioned is not [var user])
            {
                continue;
            }

            var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name!).ToListAsync(ct);
            if (!(await visibility.UserAsync(user.Id, user.TeamId, roles, ct)).CanSee<Ticket>(ticket))
            {
                continue;
            }

            var author = authorId is null ? null : await db.Users.Where(u => u.Id == authorId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
            notifications.Add(
                user.Id,
                l["{0} mentioned you on {1}", author ?? l["Someone"].Value, ticket.Number],
                message.Body,
                $"/Tickets/Details/{ticket.Id}#message-{message.Id}",
                $"ticket-mention-{message.Id}");
        }
    }

    private string MailDomain => links.BaseUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "crm.localhost";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [GeneratedRegex(@"(?<![\w.@])@([A-Za-z0-9][A-Za-z0-9._+-]{0,63})")]
    private static partial Regex MentionPattern();
}
