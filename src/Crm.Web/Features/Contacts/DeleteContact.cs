using Crm.Web.Features.RecycleBin;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Contacts;

/// <summary>Moves a contact to the recycle bin, as the bulk delete does for each record (<see cref="MoveToRecycleBin"/>).</summary>
public static class DeleteContact
{
    public enum Outcome
    {
        Deleted,
        NotFound,
        Forbidden,
    }

    public sealed class Handler(CrmDbContext db, MoveToRecycleBin bin)
    {
        public async Task<(Outcome Outcome, string? Name)> HandleAsync(int id, CrmUser user, CancellationToken ct)
        {
            var result = await bin.Handle(db.Contacts, [id], user, ct);
            return result.Moved is [var contact] ? (Outcome.Deleted, (string?)contact.FullName)
                : result.Forbidden > 0 ? (Outcome.Forbidden, null)
                : (Outcome.NotFound, null);
        }
    }
}
