using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Tasks;

/// <summary>Tasks as a kind of the record kit: their route, access rule and fields, declared once.</summary>
public static class TaskKind
{
    public const string Key = "tasks";

    public static RecordKind<CrmTask> Declare() => new()
    {
        Key = Key,
        Route = "/Tasks",
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
            new(nameof(CrmTask.DueAt), "Due", FieldType.DateTime) { Required = true },
            new(nameof(CrmTask.Priority), "Priority", FieldType.Choice) { Choices = typeof(TaskPriority) },
            new(nameof(CrmTask.Recurrence), "Repeats", FieldType.Choice) { Choices = typeof(TaskRecurrence) },
            new(nameof(CrmTask.RemindMinutesBefore), "Reminder", FieldType.Number),
            new(nameof(CrmTask.RecordKind), "Regarding kind", FieldType.Text) { MaxLength = Activities.Activity.RecordKindMaxLength, InHistory = false },
            new(nameof(CrmTask.RecordId), "Regarding", FieldType.Number) { InHistory = false },
            new(nameof(CrmTask.CompletedAt), "Completed", FieldType.DateTime),
            new(nameof(CrmTask.OwnerId), "Assigned to", FieldType.User),
            new(nameof(CrmTask.TeamId), "Team", FieldType.Team),
        ]),
    };
}
