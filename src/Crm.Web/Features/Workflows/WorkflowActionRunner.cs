using Crm.Web.Features.Notifications;
using Crm.Web.Features.Tags;
using Crm.Web.Features.Tasks;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Workflows;

/// <summary>
/// Does one action of a run on its record, in the caller's transaction: every change is tracked on the context and
/// saved by the caller with the step's new status, so an action is done and recorded together or not at all.
/// With <c>dryRun</c>, it only says what it would do.
/// </summary>
public sealed class WorkflowActionRunner(CrmDbContext db, WorkflowFields fields, CustomFields.CustomFieldStore custom, TagNames tags, EmailTemplates.MailTemplates templates, Infrastructure.Email.MailOutbox outbox, IHttpClientFactory http, TimeProvider clock)
{
    /// <returns>The outcome for the run log (<see cref="WorkflowMessage"/>).</returns>
    public async Task<string> RunAsync(WorkflowRun run, int index, RecordKind kind, object record, bool dryRun, CancellationToken ct)
    {
        var action = run.Actions[index];
        var now = clock.GetUtcNow().UtcDateTime;
        var name = RecordName(kind, record);
        switch (action.Type)
        {
            case WorkflowActionType.CreateTask:
            {
                var user = await AssigneeAsync(run, action, record, ct);
                var due = now.AddDays(action.Days ?? 0);
                if (!dryRun)
                {
                    db.Tasks.Add(new CrmTask
                    {
                        Title = action.Text ?? string.Empty,
                        DueAt = due,
                        RecordKind = kind.Key,
                        RecordId = ((IAudited)record).Id,
                        OwnerId = user.Id,
                        TeamId = user.TeamId,
                    });
                }

                return Fit(dryRun ? "Would create the task “{0}” for {1}, due {2}." : "Created the task “{0}” for {1}, due {2}.", action.Text, user.DisplayName, due.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            }

            case WorkflowActionType.Notify:
            {
                var user = await AssigneeAsync(run, action, record, ct);
                var key = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"workflow-{run.Id}-{index}");
                if (!dryRun && !await db.Notifications.AnyAsync(n => n.UserId == user.Id && n.Key == key, ct))
                {
                    db.Notifications.Add(new Notification
                    {
                        UserId = user.Id,
                        Title = Cut(action.Text, Notification.MaxTitleLength),
                        Text = Cut(name, Notification.MaxTextLength),
                        Link = kind.DetailsPath(((IAudited)record).Id),
                        Key = key,
                        At = now,
                    });
                }

                return Fit(dryRun ? "Would notify {0}: “{1}”." : "Notified {0}: “{1}”.", user.DisplayName, action.Text);
            }

            case WorkflowActionType.SetField when action.Field?.StartsWith(CustomFields.CustomField.Prefix, StringComparison.Ordinal) == true:
            {
                // A custom field: checked as the form checks it, written with its own history entry in the step's transaction.
                var (field, values, problem) = await custom.ParseOneAsync(kind.Key, action.Field, action.Value, ct);
                if (field is null || problem is not null)
                {
                    throw new WorkflowException(field is null ? "The field {0} is not declared on {1}." : "“{1}” is not a value of {0}.", permanent: true, action.Field, field is null ? kind.Key : action.Value);
                }

                if (!dryRun)
                {
                    await custom.SetOnAsync(kind, [((IAudited)record).Id], field, values, ct);
                }

                return Fit(dryRun ? "Would set {0} to “{1}”." : "Set {0} to “{1}”.", field.LabelEn, action.Value);
            }

            case WorkflowActionType.SetField:
            {
                var field = kind.Fields.Find(action.Field ?? string.Empty)
                    ?? throw new WorkflowException("The field {0} is not declared on {1}.", permanent: true, action.Field, kind.Key);
                if (dryRun)
                {
                    var current = await fields.ReadAsync(record, new WorkflowField(field.Name, kind, field, null), ct);
                    WorkflowFields.Parse(field, action.Value);
                    return Fit("Would set {0} from “{1}” to “{2}”.", field.Label, WorkflowFields.Show(current), action.Value);
                }

                WorkflowFields.Set(record, kind, field.Name, action.Value);
                return Fit("Set {0} to “{1}”.", field.Label, action.Value);
            }

            case WorkflowActionType.AssignOwner:
            {
                var user = await AssigneeAsync(run, action, record, ct);
                if (record is not IAssignable assignable)
                {
                    throw new WorkflowException("Records of {0} have no owner to assign.", permanent: true, kind.Key);
                }

                if (!dryRun)
                {
                    assignable.AssignTo(user.Id, user.TeamId);
                }

                return Fit(dryRun ? "Would assign the record to {0}." : "Assigned the record to {0}.", user.DisplayName);
            }

            case WorkflowActionType.AddTag:
            {
                if (record is not ITaggable taggable)
                {
                    throw new WorkflowException("Records of {0} have no tags.", permanent: true, kind.Key);
                }

                if (!dryRun)
                {
                    var tag = await tags.FindOrCreateAsync(action.Text, ct) ?? throw new WorkflowException("The tag has no name.", permanent: true);
                    var links = record.GetType().GetProperties().FirstOrDefault(p => typeof(IEnumerable<ITagLink>).IsAssignableFrom(p.PropertyType));
                    if (links is not null && !db.Entry(record).Collection(links.Name).IsLoaded)
                    {
                        await db.Entry(record).Collection(links.Name).LoadAsync(ct);
                    }

                    if (!taggable.HasTag(tag.Id))
                    {
                        taggable.AddTag(tag.Id);
                    }
                }

                return Fit(dryRun ? "Would add the tag “{0}”." : "Added the tag “{0}”.", action.Text);
            }

            case WorkflowActionType.SendEmail:
            {
                var mail = await templates.RenderForAsync(action.TemplateId ?? 0, kind.Key, ((IAudited)record).Id, action.Recipient, ct);
                if (!mail.Ok)
                {
                    throw new WorkflowException(mail.Problem!, permanent: true);
                }

                var key = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"workflow-{run.Id}-{index}");
                if (!dryRun && !await db.Outbox.AnyAsync(m => m.Key == key, ct))
                {
                    outbox.Add(mail.To!, mail.Mail!, key);
                }

                return Fit(dryRun ? "Would send “{0}” to {1}." : "Queued “{0}” to {1}.", mail.Mail!.Subject, mail.To);
            }

            case WorkflowActionType.CallWebhook:
            {
                if (await WebhookAddress.ProblemAsync(action.Value, ct) is { } problem)
                {
                    throw new WorkflowException(problem, permanent: true);
                }

                if (!dryRun)
                {
                    // Sent before the step's status is saved: a crash between the two sends it again, so receivers
                    // should treat the run id and step as the delivery's identity.
                    var payload = new { rule = run.RuleId, run = run.Id, step = index, kind = kind.Key, recordId = ((IAudited)record).Id, changeEventId = run.ChangeEventId, occurredAt = run.OccurredAt, at = now };
                    using var response = await http.CreateClient(WorkflowsSetup.WebhookClient).PostAsJsonAsync(action.Value, payload, ct);
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new WorkflowException("The webhook answered {0}.", permanent: false, (int)response.StatusCode);
                    }
                }

                return Fit(dryRun ? "Would post the event to {0}." : "Posted the event to {0}.", action.Value);
            }

