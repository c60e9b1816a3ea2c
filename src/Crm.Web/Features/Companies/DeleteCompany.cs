using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Companies;

/// <summary>Moves a company to the recycle bin: the row stays with its DeletedAt date (the save interceptor turns the delete into that).</summary>
public static class DeleteCompany
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
            var company = await db.Companies.VisibleTo(user).FirstOrDefaultAsync(c => c.Id == id, ct);
            if (company is null)
            {
                return (Outcome.NotFound, null);
            }

            if (!user.CanEdit<Company>(company))
            {
                return (Outcome.Forbidden, null);
            }

            db.Companies.Remove(company);
            await db.SaveChangesAsync(ct);
            return (Outcome.Deleted, company.Name);
        }
    }
}
