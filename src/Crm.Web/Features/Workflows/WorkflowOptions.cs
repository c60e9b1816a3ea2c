namespace Crm.Web.Features.Workflows;

/// <summary>The engine's settings (section "Workflows").</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflows";

    /// <summary>
    /// How old a change event must be before it is read (decision 0006): longer than the longest write transaction on
    /// SQL Server, where ids are not handed out in commit order; null, 30 s there and none on SQLite (writers are serialised).
    /// </summary>
    public int? SettleSeconds { get; set; }

    /// <summary>Attempts of a failing action before its run is marked failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first failure; doubled after each next one.</summary>
    public int FirstRetrySeconds { get; set; } = 60;

    /// <summary>How many rules may trigger each other in a chain before the next is skipped.</summary>
    public int MaxDepth { get; set; } = 5;

    /// <summary>Records (or change events) read and written per transaction, so users' writes wait only a moment.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>A claimed step whose process went silent this long ago is taken back by any instance.</summary>
    public int ClaimTimeoutSeconds { get; set; } = 300;
}
