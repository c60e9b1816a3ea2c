using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Shared;
using System.ComponentModel.DataAnnotations;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Activities;

/// <summary>Logs a call, email, meeting or note on a contact's or a company's timeline; done with the entry's id.</summary>
public static class LogActivity
{
    public sealed record Form
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

        public TextFormat BodyFormat { get; init; } = TextFormat.Plain;
    }

    public sealed class Handler(CrmDbContext db, UserTime time, TimeProvider clock)
    {
        public async Task<Outcome<int>> ForContactAsync(int contactId, Form form, CrmUser user, CancellationToken ct)
        {
            var contact = await db.Contacts.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(c => c.Id == contactId, ct);
            if (contact is null)
            {
                return Outcome.NotFound;
            }

            if (!user.CanEdit<Contact>(contact))
            {
                return Outcome.Forbidden;
            }

            // The company the contact was at when it happened stays on the entry, even if the contact moves on.
            var activity = Create(form, contact.Id, contact.CompanyId, user);
            await SaveAsync(activity, ct);
            return Outcome.Done(activity.Id);
        }

        public async Task<Outcome<int>> ForCompanyAsync(int companyId, Form form, CrmUser user, CancellationToken ct)
        {
            var company = await db.Companies.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(c => c.Id == companyId, ct);
            if (company is null)
            {
                return Outcome.NotFound;
            }

            if (!user.CanEdit<Company>(company))
            {
                return Outcome.Forbidden;
            }

            var activity = Create(form, null, company.Id, user);
            await SaveAsync(activity, ct);
            return Outcome.Done(activity.Id);
        }

        private Task SaveAsync(Activity activity, CancellationToken ct)
        {
            db.Activities.Add(activity);
            return ActivityRecordDates.SaveAndTouchRecordsAsync(db, activity, ct);
        }

        private Activity Create(Form form, int? contactId, int? companyId, CrmUser user)
        {
            var at = form.OccurredAt is DateTime local ? time.ToUtc(local) : clock.GetUtcNow().UtcDateTime;
            var activity = Activity.Log(form.Kind, form.Subject, at, contactId, companyId, user.Id);
            activity.DurationMinutes = form.Kind is ActivityKind.Call or ActivityKind.Meeting ? form.DurationMinutes : null;
            activity.Outcome = form.Kind == ActivityKind.Call ? form.Outcome?.ToString() : null;
            activity.Body = string.IsNullOrWhiteSpace(form.Body) ? null : form.Body.Trim();
            activity.BodyFormat = form.BodyFormat;
            return activity;
        }
    }
}
