using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Companies;

/// <summary>Creates a company, after warning about likely duplicates unless the user chose to create it anyway.</summary>
public static class CreateCompany
{
    public sealed record Result(int? Id, IReadOnlyList<FieldError> Errors, IReadOnlyList<CompanyDuplicateCandidate> Duplicates)
    {
        public bool Created => Id is not null;
    }

    public sealed class Handler(CrmDbContext db, CompanyFormChecks checks, TagNames tagNames, CompanyDuplicates duplicates)
    {
        public async Task<Result> HandleAsync(CompanyForm form, CrmUser user, CancellationToken ct)
        {
            var (errors, ownerTeam) = await checks.CheckAsync(form, user, companyId: null, currentOwnerId: null, currentParentId: null, ct);
            if (errors.Count > 0)
            {
                return new Result(null, errors, []);
            }

            if (!form.CreateAnyway)
            {
                var candidates = await duplicates.FindAsync(new CompanyProbe(form.Name, form.EffectiveSiren, form.Siret, form.Phone, form.Website), user, ct);
                if (candidates.Count > 0)
                {
                    return new Result(null, [], candidates);
                }
            }

            var company = new Company();
            var tags = await tagNames.FindOrCreateAsync(TagNames.Parse(form.Tags), ct);
            form.ApplyTo(company, ownerTeam, tags);
            db.Companies.Add(company);
            await db.SaveChangesAsync(ct);
            return new Result(company.Id, [], []);
        }
    }
}
