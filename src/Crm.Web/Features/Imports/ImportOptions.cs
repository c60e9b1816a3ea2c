namespace Crm.Web.Features.Imports;

/// <summary>The "Imports" configuration section.</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary>Largest file accepted, in bytes (default 50 MB).</summary>
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Days the uploaded file and the error file of a finished import are kept (the job's counts stay).</summary>
    public int KeepFilesDays { get; set; } = 30;

    /// <summary>Rows written per transaction.</summary>
    public int BatchSize { get; set; } = 1000;

    public int PreviewRows { get; set; } = 20;
}
