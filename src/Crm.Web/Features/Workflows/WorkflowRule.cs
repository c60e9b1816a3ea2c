namespace Crm.Web.Features.Workflows;

/// <summary>What starts a rule: a committed change event (decision 0006) or, for the time triggers, the sweeper.</summary>
public enum WorkflowTrigger
{
    RecordCreated,
    RecordUpdated,

    /// <summary>A declared field changed (<see cref="WorkflowRule.TriggerField"/>), to a value when one is given.</summary>
    FieldChanged,

    /// <summary>A deal entered a stage (<see cref="WorkflowRule.TriggerStageId"/>): created in it or moved to it.</summary>
    StageEntered,

    /// <summary>No activity on a record for <see cref="WorkflowRule.TriggerDays"/> days (its last activity, else its creation).</summary>
    NoActivity,

    /// <summary>A declared date field reached, <see cref="WorkflowRule.TriggerDays"/> days ahead (a renewal date minus 30 days).</summary>
    DateReached,

    /// <summary>A task not completed by its due time (rules on tasks).</summary>
    TaskOverdue,

    /// <summary>A ticket's SLA escalated to at risk (Features/Tickets/Sla), once per escalation.</summary>
    TicketSlaAtRisk,

    /// <summary>A ticket's SLA deadline passed (Features/Tickets/Sla), once per ticket.</summary>
    TicketSlaBreached,
}

/// <summary>How a rule's conditions combine.</summary>
public enum ConditionMatch
{
    All,
    Any,
}

public enum ConditionOperator
{
    Equals,
    NotEquals,
    Contains,
    IsEmpty,
    IsNotEmpty,
    GreaterThan,
    LessThan,
}

/// <summary>One test of a field of the record, or of a record it points to ("CompanyId.BillingAddress.City").</summary>
public sealed record WorkflowCondition(string Field, ConditionOperator Operator, string? Value);

public enum WorkflowActionType
{
    CreateTask,
    Notify,
    SetField,
    AssignOwner,
    AddTag,
    Wait,

    /// <summary>Queues an email template (Features/EmailTemplates) to the record's contact or owner, through the outbox.</summary>
    SendEmail,

    /// <summary>POSTs the run's event as JSON to a public URL (<see cref="WorkflowAction.Value"/>), checked by <see cref="WebhookAddress"/>.</summary>
    CallWebhook,
}

/// <summary>Who a task or a notification is for.</summary>
public enum WorkflowAssignee
{
    /// <summary>The record's owner.</summary>
    Owner,

    /// <summary>A named user (<see cref="WorkflowAction.UserId"/>).</summary>
    User,

    /// <summary>The active members of a team in turn (<see cref="WorkflowAction.TeamId"/>).</summary>
    Team,
}

/// <summary>
/// One step of a rule. A flat record rather than one type per action: it is stored as JSON (decision 0008) and bound from
/// one form row; each type reads the parameters it needs (<see cref="WorkflowRuleChecks"/> says which are required).
/// </summary>
public sealed record WorkflowAction(WorkflowActionType Type)
{
    /// <summary>A task's title, a notification's title, a tag's name.</summary>
    public string? Text { get; init; }

    /// <summary>A task is due in this many days; a wait lasts this many days.</summary>
    public int? Days { get; init; }

    public WorkflowAssignee Assignee { get; init; }
    public string? UserId { get; init; }
    public int? TeamId { get; init; }

    /// <summary>For <see cref="WorkflowActionType.SetField"/>: the declared field and its new value (raw, as the form types it).</summary>
    public string? Field { get; init; }

    public string? Value { get; init; }

    /// <summary>For <see cref="WorkflowActionType.SendEmail"/>: the template and who receives it.</summary>
    public int? TemplateId { get; init; }

    public EmailTemplates.MailRecipient Recipient { get; init; }
}

/// <summary>
/// An automation an admin writes at /Admin/Workflows: when something happens to a record of a kind (the trigger) and
/// the conditions hold, the actions run in order, after the change committed and outside any request (ARCHITECTURE §6).
/// </summary>
public sealed class WorkflowRule
{
    public const int MaxNameLength = 200;
    public const int MaxKindLength = 50;
    public const int MaxFieldLength = 100;
    public const int MaxValueLength = 200;
    public const int MaxExampleLength = 50;

    public int Id { get; set; }
    public string Name { get; set; } = string.Empty;
    public bool Enabled { get; set; }

    /// <summary>The record kind key ("contacts", "deals").</summary>
    public string RecordKind { get; set; } = string.Empty;

    public WorkflowTrigger Trigger { get; set; }
    public string? TriggerField { get; set; }
    public string? TriggerValue { get; set; }
    public int? TriggerDays { get; set; }
    public int? TriggerStageId { get; set; }

    public ConditionMatch Match { get; set; }
    public List<WorkflowCondition> Conditions { get; set; } = [];
    public List<WorkflowAction> Actions { get; set; } = [];

    /// <summary>Which shipped example this is (seeded once, never over an admin's changes); null for a rule an admin wrote.</summary>
    public string? Example { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }

    /// <summary>Whether the sweeper (not the change-event reader) starts it.</summary>
    public bool IsTimed => IsTimedTrigger(Trigger);

    /// <summary>Started by the timed trigger sweeper rather than by change events.</summary>
    public static bool IsTimedTrigger(WorkflowTrigger trigger) =>
        trigger is WorkflowTrigger.NoActivity or WorkflowTrigger.DateReached or WorkflowTrigger.TaskOverdue or WorkflowTrigger.TicketSlaAtRisk or WorkflowTrigger.TicketSlaBreached;

    /// <summary>The correlation id of the changes a run's actions make: names the rule, so it never triggers itself.</summary>
    public static string CorrelationOf(int ruleId, long runId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"workflow-{ruleId}-{runId}");

    /// <summary>The rule and run a correlation id names, when a workflow's action made the change.</summary>
    public static (int RuleId, long RunId)? ParseCorrelation(string? correlationId)
    {
        if (correlationId is null || !correlationId.StartsWith("workflow-", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = correlationId.Split('-');
        return parts.Length == 3
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var rule)
            && long.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var run)
            ? (rule, run)
            : null;
    }
}
