using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Crm.Web.Features.Tickets;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MimeKit;

namespace Crm.Web.Features.Support;

/// <summary>
/// Turns one email into ticket work. It threads onto the ticket it answers — by In-Reply-To/References naming one of
/// the ticket's messages, else by a ticket number ("T-2026-000123") in the subject when the sender is the ticket's
/// contact (a number is easy to guess, a Message-ID is not) — or opens a new Email ticket for the sender (contact found
/// or created by address). A closed ticket is not reopened by mail: the mail opens a new one. Auto-replies and bounces
/// are recorded and go no further, so that an out-of-office never opens tickets in a loop; a Message-ID already seen is
/// skipped. Attachments are checked as uploads are; the refused ones are listed in an internal note.
/// </summary>
public sealed partial class MailIn(
    CrmDbContext db,
    TicketDesk desk,
    TicketAttachmentStore store,
    SupportContacts contacts,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    /// <summary>A claim still pending after this long belongs to a run that stopped: the mail may be imported again.</summary>
    private static readonly TimeSpan AbandonedClaim = TimeSpan.FromMinutes(10);

    public sealed record Result(InboundMailOutcome? Outcome, int? TicketId)
    {
        public bool Duplicate => Outcome is null;
    }

    public async Task<Result> ImportAsync(MimeMessage message, string source, CancellationToken ct)
    {
        var messageId = MessageIdOf(message);
        var now = clock.GetUtcNow().UtcDateTime;

        // A claim left pending by a run that stopped half-way is released, so that the mail is not lost.
        await db.Set<InboundMail>().Where(m => m.MessageId == messageId && m.Outcome == InboundMailOutcome.Pending && m.ReceivedAt < now - AbandonedClaim)
            .ExecuteDeleteAsync(ct);
        if (await db.Set<InboundMail>().AnyAsync(m => m.MessageId == messageId, ct))
        {
            return new Result(null, null);
        }

        var sender = message.From.Mailboxes.FirstOrDefault() ?? message.Sender;
        var address = sender?.Address?.Trim();
        var row = new InboundMail
        {
            MessageId = messageId,
            Source = source,
            From = Cut(address, InboundMail.MaxFromLength),
            Subject = Cut(message.Subject, InboundMail.MaxSubjectLength),
            Outcome = InboundMailOutcome.Pending,
            ReceivedAt = now,
        };

        // Claimed first: the unique key keeps a second reader of the same mail (the folder and IMAP, two instances) out.
        db.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.Entry(row).State = EntityState.Detached;
            return new Result(null, null);
        }

        try
        {
            if (IsAutomatic(message) || address is null || !EmailAddresses.IsValid(address))
            {
                row.Outcome = InboundMailOutcome.Ignored;
                await db.SaveChangesAsync(ct);
                return new Result(InboundMailOutcome.Ignored, null);
            }

            var (stored, refused) = await AttachmentsOf(message, ct);
            var body = BodyOf(message);
            var ticketId = await TicketAnsweredAsync(message, address, ct);
            if (ticketId is int id)
            {
                await desk.AddMessageAsync(id, TicketMessageKind.Customer, body, null, address, Bracketed(messageId), stored, ct);
                row.Outcome = InboundMailOutcome.Threaded;
            }
            else
            {
                var contactId = await contacts.FindOrCreateAsync(address, sender?.Name, null, ct);
                var subject = string.IsNullOrWhiteSpace(message.Subject) ? l["(no subject)"].Value : message.Subject.Trim();
                var ticket = await desk.OpenAsync(
                    new NewTicket(Cut(subject, Ticket.MaxSubjectLength)!, body, TicketChannel.Email)
                    {
                        ContactId = contactId,
                        From = address,
                        EmailMessageId = Bracketed(messageId),
                        Attachments = stored,
                    },
                    ct);
                id = ticket.Id;
                row.Outcome = InboundMailOutcome.Opened;
            }

            if (refused.Count > 0)
            {
                var note = l["Attachments of this email that were not kept:"].Value + "\n" + string.Join("\n", refused.Select(r => "- " + r));
                await desk.AddMessageAsync(id, TicketMessageKind.Note, note, null, null, null, [], ct);
            }

            row.TicketId = id;
            await db.SaveChangesAsync(ct);
            return new Result(row.Outcome, id);
        }
        catch
        {
            // Not imported: the claim goes, so that the mail can be imported again once the cause is fixed.
            await db.Set<InboundMail>().Where(m => m.Id == row.Id).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>An auto-reply, a bounce or a list's mail (RFC 3834 Auto-Submitted, Precedence, delivery reports).</summary>
    public static bool IsAutomatic(MimeMessage message)
    {
        var autoSubmitted = message.Headers["Auto-Submitted"]?.Trim();
        if (!string.IsNullOrEmpty(autoSubmitted) && !autoSubmitted.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var precedence = message.Headers["Precedence"]?.Trim().ToLowerInvariant();
        if (precedence is "bulk" or "junk" or "list" or "auto_reply")
        {
            return true;
        }

        if (message.Headers.Contains("X-Autoreply") || message.Headers.Contains("X-Autorespond") || message.Body is MultipartReport)
        {
            return true;
        }

        var local = message.From.Mailboxes.FirstOrDefault()?.LocalPart?.ToLowerInvariant();
        return local is "mailer-daemon" or "postmaster" || message.Headers["Return-Path"]?.Trim() == "<>";
    }

    /// <summary>The ticket this mail answers, if it is still open to replies.</summary>
    private async Task<int?> TicketAnsweredAsync(MimeMessage message, string sender, CancellationToken ct)
    {
        var referenced = new List<string>();
        if (!string.IsNullOrEmpty(message.InReplyTo))
        {
            referenced.Add(message.InReplyTo);
        }

        referenced.AddRange(message.References.Reverse().Take(20));
        var candidates = referenced.SelectMany(r => new[] { r, Bracketed(r) }).Distinct(StringComparer.Ordinal).ToList();
        int? ticketId = candidates.Count == 0 ? null : await db.TicketMessages.AsNoTracking()
            .Where(m => m.MessageId != null && candidates.Contains(m.MessageId))
            .OrderByDescending(m => m.Id).Select(m => (int?)m.TicketId).FirstOrDefaultAsync(ct);

        if (ticketId is null && NumberPattern().Match(message.Subject ?? string.Empty) is { Success: true } number)
        {
            var key = SearchKey.NormalizeEmail(sender);
            ticketId = await db.Tickets.AsNoTracking()
                .Where(t => t.Number == number.Value && t.Contact != null && (t.Contact.EmailKey == key || t.Contact.Emails.Any(e => e.AddressKey == key)))
                .Select(t => (int?)t.Id).FirstOrDefaultAsync(ct);
        }

        // A merged ticket's conversation goes on in the ticket it was merged into.
        for (var hops = 0; ticketId is int id && hops < 5; hops++)
        {
            var ticket = await db.Tickets.AsNoTracking().Where(t => t.Id == id)
                .Select(t => new { t.MergedIntoId, t.DeletedAt, t.Status }).FirstOrDefaultAsync(ct);
            if (ticket?.MergedIntoId is int into)
            {
                ticketId = into;
                continue;
            }

            return ticket is null || ticket.DeletedAt is not null || ticket.Status == TicketStatus.Closed ? null : id;
        }

        return null;
    }

    private async Task<(List<TicketAttachment> Stored, List<string> Refused)> AttachmentsOf(MimeMessage message, CancellationToken ct)
    {
        var stored = new List<TicketAttachment>();
        var refused = new List<string>();
        foreach (var entity in message.Attachments)
        {
            using var content = new MemoryStream();
            string name;
            switch (entity)
            {
                case MessagePart forwarded:
                    name = (forwarded.ContentDisposition?.FileName ?? forwarded.Message?.Subject ?? "message") is var n && n.EndsWith(".eml", StringComparison.OrdinalIgnoreCase) ? n : n + ".eml";
                    await forwarded.Message!.WriteToAsync(content, ct);
                    break;
                case MimePart part when part.Content is not null:
                    name = part.FileName ?? "attachment";
                    await part.Content.DecodeToAsync(content, ct);
                    break;
                default:
                    continue;
            }

            content.Position = 0;
            var check = await store.StoreAsync(content, name, ct);
            if (check.Accepted)
            {
                stored.Add(check.Attachment!);
            }
            else
            {
                refused.Add(check.Error ?? name);
            }
        }

        return (stored, refused);
    }

    /// <summary>The text part, else the HTML part's text (never its markup).</summary>
    private string BodyOf(MimeMessage message)
    {
        var text = message.TextBody;
        if (string.IsNullOrWhiteSpace(text) && !string.IsNullOrWhiteSpace(message.HtmlBody))
        {
            var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(message.HtmlBody);
            text = document.Body?.TextContent;
        }

        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return l["(no text)"].Value;
        }

        return text.Length <= TicketDesk.MaxBodyLength ? text : text[..TicketDesk.MaxBodyLength];
    }

    /// <summary>The Message-ID without angle brackets; a mail without one gets one made from its content, so that reading it twice still imports once.</summary>
    public static string MessageIdOf(MimeMessage message)
    {
        var id = message.MessageId?.Trim();
        if (!string.IsNullOrEmpty(id) && id.Length <= TicketMessage.MaxMessageIdLength - 2)
        {
            return id;
        }

        using var buffer = new MemoryStream();
        message.WriteTo(buffer);
        return "sha256-" + Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray())) + "@mail-in";
    }

    private static string Bracketed(string id) => id.StartsWith('<') ? id : $"<{id}>";

    private static string? Cut(string? text, int max) => text is null ? null : text.Length <= max ? text : text[..max];

    [GeneratedRegex(@"\bT-\d{4}-\d{6,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
