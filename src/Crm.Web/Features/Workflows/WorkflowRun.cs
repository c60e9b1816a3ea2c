namespace Crm.Web.Features.Workflows;

public enum WorkflowRunStatus
{
    Pending,
    Running,

    /// <summary>A "wait N days" step holds it until its resume time.</summary>
    Waiting,
    Succeeded,
    Failed,

    /// <summary>Its conditions did not hold, or loop protection stopped it: the reason says which.</summary>
    Skipped,
}

/// <summary>What one condition found on the record, kept in the run log.</summary>
public sealed record ConditionResult(string Field, ConditionOperator Operator, string? Value, string? Actual, bool Passed, string? Error = null);

/// <summary>
/// One time a rule was triggered on a record: by a change event (<see cref="ChangeEventId"/>) or by the sweeper at a
/// time occurrence (<see cref="OccurredAt"/>). <see cref="Occurrence"/> is unique per rule, so a trigger handled twice
/// makes one run. Its actions are copied from the rule when it starts, so editing the rule never changes a run half-way.
/// </summary>
public sealed class WorkflowRun
{
    public const int MaxOccurrenceLength = 100;
    public const int MaxReasonLength = 1000;

    public long Id { get; set; }
    public int RuleId { get; set; }
    public WorkflowRule? Rule { get; set; }
    public string RecordKind { get; set; } = string.Empty;
    public int RecordId { get; set; }

    /// <summary>"event-{id}" or "time-{record}-{ticks}": what triggered it, unique per rule.</summary>
    public string Occurrence { get; set; } = string.Empty;

    public long? ChangeEventId { get; set; }

    /// <summary>The time occurrence of a timed trigger (the last activity, the date reached).</summary>
    public DateTime? OccurredAt { get; set; }

    /// <summary>How many workflow runs led to this one (1 for a change a person made): loop protection stops deep chains.</summary>
    public int Depth { get; set; } = 1;

    public WorkflowRunStatus Status { get; set; }
    public List<ConditionResult> Conditions { get; set; } = [];
    public List<WorkflowAction> Actions { get; set; } = [];

    /// <summary>Why it was skipped, or the error that failed it.</summary>
    public string? Reason { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    public List<WorkflowRunStep> Steps { get; set; } = [];

    public static string EventOccurrence(long eventId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"event-{eventId}");

    public static string TimeOccurrence(int recordId, DateTime at) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"time-{recordId}-{at.Ticks}");
}

/// <summary>
/// One action of a run. A step is due when its <see cref="NextAttemptAt"/> has come; the runner claims it atomically
/// (<see cref="ClaimedAt"/>), so two instances never run it both, and a claim left by a dead process is taken back.
/// </summary>
public sealed class WorkflowRunStep
{
    public const int MaxOutcomeLength = 500;
    public const int MaxErrorLength = 1000;

    public long Id { get; set; }
    public long RunId { get; set; }
    public int Index { get; set; }
    public WorkflowRunStatus Status { get; set; }
    public int Attempts { get; set; }

    /// <summary>When it may run (again); null while an earlier step has not finished.</summary>
    public DateTime? NextAttemptAt { get; set; }

    /// <summary>For a wait: when the run continues.</summary>
    public DateTime? ResumeAt { get; set; }

    public DateTime? ClaimedAt { get; set; }
    public string? Outcome { get; set; }
    public string? Error { get; set; }
    public DateTime? FinishedAt { get; set; }
}

/// <summary>How far the change-event reader has read AuditEntries (one row per reader).</summary>
public sealed class WorkflowCursor
{
    public const string ChangeEvents = "change-events";

    public string Id { get; set; } = ChangeEvents;
    public long LastEventId { get; set; }
}
