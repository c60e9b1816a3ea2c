using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// Edits a contact. The form carries the version it was loaded with: if the contact changed meanwhile, nothing is
/// overwritten and the user is shown who changed what.
/// </summary>
public static class EditContact
{
    public sealed class Handler(CrmDbContext db, ContactFormChecks checks, TagNames tagNames, RecordHistory history, TimeProvider clock)
    {
        /// <summary>The form filled with the contact: not found when the user may not see it, forbidden when they may not change it.</summary>
        public async Task<Outcome<ContactForm>> LoadAsync(int id, CrmUser user, CancellationToken ct)
        {
            var contact = await db.Contacts.AsNoTracking().VisibleTo(user)
                .Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Tags).ThenInclude(t => t.Tag)
                .AsSplitQuery()
                .FirstOrDefaultAsync(c => c.Id == id, ct);
            return contact is null ? Outcome.NotFound
                : !user.CanEdit<Contact>(contact) ? Outcome.Forbidden
                : Outcome.Done(ContactForm.From(contact));
        }

        /// <summary>Done with the record's id; a conflict carries who changed what meanwhile.</summary>
        public async Task<Outcome<int>> HandleAsync(int id, ContactForm form, CrmUser user, CancellationToken ct)
        {
            var contact = await db.Contacts.VisibleTo(user)
                .Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Tags).ThenInclude(t => t.Tag)
                .AsSplitQuery()
                .FirstOrDefaultAsync(c => c.Id == id, ct);
            if (contact is null)
            {
                return Outcome.NotFound;
            }

            if (!user.CanEdit<Contact>(contact))
            {
                return Outcome.Forbidden;
            }

            if (contact.Version != form.Version)
            {
                return Outcome.Conflicted(await ConflictAsync(contact.Id, contact.Version, ct));
            }

            var (errors, ownerTeam) = await checks.CheckAsync(form, user, contact.OwnerId, contact.CompanyId, ct);
            if (errors.Count > 0)
            {
                return Outcome.Invalid(errors);
            }

            var tags = await tagNames.FindOrCreateAsync(TagNames.Parse(form.Tags), ct);
            form.ApplyTo(contact, ownerTeam, tags, clock.GetUtcNow().UtcDateTime);

            // Saving compares against the version the form was loaded with, so a change committed since the check
            // above is refused too; touching the version marks the row changed even when only emails or tags did.
            var version = db.Entry(contact).Property(c => c.Version);
            version.OriginalValue = form.Version;
            version.IsModified = true;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                var current = await db.Contacts.AsNoTracking().Where(c => c.Id == id).Select(c => c.Version).FirstOrDefaultAsync(ct);
                return Outcome.Conflicted(await ConflictAsync(id, current, ct));
            }

            return Outcome.Done(id);
        }

        private async Task<EditConflict> ConflictAsync(int id, int currentVersion, CancellationToken ct)
        {
            var entries = await history.ReadAsync(nameof(Contact), id, 1, ct);
            var last = entries.Count > 0 ? entries[0] : null;
            return new EditConflict(last?.UserName, last?.At, last?.Changes ?? [], currentVersion);
        }
    }
}
