namespace Crm.Web.Features.Workflows;

/// <summary>The rule form: bound from the page (never the entity), with its rows of conditions and actions.</summary>
public sealed class WorkflowRuleForm
{
    public const int MaxRows = 20;

    public string? Name { get; set; }
    public bool Enabled { get; set; }
    public string? RecordKind { get; set; }
    public WorkflowTrigger Trigger { get; set; }
    public string? TriggerField { get; set; }
    public string? TriggerValue { get; set; }
    public int? TriggerDays { get; set; }
    public int? TriggerStageId { get; set; }
    public ConditionMatch Match { get; set; }
    public List<ConditionRow> Conditions { get; set; } = [];
    public List<ActionRow> Actions { get; set; } = [];

    /// <summary>The version of the rule the admin edited (concurrency); 0 for a new rule.</summary>
    public int Version { get; set; }

    public sealed class ConditionRow
    {
        public string? Field { get; set; }
        public ConditionOperator Operator { get; set; }
        public string? Value { get; set; }
    }

    public sealed class ActionRow
    {
        public WorkflowActionType Type { get; set; }
        public string? Text { get; set; }
        public int? Days { get; set; }
        public WorkflowAssignee Assignee { get; set; }
        public string? UserId { get; set; }
        public int? TeamId { get; set; }
        public string? Field { get; set; }
        public string? Value { get; set; }
        public int? TemplateId { get; set; }
        public EmailTemplates.MailRecipient Recipient { get; set; }
    }

    public static WorkflowRuleForm From(WorkflowRule rule) => new()
    {
        Name = rule.Name,
        Enabled = rule.Enabled,
        RecordKind = rule.RecordKind,
        Trigger = rule.Trigger,
        TriggerField = rule.TriggerField,
        TriggerValue = rule.TriggerValue,
        TriggerDays = rule.TriggerDays,
        TriggerStageId = rule.TriggerStageId,
        Match = rule.Match,
        Conditions = rule.Conditions.Select(c => new ConditionRow { Field = c.Field, Operator = c.Operator, Value = c.Value }).ToList(),
        Actions = rule.Actions.Select(a => new ActionRow
        {
            Type = a.Type, Text = a.Text, Days = a.Days, Assignee = a.Assignee, UserId = a.UserId, TeamId = a.TeamId, Field = a.Field, Value = a.Value,
            TemplateId = a.TemplateId, Recipient = a.Recipient,
        }).ToList(),
        Version = rule.Version,
    };

    /// <summary>Copies the checked form onto the rule; only what each trigger and action type uses is kept.</summary>
    public void ApplyTo(WorkflowRule rule)
    {
        rule.Name = Name!.Trim();
        rule.Enabled = Enabled;
        rule.RecordKind = RecordKind!;
        rule.Trigger = Trigger;
        rule.TriggerField = Trigger is WorkflowTrigger.FieldChanged or WorkflowTrigger.DateReached ? Blank(TriggerField) : null;
        rule.TriggerValue = Trigger == WorkflowTrigger.FieldChanged ? Blank(TriggerValue) : null;
        rule.TriggerDays = Trigger is WorkflowTrigger.NoActivity or WorkflowTrigger.DateReached ? TriggerDays ?? 0 : null;
        rule.TriggerStageId = Trigger == WorkflowTrigger.StageEntered ? TriggerStageId : null;
        rule.Match = Match;
        rule.Conditions = Conditions.Select(c => new WorkflowCondition(c.Field!, c.Operator,
            c.Operator is ConditionOperator.IsEmpty or ConditionOperator.IsNotEmpty ? null : Blank(c.Value))).ToList();
        rule.Actions = Actions.Select(a => new WorkflowAction(a.Type)
        {
            Text = a.Type is WorkflowActionType.CreateTask or WorkflowActionType.Notify or WorkflowActionType.AddTag ? Blank(a.Text) : null,
            Days = a.Type is WorkflowActionType.CreateTask or WorkflowActionType.Wait ? a.Days ?? 0 : null,
            Assignee = a.Assignee,
            UserId = a.Assignee == WorkflowAssignee.User && a.Type is WorkflowActionType.CreateTask or WorkflowActionType.Notify or WorkflowActionType.AssignOwner ? a.UserId : null,
            TeamId = a.Assignee == WorkflowAssignee.Team && a.Type is WorkflowActionType.CreateTask or WorkflowActionType.Notify or WorkflowActionType.AssignOwner ? a.TeamId : null,
            Field = a.Type == WorkflowActionType.SetField ? a.Field : null,
            Value = a.Type is WorkflowActionType.SetField or WorkflowActionType.CallWebhook ? Blank(a.Value) : null,
            TemplateId = a.Type == WorkflowActionType.SendEmail ? a.TemplateId : null,
            Recipient = a.Recipient,
        }).ToList();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
