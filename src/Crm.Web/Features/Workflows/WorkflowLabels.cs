namespace Crm.Web.Features.Workflows;

/// <summary>The English words of the workflow choices, translated by the views' localizer.</summary>
public static class WorkflowLabels
{
    public static string Of(WorkflowTrigger trigger) => trigger switch
    {
        WorkflowTrigger.RecordCreated => "Record created",
        WorkflowTrigger.RecordUpdated => "Record updated",
        WorkflowTrigger.FieldChanged => "A field changed",
        WorkflowTrigger.StageEntered => "Deal entered a stage",
        WorkflowTrigger.NoActivity => "No activity for a number of days",
        WorkflowTrigger.DateReached => "A date is reached",
        WorkflowTrigger.TaskOverdue => "Task overdue",
        WorkflowTrigger.TicketSlaAtRisk => "Ticket SLA at risk",
        WorkflowTrigger.TicketSlaBreached => "Ticket SLA breached",
        _ => trigger.ToString(),
    };

    public static string Of(ConditionOperator op) => op switch
    {
        ConditionOperator.Equals => "equals",
        ConditionOperator.NotEquals => "does not equal",
        ConditionOperator.Contains => "contains",
        ConditionOperator.IsEmpty => "is empty",
        ConditionOperator.IsNotEmpty => "is not empty",
        ConditionOperator.GreaterThan => "is greater than",
        ConditionOperator.LessThan => "is less than",
        _ => op.ToString(),
    };

    public static string Of(WorkflowActionType type) => type switch
    {
        WorkflowActionType.CreateTask => "Create a task",
        WorkflowActionType.Notify => "Notify a user",
        WorkflowActionType.SetField => "Set a field",
        WorkflowActionType.AssignOwner => "Assign the owner",
        WorkflowActionType.AddTag => "Add a tag",
        WorkflowActionType.Wait => "Wait, then continue",
        WorkflowActionType.SendEmail => "Send an email template",
        WorkflowActionType.CallWebhook => "Call a webhook",
        _ => type.ToString(),
    };

    public static string Of(WorkflowAssignee assignee) => assignee switch
    {
        WorkflowAssignee.Owner => "The record's owner",
        WorkflowAssignee.User => "A named user",
        WorkflowAssignee.Team => "A team, in turn",
        _ => assignee.ToString(),
    };

    public static string Of(WorkflowRunStatus status) => status switch
    {
        WorkflowRunStatus.Pending => "Pending",
        WorkflowRunStatus.Running => "Running",
        WorkflowRunStatus.Waiting => "Waiting",
        WorkflowRunStatus.Succeeded => "Succeeded",
        WorkflowRunStatus.Failed => "Failed",
        WorkflowRunStatus.Skipped => "Skipped",
        _ => status.ToString(),
    };

    public static string Of(EmailTemplates.MailRecipient recipient) =>
        recipient == EmailTemplates.MailRecipient.Contact ? "The record's contact" : "The record's owner";

    public static string Of(ConditionMatch match) => match == ConditionMatch.All ? "All conditions (AND)" : "Any condition (OR)";

    public static string Badge(WorkflowRunStatus status) => status switch
    {
        WorkflowRunStatus.Succeeded => "text-bg-success",
        WorkflowRunStatus.Failed => "text-bg-danger",
        WorkflowRunStatus.Skipped => "text-bg-secondary",
        _ => "text-bg-info",
    };
}
