using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Tasks;

/// <summary>What the task form offers beyond owners: the record it regards, named, when there is one.</summary>
public sealed record TaskFormChoices(RegardedRecord? Regarding);

/// <summary>
/// Creates and edits tasks for the shared record editor. The record a task regards must be one the user may see (a
/// posted kind and id are checked against the registry, never trusted); the due time is typed on the user's wall clock;
/// the reminder row is written with the task.
/// </summary>
public sealed class TaskEditor(
    CrmDbContext db,
    RecordChoices choices,
    TaskRegarding regarding,
    TagNames tagNames,
    RecordHistory history,
    UserTime time,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l) : IRecordEditor<TaskForm>
{
    public RecordEditorTexts Texts { get; } = new("New task", "Create task", "Task created.", "This task may already exist:");

    /// <summary>A new task for the user, due at the next full hour, about the record the page it came from names (?kind=contacts&amp;id=7).</summary>
    public TaskForm New(CrmUser user, IQueryCollection query)
    {
        var local = time.ToLocal(clock.GetUtcNow().UtcDateTime);
        return new TaskForm
        {
            OwnerId = user.Id,
            DueAt = local.Date.AddHours(local.Hour + 1),
            RecordKind = query["kind"].FirstOrDefault() is { Length: > 0 and <= Activities.Activity.RecordKindMaxLength } kind ? kind : null,
            RecordId = int.TryParse(query["id"], out var id) ? id : null,
        };
    }

    public string NameOf(TaskForm form) => form.Title ?? string.Empty;

    public async Task<Outcome<TaskForm>> LoadAsync(int id, CrmUser user, CancellationToken ct)
    {
        var task = await Tasks(user).AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        return RecordEditing.Refuses(task, user, out var refused) ? refused : Outcome.Done(TaskForm.From(task, time.ToLocal));
    }

    public async Task<Outcome<int>> CreateAsync(TaskForm form, CrmUser user, CancellationToken ct)
    {
        var task = new CrmTask { CreatedById = user.Id };
        var errors = await CheckAndApplyAsync(form, task, user, ct);
        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }

        // The reminder names the task's id: both rows commit together or neither does (SQL Server's retries replay both).
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            db.Tasks.Add(task);
            await db.SaveChangesAsync(token);
            await TaskReminders.SyncAsync(db, task, token, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
        }, ct);
        return Outcome.Done(task.Id);
    }

    public async Task<Outcome<int>> SaveAsync(int id, TaskForm form, CrmUser user, CancellationToken ct) =>
        await RecordEditing.SaveAsync(db, history, await Tasks(user).FirstOrDefaultAsync(t => t.Id == id, ct), form.Version, user,
            async task =>
            {
                var errors = await CheckAndApplyAsync(form, task, user, ct);
                if (errors.Count == 0)
                {
                    await TaskReminders.SyncAsync(db, task, ct, clock.GetUtcNow().UtcDateTime);
                }

                return errors;
            }, ct);

    public async Task<RecordFormChoices> ChoicesAsync(TaskForm form, int? id, CrmUser user, CancellationToken ct) =>
        new(
            await choices.OwnersAsync<CrmTask>(user, ct, id is null ? null : form.OwnerId),
            [],
            new TaskFormChoices(await regarding.FindAsync(form.RecordKind, form.RecordId, user, ct)));

    private async Task<IReadOnlyList<FieldError>> CheckAndApplyAsync(TaskForm form, CrmTask task, CrmUser user, CancellationToken ct)
    {
        var errors = form.Check(l).Select(e => new FieldError(e.Field, e.Message)).ToList();

        // A task keeps the record it was about even when the user can no longer see it; a new or changed one must be visible.
        var sameRecord = task.Id != 0 && form.RecordKind == task.RecordKind && form.RecordId == task.RecordId;
        if (form.RecordKind is not null && !sameRecord && await regarding.FindAsync(form.RecordKind, form.RecordId, user, ct) is null)
        {
            errors.Add(new FieldError(nameof(TaskForm.RecordId), l["The record this task is about was not found, or you may not see it."]));
        }

        var (ownerAllowed, ownerTeam) = await choices.CheckOwnerAsync<CrmTask>(form.OwnerId, user, ct);
        if (!ownerAllowed && form.OwnerId != task.OwnerId)
        {
            errors.Add(new FieldError(nameof(TaskForm.OwnerId), l["Choose an owner from the list."]));
        }
        else if (!ownerAllowed)
        {
            ownerTeam = await choices.TeamOfAsync(task.OwnerId, ct);
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        task.Title = form.Title?.Trim() ?? string.Empty;
        task.Notes = string.IsNullOrWhiteSpace(form.Notes) ? null : form.Notes.Trim();
        task.DueAt = time.ToUtc(form.DueAt!.Value);
        task.Priority = form.Priority;
        task.Recurrence = form.Recurrence;
        task.RemindMinutesBefore = form.RemindMinutesBefore;
        task.RecordKind = form.RecordKind;
        task.RecordId = form.RecordId;
        task.AssignTo(string.IsNullOrEmpty(form.OwnerId) ? null : form.OwnerId, ownerTeam);
        ApplyTags(task, await tagNames.FindOrCreateAsync(TagNames.Parse(form.Tags), ct));
        return errors;
    }

    private static void ApplyTags(CrmTask task, IReadOnlyList<Tag> tags)
    {
        task.Tags.RemoveAll(link => !tags.Any(tag => IsSame(tag, link)));
        foreach (var tag in tags.Where(tag => !task.Tags.Any(link => IsSame(tag, link))))
        {
            task.Tags.Add(new TaskTag { Tag = tag });
        }

        static bool IsSame(Tag tag, TaskTag link) => ReferenceEquals(link.Tag, tag) || (tag.Id != 0 && link.TagId == tag.Id);
    }

    private IQueryable<CrmTask> Tasks(CrmUser user) => db.Tasks.VisibleTo(user).Include(t => t.Tags).ThenInclude(t => t.Tag);
}
