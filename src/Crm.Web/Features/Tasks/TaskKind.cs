using Crm.Web.Infrastructure.Export;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Tasks;

/// <summary>Tasks as a kind of the record kit: their route, access rule, fields, columns, filters and export, declared once.</summary>
public static class TaskKind
{
    public const string Key = "tasks";

    public static RecordKind<CrmTask> Declare() => new()
    {
        Key = Key,
        Route = "/Tasks",

        // "/Tasks" is the user's day (MyDay); every task they may see is listed here.
        ListPath = "/Tasks/All",
        Singular = "Task",
        Plural = "Tasks",
        Order = 40,
        Icon = "bi-check2-square",
        DeleteManyTitle = "Delete tasks",
        SummaryDetail = "Due",
        Access = RecordAccessRule.CustomerRecord,
        Summary = t => new RecordSummary
        {
            Id = t.Id,
            Name = t.Title,
            OwnerId = t.OwnerId,
            TeamId = t.TeamId,
            DeletedAt = t.DeletedAt,
        },
        Fields = new RecordFields(
        [
            new(nameof(CrmTask.Title), "Title", FieldType.Text) { MaxLength = CrmTask.MaxTitleLength, Required = true },
            new(nameof(CrmTask.Notes), "Notes", FieldType.Text) { MaxLength = 4000 },

            // Required by the form's own check: a date is not typed text, so the kit's "required" rule does not fit it.
            new(nameof(CrmTask.DueAt), "Due", FieldType.DateTime),
            new(nameof(CrmTask.Priority), "Priority", FieldType.Choice) { Choices = typeof(TaskPriority) },
            new(nameof(CrmTask.Recurrence), "Repeats", FieldType.Choice) { Choices = typeof(TaskRecurrence) },
            new(nameof(CrmTask.RemindMinutesBefore), "Reminder", FieldType.Number),
            new(nameof(CrmTask.RecordKind), "Regarding kind", FieldType.Text) { MaxLength = Activities.Activity.RecordKindMaxLength, InHistory = false },
            new(nameof(CrmTask.RecordId), "Regarding", FieldType.Number) { InHistory = false },
            new(nameof(CrmTask.CompletedAt), "Completed", FieldType.DateTime),
            new(nameof(CrmTask.OwnerId), "Assigned to", FieldType.User),
            new(nameof(CrmTask.TeamId), "Team", FieldType.Team),
            new(nameof(CrmTask.Tags), "Tags", FieldType.Tags) { MaxLength = Tags.Tag.MaxNameLength, Merge = MergeRule.Union },
        ]),
        Columns = new(
        [
            new("due", "Due") { Sort = TaskList.SortDue },
            new("priority", "Priority"),
            new("regarding", "Regarding"),
            new("status", "Status"),
        ]),
        Filters =
        [
            DeclaredFilter.Choice<CrmTask, TaskPriority>("priority", "Priority", t => t.Priority),
            DeclaredFilter.Choice<CrmTask, TaskRecurrence>("repeats", "Repeats", t => t.Recurrence),
        ],
        Export = new(
        [
            new("Id", t => t.Id, 8),
            new("Title", t => t.Title, 36),
            new("Due", t => t.DueAt, 18),
            new("Priority", t => t.Priority, 10),
            new("Repeats", t => t.Recurrence, 10),
            new("Reminder (minutes before)", t => t.RemindMinutesBefore, 12),
            new("Regarding kind", t => t.RecordKind, 12),
            new("Regarding", t => t.RecordId, 10),
            new("Completed", t => t.CompletedAt, 18),
            new("Notes", t => t.Notes, 40),
            new("Assigned to", t => t.Owner != null ? t.Owner.DisplayName : null, 22),
            new("Team", t => t.Team != null ? t.Team.Name : null, 14),
            ExportField.Tags<CrmTask>("Tags", 24),
            new("Created", t => t.CreatedAt, 18),
        ]),
    };
}
