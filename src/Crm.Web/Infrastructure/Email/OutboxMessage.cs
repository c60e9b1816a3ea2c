namespace Crm.Web.Infrastructure.Email;

public enum OutboxStatus
{
    Pending,
    Sent,

    /// <summary>Every attempt failed; an admin sees it and may send it again.</summary>
    Failed,
}

/// <summary>
/// One email to send (ARCHITECTURE §6, §7): written in the transaction of what caused it, sent by the outbox sweeper
/// with retries and backoff. <see cref="Key"/> names what it is about ("reminder-42-user-7") and is unique, so work
/// done twice queues one email.
/// </summary>
public sealed class OutboxMessage
{
    public const int MaxAddressLength = 320;
    public const int MaxSubjectLength = 300;
    public const int MaxKeyLength = 150;
    public const int MaxErrorLength = 1000;
    public const int MaxMessageIdLength = 250;
    public const int MaxHeadersLength = 4000;
    public const int MaxAttachmentPathLength = 100;
    public const int MaxAttachmentNameLength = 200;

    public long Id { get; set; }
    public string To { get; set; } = string.Empty;
    public string Subject { get; set; } = string.Empty;
    public string Text { get; set; } = string.Empty;
    public string? Html { get; set; }
    public string? Key { get; set; }

    /// <summary>The Message-ID to send it with (a ticket's reply, so the customer's answer threads on it); null, one is made up.</summary>
    public string? MessageId { get; set; }

    /// <summary>
    /// Further headers, one "Name: value" a line (a campaign's List-Unsubscribe and List-Unsubscribe-Post, RFC 8058);
    /// null for none.
    /// </summary>
    public string? Headers { get; set; }

    /// <summary>
    /// A file to attach: its name in the data folder's outbox directory (<c>DataPaths.OutboxFiles</c>), never a path, so
    /// a row cannot point elsewhere; several messages may share it. Deleted when no unsent message needs it any more.
    /// </summary>
    public string? AttachmentPath { get; set; }

    /// <summary>The attachment's name as the recipient sees it ("Pipeline by stage 2026-12-07.xlsx").</summary>
    public string? AttachmentName { get; set; }

    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }

    /// <summary>When it may be tried (again): now when queued, later after a failure (backoff).</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>Set when a sender took it; a claim older than a few minutes was lost with its process.</summary>
    public DateTime? ClaimedAt { get; set; }

    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
}
