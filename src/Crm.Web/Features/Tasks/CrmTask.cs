using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Tasks;

public enum TaskPriority
{
    Low,
    Normal,
    High,
}

public enum TaskRecurrence
{
    None,
    Daily,
    Weekly,
    Monthly,
}

/// <summary>
/// A follow-up someone must do by a date: assigned to a user (its owner), maybe regarding a record of any kind, maybe
/// repeating. Completing a repeating task opens the next one. Named CrmTask so it never reads as a .NET Task.
/// </summary>
public sealed class CrmTask : IRecord<CrmTask>, IListed, IAssignable, ITaggable, IRegarding
{
    public const int MaxTitleLength = 200;

    public static RecordKind<CrmTask> Kind { get; } = TaskKind.Declare();

    public int Id { get; set; }
    public string Title { get; set; } = string.Empty;
    public string? Notes { get; set; }

    /// <summary>When it is due, in UTC.</summary>
    public DateTime DueAt { get; set; }

    public TaskPriority Priority { get; set; } = TaskPriority.Normal;
    public TaskRecurrence Recurrence { get; set; }

    /// <summary>Minutes before <see cref="DueAt"/> its assignee is reminded; null, no reminder.</summary>
    public int? RemindMinutesBefore { get; set; }

    /// <summary>The record it regards (a kind key and id, as activities name them); null for a task of its own.</summary>
    public string? RecordKind { get; set; }
    public int? RecordId { get; set; }

    public DateTime? CompletedAt { get; set; }
    public string? CompletedById { get; set; }

    /// <summary>The assignee.</summary>
    public string? OwnerId { get; set; }
    public AppUser? Owner { get; set; }
    public int? TeamId { get; set; }
    public Team? Team { get; set; }

    public string? CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastActivityAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public string? DeletedWith { get; set; }
    public int Version { get; set; }

    public List<TaskTag> Tags { get; set; } = [];

    public bool IsDone => CompletedAt is not null;

    /// <summary>When its assignee is reminded; null without a reminder.</summary>
    public DateTime? RemindAt => RemindMinutesBefore is int minutes ? DueAt.AddMinutes(-minutes) : null;

    /// <summary>
    /// Marks it done. A repeating task returns its next occurrence (same assignee, record, priority, reminder), due one
    /// period later on the wall clock of <paramref name="zone"/>, so that 09:00 stays 09:00 across a change of summer time;
    /// null when it does not repeat or was done already.
    /// </summary>
    public CrmTask? Complete(string? byUserId, DateTime now, TimeZoneInfo zone)
    {
        if (IsDone)
        {
            return null;
        }

        CompletedAt = now;
        CompletedById = byUserId;
        if (Recurrence == TaskRecurrence.None)
        {
            return null;
        }

        return new CrmTask
        {
            Title = Title,
            Notes = Notes,
            DueAt = NextDue(DueAt, Recurrence, zone),
            Priority = Priority,
            Recurrence = Recurrence,
            RemindMinutesBefore = RemindMinutesBefore,
            RecordKind = RecordKind,
            RecordId = RecordId,
            OwnerId = OwnerId,
            TeamId = TeamId,
            CreatedById = byUserId,
            Tags = Tags.Select(t => new TaskTag { TagId = t.TagId }).ToList(),
        };
    }

    public void Reopen()
    {
        CompletedAt = null;
        CompletedById = null;
    }

    /// <summary>
    /// The due time one period after <paramref name="dueUtc"/>, counted on the local calendar: a month keeps the day of
    /// the month, clamped to the month's end (31 January, then 28 or 29 February).
    /// </summary>
    public static DateTime NextDue(DateTime dueUtc, TaskRecurrence recurrence, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(dueUtc, DateTimeKind.Utc), zone);
        var next = recurrence switch
        {
            TaskRecurrence.Daily => local.AddDays(1),
            TaskRecurrence.Weekly => local.AddDays(7),
            TaskRecurrence.Monthly => local.AddMonths(1),
            _ => local,
        };
        var wall = DateTime.SpecifyKind(next, DateTimeKind.Unspecified);
        return zone.IsInvalidTime(wall)
            ? DateTime.SpecifyKind(wall - zone.BaseUtcOffset, DateTimeKind.Utc)
            : TimeZoneInfo.ConvertTimeToUtc(wall, zone);
    }

    public bool HasTag(int tagId) => Tags.Any(t => t.TagId == tagId);

    public void AddTag(Tag tag) => Tags.Add(new TaskTag { Tag = tag });

    public bool HasTag(Tag tag) => Tags.Any(t => ReferenceEquals(t.Tag, tag));

    public void AddTag(int tagId) => Tags.Add(new TaskTag { TagId = tagId });

    public void AssignTo(string? ownerId, int? teamId)
    {
        OwnerId = ownerId;
        TeamId = teamId;
    }
}

public sealed class TaskTag : ITagLink
{
    public int TaskId { get; set; }
    public int TagId { get; set; }
    public Tag? Tag { get; set; }
}
