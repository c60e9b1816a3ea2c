using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Activities;

/// <summary>Moves a timeline entry to the recycle bin; its author or anyone who may edit its record may do so.</summary>
public static class DeleteActivity
{
    public sealed class Handler(CrmDbContext db)
    {
        /// <summary>Done with where the user goes back to: the details page of the entry's contact or company.</summary>
        public async Task<Outcome<string>> HandleAsync(int id, CrmUser user, CancellationToken ct)
        {
            var activity = await db.Activities.FirstOrDefaultAsync(a => a.Id == id, ct);
            if (activity is null)
            {
                return Outcome.NotFound;
            }

            // The entry is seen through its record: the contact when there is one, else the company.
            var (record, url, canEdit, canCreate) = activity.ContactId is int contactId
                ? (await db.Contacts.AsNoTracking().VisibleTo(user).Where(c => c.Id == contactId).Select(c => new OwnedRef(c.OwnerId, c.TeamId)).FirstOrDefaultAsync(ct), Contact.Kind.DetailsPath(contactId), (Func<OwnedRef, bool>)user.CanEdit<Contact>, user.CanCreate<Contact>())
                : (await db.Companies.AsNoTracking().VisibleTo(user).Where(c => c.Id == activity.CompanyId).Select(c => new OwnedRef(c.OwnerId, c.TeamId)).FirstOrDefaultAsync(ct), Company.Kind.DetailsPath(activity.CompanyId ?? 0), user.CanEdit<Company>, user.CanCreate<Company>());
            if (record is null)
            {
                return Outcome.NotFound;
            }

            if (!canEdit(record) && !(activity.CreatedById == user.Id && canCreate))
            {
                return Outcome.Forbidden;
            }

            db.Activities.Remove(activity);
            await db.SaveChangesAsync(ct);
            return Outcome.Done(url);
        }
    }
}
