using System.Globalization;
using Crm.Web.Features.Shared;
using Crm.Web.Features.Tickets;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Email;
using Crm.Web.Infrastructure.Text;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Support;

/// <summary>
/// /Support/New: a customer's request, without an account. Opens a WebForm ticket for the contact with that address
/// (found or created) and queues a confirmation with the ticket's number and the customer's link, in the language the
/// form was filled in.
/// </summary>
public sealed class SupportRequest(
    CrmDbContext db,
    TicketDesk desk,
    TicketAttachmentStore attachments,
    SupportContacts contacts,
    TicketLinks links,
    MailOutbox outbox,
    IStringLocalizer<SharedResource> l)
{
    public const int MaxNameLength = 100;
    public const int MaxMessageLength = 10_000;

    /// <summary>
    /// The form. <see cref="Website"/> is the honeypot: hidden from people, filled by bots that fill every field.
    /// </summary>
    public sealed record Form(string? Name, string? Email, string? Subject, string? Message, string? Website);

    public IReadOnlyList<FieldError> Check(Form form)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(form.Name))
        {
            errors.Add(new(nameof(Form.Name), l["Type your name."]));
        }
        else if (form.Name.Trim().Length > MaxNameLength)
        {
            errors.Add(new(nameof(Form.Name), l["The name must be at most {0} characters.", MaxNameLength]));
        }

        var email = form.Email?.Trim() ?? string.Empty;
        if (email.Length == 0)
        {
            errors.Add(new(nameof(Form.Email), l["Type your email address: the answer is sent there."]));
        }
        else if (!EmailAddresses.IsValid(email))
        {
            errors.Add(new(nameof(Form.Email), l["Type an email address such as name@example.com."]));
        }

        if (string.IsNullOrWhiteSpace(form.Subject))
        {
            errors.Add(new(nameof(Form.Subject), l["Say in a few words what it is about."]));
        }
        else if (form.Subject.Trim().Length > Ticket.MaxSubjectLength)
        {
            errors.Add(new(nameof(Form.Subject), l["The subject must be at most {0} characters.", Ticket.MaxSubjectLength]));
        }

        errors.AddRange(CheckMessage(form.Message, nameof(Form.Message)));
        return errors;
    }

    public IEnumerable<FieldError> CheckMessage(string? message, string field)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            yield return new(field, l["Write your message."]);
        }
        else if (message.Length > MaxMessageLength)
        {
            yield return new(field, l["The message must be at most {0} characters.", MaxMessageLength]);
        }
    }

    /// <summary>Stores an uploaded file; the error names the field when it is refused.</summary>
    public async Task<(TicketAttachment? Stored, FieldError? Error)> StoreAsync(IFormFile? file, string field, CancellationToken ct)
    {
        if (file is null || file.Length == 0 && string.IsNullOrEmpty(file.FileName))
        {
            return (null, null);
        }

        await using var content = file.OpenReadStream();
        var check = await attachments.StoreAsync(content, file.FileName, ct);
        return check.Accepted ? (check.Attachment, null) : (null, new FieldError(field, check.Error!));
    }

    /// <summary>Opens the ticket and queues the confirmation; the form was checked and its file stored.</summary>
    public async Task<Ticket> OpenAsync(Form form, TicketAttachment? attachment, CancellationToken ct)
    {
        var email = form.Email!.Trim();
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr" ? "fr" : "en";
        var contactId = await contacts.FindOrCreateAsync(email, form.Name!.Trim(), language, ct);
        var ticket = await desk.OpenAsync(
            new NewTicket(form.Subject!.Trim(), form.Message!.Trim(), TicketChannel.WebForm)
            {
                ContactId = contactId,
                From = email,
                Attachments = attachment is null ? [] : [attachment],
            },
            ct);

        var mail = outbox.Add(email, Confirmation(ticket, form.Name.Trim()), $"ticket-confirmation-{ticket.Id}");

        // The confirmation is sent as the customer's first message: answering it threads onto the ticket by In-Reply-To,
        // whatever the subject becomes.
        if (ticket.Messages.FirstOrDefault() is { Id: > 0, MessageId: null } first)
        {
            first.MessageId = mail.MessageId = desk.MessageIdFor(ticket.Id, first.Id);
        }

        await db.SaveChangesAsync(ct);
        return ticket;
    }

    /// <summary>
    /// The confirmation, in the form's language. Its subject carries the number, so that answering it threads onto
    /// the ticket (mail in); the link opens the public thread.
    /// </summary>
    public RenderedMail Confirmation(Ticket ticket, string name)
    {
        var link = links.LinkFor(ticket.Id);
        var text = string.Join("\n\n", new[]
        {
            l["Hello {0},", name].Value,
            l["We have received your request “{0}”. Its number is {1}.", ticket.Subject, ticket.Number].Value,
            link is null ? null : l["Follow it and answer us here (the link works for {0} days): {1}", (int)links.Lifetime.TotalDays, link].Value,
            l["You can also reply to this email."].Value,
        }.OfType<string>());
        return new RenderedMail($"[{ticket.Number}] {l["We have received your request: {0}", ticket.Subject]}", text, null);
    }
}
