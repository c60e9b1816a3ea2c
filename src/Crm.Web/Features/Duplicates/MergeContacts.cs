using Crm.Web.Features.Contacts;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Duplicates;

/// <summary>
/// Merges contact <see cref="Form.A"/> and <see cref="Form.B"/> into the one the user keeps: each field takes the value
/// picked, emails, phones and tags are unioned, activities move over, the other contact is soft-deleted. One transaction;
/// refused when either contact changed since the preview.
/// </summary>
public static class MergeContacts
{
    /// <summary>Each "…From" names the contact (A or B) whose value the merged contact takes.</summary>
    public sealed record Form(
        int A,
        int B,
        int VersionA,
        int VersionB,
        int Keep,
        int FirstNameFrom,
        int LastNameFrom,
        int JobTitleFrom,
        int CompanyFrom,
        int StatusFrom,
        int LifecycleStageFrom,
        int OwnerFrom,
        int PreferredLanguageFrom,
        int ConsentFrom)
    {
        public IEnumerable<int> Choices => [Keep, FirstNameFrom, LastNameFrom, JobTitleFrom, CompanyFrom, StatusFrom, LifecycleStageFrom, OwnerFrom, PreferredLanguageFrom, ConsentFrom];
    }

    public sealed class Handler(CrmDbContext db, TimeProvider clock, ChangeScope changes)
    {
        /// <summary>Done with the kept record's id; a conflict when either record changed since the preview.</summary>
        public Task<Outcome<int>> Handle(Form form, CrmUser user, CancellationToken ct)
        {
            if (form.A == form.B || form.Choices.Any(id => id != form.A && id != form.B))
            {
                return Task.FromResult<Outcome<int>>(Outcome.Invalid([]));
            }

            return MergeTransaction.RunAsync(db, changes, token => MergeAsync(form, user, token), r => r.IsDone, ct);
        }

        private async Task<Outcome<int>> MergeAsync(Form form, CrmUser user, CancellationToken ct)
        {
            var pair = await db.Contacts.VisibleTo(user)
                .Where(c => c.Id == form.A || c.Id == form.B)
                .Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Tags)
                .AsSplitQuery()
                .ToListAsync(ct);
            if (pair.Count != 2)
            {
                return Outcome.NotFound;
            }

            if (!pair.All(user.CanEdit<Contact>))
            {
                return Outcome.Forbidden;
            }

            var a = pair.Single(c => c.Id == form.A);
            var b = pair.Single(c => c.Id == form.B);
            if (a.Version != form.VersionA || b.Version != form.VersionB)
            {
                return Outcome.Conflicted();
            }

            var (survivor, merged) = form.Keep == a.Id ? (a, b) : (b, a);
            Contact From(int id) => id == a.Id ? a : b;
            var now = clock.GetUtcNow().UtcDateTime;
            var audit = new MergeAudit(nameof(Contact), survivor.Id, merged.Id);

            void Take<T>(string field, int from, Func<Contact, T> get, Action<Contact, T> set)
            {
                var value = get(From(from));
                audit.Took(field, Format(get(survivor)), Format(value));
                set(survivor, value);
            }

            Take(nameof(Contact.FirstName), form.FirstNameFrom, c => c.FirstName, (c, v) => c.FirstName = v);
            Take(nameof(Contact.LastName), form.LastNameFrom, c => c.LastName, (c, v) => c.LastName = v);
            Take(nameof(Contact.JobTitle), form.JobTitleFrom, c => c.JobTitle, (c, v) => c.JobTitle = v);
            Take(nameof(Contact.CompanyId), form.CompanyFrom, c => c.CompanyId, (c, v) => c.CompanyId = v);
            Take(nameof(Contact.Status), form.StatusFrom, c => c.Status, (c, v) => c.Status = v);
            Take(nameof(Contact.LifecycleStage), form.LifecycleStageFrom, c => c.LifecycleStage, (c, v) => c.LifecycleStage = v);
            Take(nameof(Contact.OwnerId), form.OwnerFrom, c => c.OwnerId, (c, v) => c.OwnerId = v);
            Take(nameof(Contact.TeamId), form.OwnerFrom, c => c.TeamId, (c, v) => c.TeamId = v);
            Take(nameof(Contact.PreferredLanguage), form.PreferredLanguageFrom, c => c.PreferredLanguage, (c, v) => c.PreferredLanguage = v);
            Take(nameof(Contact.Consent), form.ConsentFrom, c => c.Consent, (c, v) => c.Consent = v);
            Take(nameof(Contact.ConsentAt), form.ConsentFrom, c => c.ConsentAt, (c, v) => c.ConsentAt = v);
            Take(nameof(Contact.ConsentSource), form.ConsentFrom, c => c.ConsentSource, (c, v) => c.ConsentSource = v);
            if (merged.LastActivityAt > survivor.LastActivityAt || survivor.LastActivityAt is null)
            {
                survivor.LastActivityAt = merged.LastActivityAt;
            }

            // Union: what the survivor lacks moves over; exact repeats stay on the merged contact, which is kept (soft-deleted).
            var emails = merged.Emails.Where(e => !survivor.Emails.Any(s => s.AddressKey == e.AddressKey)).ToList();
            foreach (var email in emails)
            {
                email.ContactId = survivor.Id;
                email.IsPrimary = false;
            }

            var phones = merged.Phones.Where(p => !survivor.Phones.Any(s => (s.E164 ?? s.Number) == (p.E164 ?? p.Number))).ToList();
            foreach (var phone in phones)
            {
                phone.ContactId = survivor.Id;
            }

            var tags = merged.Tags.Where(t => !survivor.Tags.Any(s => s.TagId == t.TagId)).Select(t => t.TagId).ToList();
            survivor.Tags.AddRange(tags.Select(tagId => new ContactTag { ContactId = survivor.Id, TagId = tagId }));

            // Deleted activities move too, so restoring one later brings it back on the right timeline.
            var activities = await db.Activities.IgnoreQueryFilters()
                .Where(x => x.ContactId == merged.Id)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.ContactId, survivor.Id)
                    .SetProperty(x => x.Version, x => x.Version + 1)
                    .SetProperty(x => x.UpdatedAt, now), ct);

            audit.Moved("Emails", emails.Count);
            audit.Moved("Phones", phones.Count);
            audit.Moved("Tags", tags.Count);
            audit.Moved("Activities", activities);

            // Not Remove(): that would cascade to the merged contact's remaining emails and phones, which are kept.
            merged.DeletedAt = now;
            db.AuditEntries.AddRange(audit.Entries(user.Id, now));

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Outcome.Conflicted();
            }

            return Outcome.Done(survivor.Id);
        }

        private static string? Format<T>(T value) => value switch
        {
            null => null,
            DateTime d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
    }
}
