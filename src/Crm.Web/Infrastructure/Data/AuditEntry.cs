namespace Crm.Web.Infrastructure.Data;

public enum AuditAction
{
    Created,
    Updated,
    Deleted,
    Restored,
    Merged,

    /// <summary>A copy of a person's data was taken (GDPR access right): who and when, no values.</summary>
    DataExported,

    /// <summary>A person's data was erased (GDPR erasure): the entries before it went with the values they held.</summary>
    DataErased,

    /// <summary>A record was removed from the recycle bin for good, by an admin or the retention job.</summary>
    Purged,
}

/// <summary>Which path made a change: consumers of change events and the history page tell them apart.</summary>
public enum ChangeSource
{
    Form,
    Import,
    Bulk,
    Merge,
    Restore,
    System,

    /// <summary>A workflow rule's action: its correlation id names the rule and run, so a rule never triggers itself.</summary>
    Workflow,
}

/// <summary>
/// Field-level history and, read in order, the change events of committed saves (ARCHITECTURE §5, decision 0006):
/// every row is written in the transaction of the change it describes.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public string EntityType { get; set; } = string.Empty;

    /// <summary>The record kind key ("contacts", "companies"), as the recycle bin and the record kit name kinds.</summary>
    public string Kind { get; set; } = string.Empty;

    public int EntityId { get; set; }
    public AuditAction Action { get; set; }
    public ChangeSource Source { get; set; }

    /// <summary>Shared by every entry of one user action that touched many records (a bulk edit, a merge, an import job).</summary>
    public string? CorrelationId { get; set; }

    public string? UserId { get; set; }
    public DateTime At { get; set; }

    /// <summary>JSON array of {field, old, new} with raw values (formatted when read); for merges, what was merged into what.</summary>
    public string? Changes { get; set; }
}
