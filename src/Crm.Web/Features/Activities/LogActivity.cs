using Crm.Web.Features.Shared;
using System.ComponentModel.DataAnnotations;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Activities;

/// <summary>
/// Logs a call, email, meeting or note on a record's timeline, for any kind; done with the entry's id. Whoever may log on
/// the record may (<see cref="RecordAccess.CanLog{T}"/>): its editors, and support agents, who may not edit it.
/// </summary>
public static class LogActivity
{
    /// <summary>An activity's fields as the user fills them; editing adds the version it was loaded at (<see cref="EditActivity.Form"/>).</summary>
    public record Form
    {
        public ActivityKind Kind { get; init; } = ActivityKind.Call;

        [Required(ErrorMessage = "The {0} field is required."), StringLength(200, ErrorMessage = "{0} must be at most {1} characters."), Display(Name = "Subject")]
        public string Subject { get; init; } = string.Empty;

        /// <summary>In the user's time zone, as a datetime-local input sends it; empty means now.</summary>
        [Display(Name = "When"), ActivityDate]
        public DateTime? OccurredAt { get; init; }

        [Range(0, 1440, ErrorMessage = "{0} must be between {1} and {2}."), Display(Name = "Duration (minutes)")]
        public int? DurationMinutes { get; init; }

        [Display(Name = "Outcome")]
        public CallOutcome? Outcome { get; init; }

        [StringLength(20000, ErrorMessage = "{0} must be at most {1} characters."), Display(Name = "Text")]
        public string? Body { get; init; }

        /// <summary>Markdown by default: a user who types **word** means bold; plain text shows exactly what was typed.</summary>
        public TextFormat BodyFormat { get; init; } = TextFormat.Markdown;

        /// <summary>For a meeting to come: remind its author this many minutes before; one of <see cref="ReminderChoices"/>.</summary>
        [Display(Name = "Remind me")]
        public int? RemindMinutesBefore { get; init; }
    }

    /// <summary>The reminders a meeting offers, in minutes before it starts.</summary>
    public static readonly IReadOnlyList<int> ReminderChoices = [5, 15, 30, 60, 1440];

    public sealed class Handler(CrmDbContext db, RecordKinds kinds, UserTime time, TimeProvider clock)
    {
        /// <summary>Logs the entry on a record of any kind, attached as the kind declares (<see cref="RecordTimeline{T}.Attach"/>).</summary>
        public async Task<Outcome<int>> ForAsync<T>(int id, Form form, CrmUser user, CancellationToken ct)
            where T : class, IRecord<T>
        {
            var record = await db.Set<T>().AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(r => r.Id == id, ct);
            if (record is null)
            {
                return Outcome.NotFound;
            }

            if (!user.CanLog<T>(record))
            {
                return Outcome.Forbidden;
            }

            var at = form.OccurredAt is DateTime local ? time.ToUtc(local) : clock.GetUtcNow().UtcDateTime;
            var activity = Activity.Log(form.Kind, form.Subject, at, user.Id, a => T.Kind.Timeline.Attach(a, record));
            activity.Describe(form.Kind, form.Subject, at, form.DurationMinutes, form.Outcome, form.Body, form.BodyFormat);
            db.Activities.Add(activity);
            // A meeting to come may remind its author; the reminder names the meeting's id, so it is written once that is known, in the same transaction.
            var remindAt = form.Kind == ActivityKind.Meeting && form.RemindMinutesBefore is int minutes && ReminderChoices.Contains(minutes) && at > clock.GetUtcNow().UtcDateTime
                ? at.AddMinutes(-minutes)
                : (DateTime?)null;
            await ActivityRecordDates.SaveAndTouchRecordsAsync(db, kinds, activity, ct, remindAt is not DateTime due ? null : async token =>
            {
                db.Reminders.Add(new Notifications.Reminder { Source = Notifications.ReminderSweeper.ActivitiesSource, SourceId = activity.Id, UserId = user.Id, DueAt = due });
                await db.SaveChangesAsync(token);
            });
            return Outcome.Done(activity.Id);
        }
    }
}
