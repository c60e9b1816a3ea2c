using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.RecycleBin;

/// <summary>Brings a deleted contact or company back; the save interceptor records it as Restored in the history.</summary>
public sealed class RestoreRecord(CrmDbContext db, ChangeScope changes)
{
    public enum Outcome
    {
        Restored,
        NotFound,
    }

    public async Task<(Outcome Outcome, string? Name)> Handle(string kind, int id, CrmUser user, CancellationToken ct)
    {
        using var scope = changes.Begin(ChangeSource.Restore);
        if (kind == RecycleBinKinds.Companies)
        {
            var company = await DeletedRecords.RestorableCompanies(db, user).FirstOrDefaultAsync(c => c.Id == id, ct);
            if (company is null)
            {
                return (Outcome.NotFound, null);
            }

            company.DeletedAt = null;
            await db.SaveChangesAsync(ct);
            return (Outcome.Restored, company.Name);
        }

        var contact = await DeletedRecords.RestorableContacts(db, user).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (contact is null)
        {
            return (Outcome.NotFound, null);
        }

        contact.DeletedAt = null;
        await db.SaveChangesAsync(ct);
        return (Outcome.Restored, contact.FullName);
    }
}
