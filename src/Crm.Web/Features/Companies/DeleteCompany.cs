using Crm.Web.Features.RecycleBin;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Companies;

/// <summary>Moves a company to the recycle bin, as the bulk delete does for each record (<see cref="MoveToRecycleBin"/>).</summary>
public static class DeleteCompany
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
            var result = await bin.Handle(db.Companies, [id], user, ct);
            return result.Moved is [var company] ? (Outcome.Deleted, (string?)company.Name)
                : result.Forbidden > 0 ? (Outcome.Forbidden, null)
                : (Outcome.NotFound, null);
        }
    }
}
