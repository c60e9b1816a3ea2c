using Crm.Web.Features.Deals;
using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Workflows;

/// <summary>
/// What a rule must be to be saved, every error at once, each on its field: fields the kind declares (conditions,
/// set-field, the trigger's field), values typed as those fields, users and teams that exist, and the parameters each
/// trigger and action needs. A rule refused here never fails later for these reasons.
/// </summary>
public sealed class WorkflowRuleChecks(CrmDbContext db, RecordKinds kinds, WorkflowFields fields, CustomFields.CustomFieldStore custom, IStringLocalizer<SharedResource> l)
{
    public async Task<List<FieldError>> CheckAsync(WorkflowRuleForm form, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        void Error(string key, string message) => errors.Add(new FieldError(key, message));

        if (string.IsNullOrWhiteSpace(form.Name))
        {
            Error(nameof(form.Name), l["Enter a name."]);
        }
        else if (form.Name.Trim().Length > WorkflowRule.MaxNameLength)
        {
            Error(nameof(form.Name), l["Use at most {0} characters.", WorkflowRule.MaxNameLength]);
        }

        var kind = kinds.Find(form.RecordKind);
        if (kind is null)
        {
            Error(nameof(form.RecordKind), l["Choose a kind of record."]);
            return errors;
        }

        var kindName = l[kind.Plural].Value;
        await CheckTriggerAsync(form, kind, kindName, Error, ct);

        if (form.Conditions.Count > WorkflowRuleForm.MaxRows || form.Actions.Count > WorkflowRuleForm.MaxRows)
        {
            Error(string.Empty, l["A rule has at most {0} conditions and {0} actions.", WorkflowRuleForm.MaxRows]);
        }

        for (var i = 0; i < form.Conditions.Count; i++)
        {
            CheckCondition(form.Conditions[i], $"Conditions[{i}]", kind, kindName, Error);
        }

        if (form.Actions.Count == 0)
        {
            Error(string.Empty, l["Add at least one action."]);
        }

        for (var i = 0; i < form.Actions.Count; i++)
        {
            await CheckActionAsync(form.Actions[i], $"Actions[{i}]", kind, kindName, Error, ct);
        }

        return errors;
    }

    private async Task CheckTriggerAsync(WorkflowRuleForm form, RecordKind kind, string kindName, Action<string, string> error, CancellationToken ct)
    {
        switch (form.Trigger)
        {
            case WorkflowTrigger.FieldChanged:
                var changed = fields.Find(kind, form.TriggerField);
                if (changed is null || changed.Related)
                {
                    error(nameof(form.TriggerField), NotDeclared(form.TriggerField, kindName));
                }
                else if (!string.IsNullOrWhiteSpace(form.TriggerValue) && !Parses(changed.Field, form.TriggerValue))
                {
                    error(nameof(form.TriggerValue), NotAValue(form.TriggerValue, changed.Field));
                }

                break;
            case WorkflowTrigger.StageEntered:
                if (kind.Key != DealKind.Key)
                {
                    error(nameof(form.Trigger), l["Only deals enter stages: choose deals, or another trigger."]);
                }
                else if (form.TriggerStageId is not int stage || !await db.PipelineStages.AnyAsync(s => s.Id == stage && s.RemovedAt == null, ct))
                {
                    error(nameof(form.TriggerStageId), l["Choose a stage from the list."]);
                }

                break;
            case WorkflowTrigger.TaskOverdue:
                if (kind.Key != Tasks.TaskKind.Key)
                {
                    error(nameof(form.Trigger), l["Only tasks become overdue: choose tasks, or another trigger."]);
                }

                break;
            case WorkflowTrigger.TicketSlaAtRisk or WorkflowTrigger.TicketSlaBreached:
                if (kind.Key != Tickets.TicketKind.Key)
                {
                    error(nameof(form.Trigger), l["Only tickets have an SLA: choose tickets, or another trigger."]);
                }

                break;
            case WorkflowTrigger.NoActivity:
                if (!typeof(IListed).IsAssignableFrom(kind.EntityType))
                {
                    error(nameof(form.Trigger), l["Records of this kind have no last activity."]);
                }

                CheckDays(form.TriggerDays, nameof(form.TriggerDays), 1, error);
                break;
            case WorkflowTrigger.DateReached:
                var date = fields.Find(kind, form.TriggerField);
                if (date is null || date.Related)
                {
                    error(nameof(form.TriggerField), NotDeclared(form.TriggerField, kindName));
                }
                else if (date.Field.Type is not (FieldType.Date or FieldType.DateTime) || date.Field.Name.Contains('.', StringComparison.Ordinal))
                {
                    error(nameof(form.TriggerField), l["Choose a date field."]);
                }

                CheckDays(form.TriggerDays, nameof(form.TriggerDays), 0, error);
                break;
        }
    }

