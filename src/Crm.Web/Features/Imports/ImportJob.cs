namespace Crm.Web.Features.Imports;

public enum ImportStatus
{
    Uploaded,
    Queued,
    Running,
    Completed,
    Failed,
}

public enum DuplicateHandling
{
    Skip,
    Update,
    Create,
}

/// <summary>One import of a CSV or XLSX file, from upload to result. The row in this table is the job's state (ARCHITECTURE §6).</summary>
public sealed class ImportJob
{
    public int Id { get; set; }

    /// <summary>The key of the kind of record it imports.</summary>
    public string Target { get; set; } = string.Empty;

    public string UserId { get; set; } = string.Empty;
    public string FileName { get; set; } = string.Empty;

    /// <summary>Path of the uploaded file under the data folder's uploads directory.</summary>
    public string StoredPath { get; set; } = string.Empty;

    public string? Encoding { get; set; }
    public string? Separator { get; set; }

    /// <summary>JSON: source column index → target field name.</summary>
    public string? MappingJson { get; set; }

    public DuplicateHandling Duplicates { get; set; }

    /// <summary>The static list (segment) the imported contacts join at the end of the job; null for none.</summary>
    public int? ListId { get; set; }

    /// <summary>The name of a new list chosen on the mapping page: it is created, and becomes <see cref="ListId"/>, when the import starts.</summary>
    public string? NewListName { get; set; }
    public ImportStatus Status { get; set; }

    public int TotalRows { get; set; }
    public int ProcessedRows { get; set; }
    public int CreatedCount { get; set; }
    public int UpdatedCount { get; set; }
    public int SkippedCount { get; set; }
    public int ErrorCount { get; set; }

    /// <summary>Rows created although a record has a similar name (counted in <see cref="CreatedCount"/> too), left for review.</summary>
    public int PossibleDuplicateCount { get; set; }

    /// <summary>CSV of row number and reason, under the uploads directory.</summary>
    public string? ErrorFilePath { get; set; }
    public string? Message { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>Set when a run claims the job and after every committed batch: a Running job whose heartbeat stops was orphaned by a crash.</summary>
    public DateTime? HeartbeatAt { get; set; }
}
