using Crm.Tests.Infrastructure;
using Crm.Web.Features.Tasks;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Tasks;

/// <summary>Tasks for tests, arranged straight in the app's database.</summary>
public static class TaskTestData
{
    public static CrmTask New(string title, string? ownerId = null, int? teamId = null, DateTime? created = null, DateTime? due = null) => new()
    {
        Title = title,
        OwnerId = ownerId,
        TeamId = teamId,
        CreatedAt = created ?? default,
        DueAt = due ?? (created ?? DateTime.UtcNow).AddDays(1),
    };

    public static Task<int> AddTaskAsync(
        this CrmAppFactory app, string title, TestUser? owner = null, DateTime? due = null, string? recordKind = null, int? recordId = null,
        TaskRecurrence recurrence = TaskRecurrence.None, DateTime? completed = null) =>
        app.WithDbAsync(async db =>
        {
            var task = New(title, owner?.Id, owner?.TeamId, due: due);
            task.RecordKind = recordKind;
            task.RecordId = recordId;
            task.Recurrence = recurrence;
            task.CompletedAt = completed;
            db.Tasks.Add(task);
            await db.SaveChangesAsync();
            return task.Id;
        });
}
