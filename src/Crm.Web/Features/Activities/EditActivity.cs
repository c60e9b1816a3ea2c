using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Activities;

/// <summary>
/// Edits a timeline entry: its author or an admin may (<see cref="ActivityAccess.EditableBy"/>). The save interceptor
/// keeps who changed what in the entry's history; an entry changed since the form was loaded is not overwritten.
/// </summary>
public static class EditActivity
{
    public sealed record Form : LogActivity.Form
    {
        public int Version { get; init; }
    }

    /// <summary>The edit page: the form, the record the entry belongs to, the entry's history and the conflict, if any.</summary>
    public sealed record Page(int Id, Form Form, string RecordUrl, IReadOnlyList<RecordHistory.Entry> History, EditConflict? Conflict = null);

    public sealed class Handler(CrmDbContext db, RecordKinds kinds, RecordHistory history, UserTime time)
    {
        public async Task<Outcome<Page>> LoadAsync(int id, CrmUser user, CancellationToken ct)
        {
            if (await FindAsync(id, user, ct) is not { } found)
            {
                return await RefusedAsync(id, user, ct);
            }

            var (activity, recordUrl) = found;
            var form = new Form
            {
                Kind = activity.Kind,
                Subject = activity.Subject,
                OccurredAt = time.ToLocal(activity.OccurredAt),
                DurationMinutes = activity.DurationMinutes,
                Outcome = Enum.TryParse<CallOutcome>(activity.Outcome, out var outcome) ? outcome : null,
                Body = activity.Body,
                BodyFormat = activity.BodyFormat,
                Version = activity.Version,
            };
            return Outcome.Done(new Page(id, form, recordUrl, await HistoryAsync(id, ct)));
        }

        /// <summary>Done with the page of the record the entry belongs to.</summary>
        public async Task<Outcome<string>> SaveAsync(int id, Form form, CrmUser user, CancellationToken ct)
        {
            if (await FindAsync(id, user, ct) is not { } found)
            {
                return await RefusedAsync(id, user, ct);
            }

            var (activity, recordUrl) = found;
            if (activity.Version != form.Version)
            {
                return Outcome.Conflicted(await ConflictAsync(id, activity.Version, ct));
            }

            var at = form.OccurredAt is DateTime local ? time.ToUtc(local) : activity.OccurredAt;
            activity.Describe(form.Kind, form.Subject, at, form.DurationMinutes, form.Outcome, form.Body, form.BodyFormat);
            // Saving compares against the version the form was loaded with, so a change committed meanwhile is refused too.
            db.Entry(activity).Property(a => a.Version).OriginalValue = form.Version;
            try
            {
                await ActivityRecordDates.SaveAndTouchRecordsAsync(db, kinds, activity, ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                var current = await db.Activities.AsNoTracking().Where(a => a.Id == id).Select(a => a.Version).FirstOrDefaultAsync(ct);
                return Outcome.Conflicted(await ConflictAsync(id, current, ct));
            }

            return Outcome.Done(recordUrl);
        }

        public Task<IReadOnlyList<RecordHistory.Entry>> HistoryAsync(int id, CancellationToken ct) =>
            history.ReadAsync(nameof(Activity), id, RecordHistory.LongCount, ct);

        private async Task<(Activity Activity, string RecordUrl)?> FindAsync(int id, CrmUser user, CancellationToken ct)
        {
            var activity = await db.Activities.Where(a => a.Id == id).EditableBy(user, db, kinds).FirstOrDefaultAsync(ct);
            return activity is not null && kinds.Find(activity.LoggedOn.Kind) is { } kind
                ? (activity, kind.DetailsPath(activity.LoggedOn.Id))
                : null;
        }

        /// <summary>Not found when the user may not see the entry, forbidden when they see it but may not edit it.</summary>
        private async Task<Outcome.Failure> RefusedAsync(int id, CrmUser user, CancellationToken ct) =>
            await db.Activities.Where(a => a.Id == id).SeenBy(user, db, kinds).AnyAsync(ct) ? Outcome.Forbidden : Outcome.NotFound;

        private async Task<EditConflict> ConflictAsync(int id, int currentVersion, CancellationToken ct)
        {
            var entries = await history.ReadAsync(nameof(Activity), id, 1, ct);
            var last = entries.Count > 0 ? entries[0] : null;
            return new EditConflict(last?.UserName, last?.At, last?.Changes ?? [], currentVersion);
        }
    }
}
