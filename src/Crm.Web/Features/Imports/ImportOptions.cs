namespace Crm.Web.Features.Imports;

/// <summary>The "Imports" configuration section.</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary>Largest file accepted, in bytes (default 50 MB).</summary>
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Rows written per transaction.</summary>
    public int BatchSize { get; set; } = 1000;

    public int PreviewRows { get; set; } = 20;
}
