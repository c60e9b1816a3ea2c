namespace Crm.Web.Infrastructure.Data;

public enum AuditAction
{
    Created,
    Updated,
    Deleted,
    Restored,
    Merged,
}

/// <summary>Field-level history: who changed what, when, from which value to which (ARCHITECTURE §5).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public string EntityType { get; set; } = string.Empty;
    public int EntityId { get; set; }
    public AuditAction Action { get; set; }
    public string? UserId { get; set; }
    public DateTime At { get; set; }

    /// <summary>JSON array of {field, old, new}; for merges, what was merged into what.</summary>
    public string? Changes { get; set; }
}
