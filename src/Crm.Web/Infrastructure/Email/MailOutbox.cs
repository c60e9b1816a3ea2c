using Crm.Web.Infrastructure.Data;

namespace Crm.Web.Infrastructure.Email;

/// <summary>
/// Queues an email in the outbox (ARCHITECTURE §6, §7). It only adds to the context: the caller saves, so the email
/// is committed with what caused it, or not at all; the outbox sender delivers it within a minute, with retries.
/// The <c>key</c> names the cause ("reminder-42-user-7") and is unique, so work done twice queues one email.
/// </summary>
public sealed class MailOutbox(CrmDbContext db, TimeProvider clock, OutboxKick kick)
{
    private bool _kickOnSave;

    public OutboxMessage Add(string to, string subject, string text, string? html, string? key)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            To = to,
            Subject = subject.Length <= OutboxMessage.MaxSubjectLength ? subject : subject[..OutboxMessage.MaxSubjectLength],
            Text = text,
            Html = html,
            Key = key,
            Status = OutboxStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        };
        db.Outbox.Add(message);
        if (!_kickOnSave)
        {
            _kickOnSave = true;
            db.SavedChanges += (_, _) => kick.AfterCommit();
        }

        return message;
    }

    /// <summary>Queues a rendered template (see Features/EmailTemplates/MailTemplates.cs).</summary>
    public OutboxMessage Add(string to, RenderedMail mail, string? key) => Add(to, mail.Subject, mail.Text, mail.Html, key);
}

/// <summary>An email's three parts, as a template renders them.</summary>
public sealed record RenderedMail(string Subject, string Text, string? Html);
