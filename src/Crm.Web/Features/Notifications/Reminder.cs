namespace Crm.Web.Features.Notifications;

/// <summary>
/// A reminder due at a time for one user, written beside what it reminds of (a task, a meeting). The sweeper claims
/// due rows, writes the notification and the email, and sets <see cref="FiredAt"/>: pending reminders live in this
/// table, so a restart loses none (ARCHITECTURE §6). Moving the due time of its source rewrites the row.
/// </summary>
public sealed class Reminder
{
    public const int MaxSourceLength = 32;

    public long Id { get; set; }
    public string UserId { get; set; } = string.Empty;

    /// <summary>What it reminds of: a record kind key ("tasks", "activities") and its id.</summary>
    public string Source { get; set; } = string.Empty;
    public int SourceId { get; set; }

    public DateTime DueAt { get; set; }

    /// <summary>Set when a sweeper took it; a claim older than a few minutes was lost with its process.</summary>
    public DateTime? ClaimedAt { get; set; }

    public DateTime? FiredAt { get; set; }
}