            case WorkflowActionType.Wait:
                return Fit(dryRun ? "Would wait {0} days, then continue." : "Waited {0} days.", action.Days ?? 0);
            default:
                throw new WorkflowException("This action is not known.", permanent: true);
        }
    }

    private static string Fit(string text, params object?[] args) => WorkflowMessage.Fit(text, WorkflowRunStep.MaxOutcomeLength, args);

    private static string Cut(string? text, int max) => text is null ? string.Empty : text.Length <= max ? text : text[..max];

    private static string RecordName(RecordKind kind, object record) =>
        (string?)kind.GetType().GetMethod(nameof(RecordKind<Contacts.Contact>.NameOf))?.Invoke(kind, [record]) ?? string.Empty;

    /// <summary>Who a task, notification or assignment is for: the record's owner, a named user, or the team's members in turn.</summary>
    private async Task<AppUser> AssigneeAsync(WorkflowRun run, WorkflowAction action, object record, CancellationToken ct)
    {
        switch (action.Assignee)
        {
            case WorkflowAssignee.User:
                return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == action.UserId && u.IsActive, ct)
                    ?? throw new WorkflowException("The user chosen in the rule no longer exists or is disabled.", permanent: true);
            case WorkflowAssignee.Team:
                var members = await db.Users.AsNoTracking().Where(u => u.TeamId == action.TeamId && u.IsActive).OrderBy(u => u.Id).ToListAsync(ct);
                if (members.Count == 0)
                {
                    throw new WorkflowException("The team chosen in the rule has no active member.", permanent: true);
                }

                // In turn: the runs of this rule before this one say whose turn it is.
                var position = await db.WorkflowRuns.CountAsync(r => r.RuleId == run.RuleId && r.Id < run.Id && r.Status != WorkflowRunStatus.Skipped, ct);
                return members[position % members.Count];
            default:
                var ownerId = (record as IOwned)?.OwnerId ?? throw new WorkflowException("The record has no owner.", permanent: true);
                return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == ownerId && u.IsActive, ct)
                    ?? throw new WorkflowException("The record's owner no longer exists or is disabled.", permanent: true);
        }
    }
}
