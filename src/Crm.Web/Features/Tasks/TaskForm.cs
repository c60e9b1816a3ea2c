using System.ComponentModel.DataAnnotations;
using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Records;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Tasks;

/// <summary>
/// What the task form posts, for create and edit alike. The record it regards is a kind key and an id that the editor
/// checks against the registry and the user's read access; completion, team and times come from the server.
/// </summary>
public sealed record TaskForm : IEditorForm<TaskForm>, IRecordForm<CrmTask>
{
    /// <summary>The reminder choices, in minutes before the due time.</summary>
    public static readonly IReadOnlyList<int> ReminderChoices = [0, 5, 15, 30, 60, 1440];

    /// <summary>How a reminder choice reads: "15 min before", "1 h before", "1 day before".</summary>
    public static string ReminderLabel(IStringLocalizer l, int minutes) => minutes switch
    {
        0 => l["At the due time"],
        1440 => l["1 day before"],
        >= 60 when minutes % 60 == 0 => l["{0} h before", minutes / 60],
        _ => l["{0} min before", minutes],
    };

    public string? Title { get; init; }

    public string? Notes { get; init; }

    /// <summary>When it is due, on the user's wall clock (a datetime-local field).</summary>
    public DateTime? DueAt { get; init; }

    public TaskPriority Priority { get; init; } = TaskPriority.Normal;

    public TaskRecurrence Recurrence { get; init; }

    [Display(Name = "Reminder")]
    public int? RemindMinutesBefore { get; init; }

    public string? RecordKind { get; init; }

    public int? RecordId { get; init; }

    public string? OwnerId { get; init; }

    [StringLength(500, ErrorMessage = "{0} must be at most {1} characters."), Display(Name = "Tags")]
    public string? Tags { get; init; }

    public int Version { get; init; }

    public TaskForm WithVersion(int version) => this with { Version = version };

    public IEnumerable<(string Field, string Message)> Check(IStringLocalizer l)
    {
        if (!Enum.IsDefined(Priority) || !Enum.IsDefined(Recurrence))
        {
            yield return (string.Empty, l["The request was not valid."]);
        }

        if (DueAt is null)
        {
            yield return (nameof(DueAt), l["Give the due date and time."]);
        }

        if (RemindMinutesBefore is int minutes && !ReminderChoices.Contains(minutes))
        {
            yield return (nameof(RemindMinutesBefore), l["Choose a reminder from the list."]);
        }

        if ((RecordKind is null) != (RecordId is null))
        {
            yield return (nameof(RecordId), l["Choose the record the task is about from its page."]);
        }

        foreach (var tag in TagNames.Parse(Tags).Where(t => t.Length > TagNames.MaxLength))
        {
            yield return (nameof(Tags), l["The tag \"{0}\" is longer than {1} characters.", tag, TagNames.MaxLength]);
        }
    }

    public static TaskForm From(CrmTask task, Func<DateTime, DateTime> toLocal) => new()
    {
        Title = task.Title,
        Notes = task.Notes,
        DueAt = toLocal(task.DueAt),
        Priority = task.Priority,
        Recurrence = task.Recurrence,
        RemindMinutesBefore = task.RemindMinutesBefore,
        RecordKind = task.RecordKind,
        RecordId = task.RecordId,
        OwnerId = task.OwnerId,
        Tags = TagNames.Join(task.Tags.Select(t => t.Tag!.Name)),
        Version = task.Version,
    };
}
