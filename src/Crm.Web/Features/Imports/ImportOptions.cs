namespace Crm.Web.Features.Imports;

/// <summary>The "Imports" configuration section.</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary>Largest file accepted, in bytes (default 50 MB).</summary>
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Most data rows a file may hold (default 200,000: twice the 100k rows the import is benchmarked at).</summary>
    public int MaxRows { get; set; } = 200_000;

    /// <summary>Most columns holding a value (default 200).</summary>
    public int MaxColumns { get; set; } = 200;

    /// <summary>Longest value of a cell or field, in characters (default 32,767, Excel's own limit).</summary>
    public int MaxCellLength { get; set; } = 32_767;

    /// <summary>Longest line of a CSV or vCard file, in characters (default 1,048,576).</summary>
    public int MaxLineLength { get; set; } = 1024 * 1024;

    /// <summary>Most bytes the parts of a workbook that are read (sheet, shared strings, styles) may unzip to (default 256 MB).</summary>
    public long MaxUnzippedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Most bytes the shared strings of a workbook, which are held in memory, may unzip to (default 64 MB).</summary>
    public long MaxSharedStringsBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest ratio of unzipped to zipped size of a workbook part over 1 MB (default 100; real workbooks stay under 20).</summary>
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>Days the uploaded file and the error file of a finished import are kept (the job's counts stay).</summary>
    public int KeepFilesDays { get; set; } = 30;

    /// <summary>Rows written per transaction.</summary>
    public int BatchSize { get; set; } = 1000;

    public int PreviewRows { get; set; } = 20;

    public ImportLimits Limits => new(MaxRows, MaxColumns, MaxCellLength, MaxLineLength, MaxUnzippedBytes, MaxSharedStringsBytes, MaxCompressionRatio);
}

/// <summary>What a file may hold, checked while it is read so that a hostile file costs no more than a legitimate one of its size.</summary>
public sealed record ImportLimits(
    int MaxRows,
    int MaxColumns,
    int MaxCellLength,
    int MaxLineLength,
    long MaxUnzippedBytes,
    long MaxSharedStringsBytes,
    int MaxCompressionRatio)
{
    public static ImportLimits Default { get; } = new ImportOptions().Limits;
}
