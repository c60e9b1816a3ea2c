using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Tickets;

/// <summary>
/// An agent writes on a ticket's page: a public reply (emailed to the contact) or an internal note, with files, and
/// maybe a new status. Only users who may edit the ticket write; every file is checked by the attachment store before
/// anything is saved, and a refused file refuses the message (the files kept so far are discarded).
/// </summary>
public sealed class TicketConversation(CrmDbContext db, TicketDesk desk, TicketAttachmentStore store, IStringLocalizer<SharedResource> l)
{
    public const int MaxFiles = 5;

    public sealed record Form
    {
        public string? Message { get; init; }

        /// <summary>Reply or Note (a customer's message is never written here).</summary>
        public TicketMessageKind Kind { get; init; } = TicketMessageKind.Reply;

        /// <summary>The status the ticket moves to with the message; none, it stays (a first reply opens a new ticket).</summary>
        public TicketStatus? Status { get; init; }
    }

    public async Task<Outcome<long>> WriteAsync(int ticketId, Form form, IReadOnlyList<IFormFile> files, CrmUser user, CancellationToken ct)
    {
        var ticket = await db.Tickets.VisibleTo(user).FirstOrDefaultAsync(t => t.Id == ticketId, ct);
        if (RecordEditing.Refuses(ticket, user, out var refused))
        {
            return refused;
        }

        var errors = new List<FieldError>();
        if (form.Kind is not (TicketMessageKind.Reply or TicketMessageKind.Note) || (form.Status is { } s && !Enum.IsDefined(s)))
        {
            errors.Add(new FieldError(string.Empty, l["The request was not valid."]));
        }

        var body = form.Message?.Trim() ?? string.Empty;
        if (body.Length == 0)
        {
            errors.Add(new FieldError(nameof(Form.Message), l["Write the message."]));
        }
        else if (body.Length > TicketDesk.MaxBodyLength)
        {
            errors.Add(new FieldError(nameof(Form.Message), l["The message must be at most {0} characters.", TicketDesk.MaxBodyLength]));
        }

        if (files.Count > MaxFiles)
        {
            errors.Add(new FieldError("Files", l["Attach at most {0} files.", MaxFiles]));
        }

        var stored = new List<TicketAttachment>();
        if (errors.Count == 0)
        {
            foreach (var file in files)
            {
                await using var content = file.OpenReadStream();
                var check = await store.StoreAsync(content, file.FileName, ct);
                if (check.Attachment is { } attachment)
                {
                    stored.Add(attachment);
                }
                else
                {
                    errors.Add(new FieldError("Files", check.Error!));
                }
            }
        }

        if (errors.Count > 0)
        {
            store.Discard(stored);
            return Outcome.Invalid(errors);
        }

        var message = await desk.AddMessageAsync(ticket.Id, form.Kind, body, user.Id, null, null, stored, ct);
        if (form.Status is TicketStatus status && status != ticket.Status)
        {
            await desk.ChangeAsync(ticket, status, ticket.Priority, ct);
            await db.SaveChangesAsync(ct);
        }

        return Outcome.Done(message.Id);
    }

    /// <summary>An attachment of a ticket the user may see, with the stored file's record; null otherwise (404, never 403).</summary>
    public Task<TicketAttachment?> AttachmentAsync(long id, CrmUser user, CancellationToken ct)
    {
        var visible = db.Tickets.VisibleTo(user).Select(t => t.Id);
        return db.TicketAttachments.AsNoTracking()
            .Where(a => a.Id == id && db.TicketMessages.Any(m => m.Id == a.MessageId && visible.Contains(m.TicketId)))
            .FirstOrDefaultAsync(ct);
    }
}
