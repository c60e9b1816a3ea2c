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
public sealed class CrmTask : IRecord<CrmTask>, IListed, IAssignable
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
    public int Version { get; set; }

    public bool IsDone => CompletedAt is not null;

    public void AssignTo(string? ownerId, int? teamId)
    {
        OwnerId = ownerId;
        TeamId = teamId;
    }
}