    private void CheckCondition(WorkflowRuleForm.ConditionRow row, string key, RecordKind kind, string kindName, Action<string, string> error)
    {
        var field = fields.Find(kind, row.Field);
        if (field is null)
        {
            error($"{key}.Field", NotDeclared(row.Field, kindName));
            return;
        }

        if (!WorkflowFields.CanCompare(field.Field, row.Operator))
        {
            error($"{key}.Operator", l["{0} cannot be compared as greater or less: use it with another test.", l[field.Field.Label]]);
            return;
        }

        if (row.Operator is ConditionOperator.IsEmpty or ConditionOperator.IsNotEmpty)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(row.Value))
        {
            error($"{key}.Value", l["Enter the value to compare {0} with.", l[field.Field.Label]]);
        }
        else if (row.Operator != ConditionOperator.Contains && !Parses(field.Field, row.Value))
        {
            error($"{key}.Value", NotAValue(row.Value, field.Field));
        }
    }

    private async Task CheckActionAsync(WorkflowRuleForm.ActionRow row, string key, RecordKind kind, string kindName, Action<string, string> error, CancellationToken ct)
    {
        switch (row.Type)
        {
            case WorkflowActionType.CreateTask:
                CheckText(row.Text, $"{key}.Text", Tasks.CrmTask.MaxTitleLength, l["Enter the task's title."], error);
                CheckDays(row.Days, $"{key}.Days", 0, error);
                await CheckAssigneeAsync(row, key, allowOwner: true, error, ct);
                break;
            case WorkflowActionType.Notify:
                CheckText(row.Text, $"{key}.Text", Notifications.Notification.MaxTitleLength, l["Enter the notification's text."], error);
                await CheckAssigneeAsync(row, key, allowOwner: true, error, ct);
                break;
            case WorkflowActionType.SetField when row.Field?.StartsWith(CustomFields.CustomField.Prefix, StringComparison.Ordinal) == true:
                var (customField, _, customProblem) = await custom.ParseOneAsync(kind.Key, row.Field, row.Value, ct);
                if (customField is null)
                {
                    error($"{key}.Field", NotDeclared(row.Field, kindName));
                }
                else if (customProblem is not null)
                {
                    error($"{key}.Value", customProblem);
                }

                break;
            case WorkflowActionType.SetField:
                var field = kind.Fields.Find(row.Field ?? string.Empty);
                if (field is null)
                {
                    error($"{key}.Field", NotDeclared(row.Field, kindName));
                }
                else if (!WorkflowFields.CanSet(kind, field))
                {
                    error($"{key}.Field", l["{0} cannot be set by a rule.", l[field.Label]]);
                }
                else if (string.IsNullOrWhiteSpace(row.Value) && field.Required)
                {
                    error($"{key}.Value", l["{0} cannot be empty.", l[field.Label]]);
                }
                else if (!string.IsNullOrWhiteSpace(row.Value) && !Parses(field, row.Value))
                {
                    error($"{key}.Value", NotAValue(row.Value, field));
                }
                else if (field.MaxLength is int max && (row.Value?.Trim().Length ?? 0) > max && field.Type is not (FieldType.Number or FieldType.Money))
                {
                    error($"{key}.Value", l["Use at most {0} characters.", max]);
                }

                break;
            case WorkflowActionType.AssignOwner:
                if (!typeof(IAssignable).IsAssignableFrom(kind.EntityType))
                {
                    error($"{key}.Type", l["Records of this kind have no owner to assign."]);
                }

                await CheckAssigneeAsync(row, key, allowOwner: false, error, ct);
                break;
            case WorkflowActionType.AddTag:
                if (!typeof(ITaggable).IsAssignableFrom(kind.EntityType))
                {
                    error($"{key}.Type", l["Records of this kind have no tags."]);
                }

                CheckText(row.Text, $"{key}.Text", Tag.MaxNameLength, l["Enter the tag's name."], error);
                break;
            case WorkflowActionType.Wait:
                CheckDays(row.Days, $"{key}.Days", 1, error);
                break;
            case WorkflowActionType.CallWebhook:
                if (await WebhookAddress.ProblemAsync(row.Value, ct) is { } problem)
                {
                    error($"{key}.Value", l[problem]);
                }

                break;
            case WorkflowActionType.SendEmail:
                var template = row.TemplateId is int id ? await db.Set<EmailTemplates.MailTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) : null;
                if (template is null)
                {
                    error($"{key}.TemplateId", l["Choose an email template from the list."]);
                }
                else if (template.Kind != kind.Key)
                {
                    error($"{key}.TemplateId", l["This template is written for another kind of record."]);
                }
                else if (EmailTemplates.MergeFields.Unknown(kind.Key, string.Join("\n", template.SubjectEn, template.BodyEn, template.SubjectFr, template.BodyFr)) is { Count: > 0 } unknown)
                {
                    error($"{key}.TemplateId", l["The template uses merge fields {0} does not have: {1}.", kindName, string.Join(", ", unknown.Select(u => "{{" + u + "}}"))]);
                }

                break;
            default:
                error($"{key}.Type", l["Choose an action from the list."]);
                break;
        }
    }

    private async Task CheckAssigneeAsync(WorkflowRuleForm.ActionRow row, string key, bool allowOwner, Action<string, string> error, CancellationToken ct)
    {
        switch (row.Assignee)
        {
            case WorkflowAssignee.User:
                if (row.UserId is null || !await db.Users.AnyAsync(u => u.Id == row.UserId && u.IsActive, ct))
                {
                    error($"{key}.UserId", l["Choose a user from the list."]);
                }

                break;
            case WorkflowAssignee.Team:
                if (row.TeamId is null || !await db.Teams.AnyAsync(t => t.Id == row.TeamId, ct))
                {
                    error($"{key}.TeamId", l["Choose a team from the list."]);
                }

                break;
            default:
                if (!allowOwner)
                {
                    error($"{key}.Assignee", l["Choose a user or a team to assign the record to."]);
                }

                break;
        }
    }

    private void CheckText(string? text, string key, int max, string missing, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            error(key, missing);
        }
        else if (text.Trim().Length > max)
        {
            error(key, l["Use at most {0} characters.", max]);
        }
    }

    private void CheckDays(int? days, string key, int min, Action<string, string> error)
    {
        if (days is not int d || d < min || d > 3650)
        {
            error(key, l["Enter a number of days from {0} to {1}.", min, 3650]);
        }
    }

    private string NotDeclared(string? field, string kindName) =>
        string.IsNullOrWhiteSpace(field) ? l["Choose a field from the list."] : l["No field “{0}” is declared for {1}.", field, kindName];

    private string NotAValue(string? value, RecordField field) => l["“{0}” is not a valid value for {1}.", value ?? string.Empty, l[field.Label]];

    private static bool Parses(RecordField field, string value)
    {
        try
        {
            WorkflowFields.Parse(field, value);
            return true;
        }
        catch (WorkflowException)
        {
            return false;
        }
    }
}
