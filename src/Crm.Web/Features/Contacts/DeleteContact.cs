using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>Moves a contact to the recycle bin: the row stays with its DeletedAt date (the save interceptor turns the delete into that).</summary>
public static class DeleteContact
{
    public enum Outcome
    {
        Deleted,
        NotFound,
        Forbidden,
    }

    public sealed class Handler(CrmDbContext db)
    {
        public async Task<(Outcome Outcome, string? Name)> HandleAsync(int id, CrmUser user, CancellationToken ct)
        {
            var contact = await db.Contacts.VisibleTo(user).FirstOrDefaultAsync(c => c.Id == id, ct);
            if (contact is null)
            {
                return (Outcome.NotFound, null);
            }

            if (!user.CanEdit<Contact>(contact))
            {
                return (Outcome.Forbidden, null);
            }

            db.Contacts.Remove(contact);
            await db.SaveChangesAsync(ct);
            return (Outcome.Deleted, contact.FullName);
        }
    }
}
