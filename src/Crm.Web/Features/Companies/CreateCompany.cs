using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Companies;

/// <summary>Creates a company, after warning about likely duplicates unless the user chose to create it anyway.</summary>
public static class CreateCompany
{
    public enum DuplicateReason
    {
        SameSiren,
        SameSiret,
        SameName,
    }

    public sealed record Duplicate(int Id, string Name, string? City, DuplicateReason Reason);

    public sealed record Result(int? Id, IReadOnlyList<FieldError> Errors, IReadOnlyList<Duplicate> Duplicates)
    {
        public bool Created => Id is not null;
    }

    public sealed class Handler(CrmDbContext db, CompanyFormChecks checks, TagNames tagNames)
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
                var candidates = await LikelyDuplicatesAsync(form, user, ct);
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

        // Kept to itself on purpose: the shared CompanyDuplicates service (matching on more than ids and exact
        // names) replaces this query once it lands.
        private async Task<IReadOnlyList<Duplicate>> LikelyDuplicatesAsync(CompanyForm form, CrmUser user, CancellationToken ct)
        {
            var siren = form.EffectiveSiren;
            var siret = FrenchCompanyIds.Clean(form.Siret) is { Length: 14 } s ? s : null;
            var nameKey = SearchKey.Normalize(form.Name);
            var rows = await db.Companies.AsNoTracking().VisibleTo(user)
                .Where(c => (siren != null && c.Siren == siren) || (siret != null && c.Siret == siret) || (nameKey != "" && c.NameKey == nameKey))
                .OrderBy(c => c.NameKey).ThenBy(c => c.Id)
                .Select(c => new { c.Id, c.Name, c.BillingAddress.City, c.Siren, c.Siret })
                .Take(10)
                .ToListAsync(ct);
            return rows.Select(c => new Duplicate(c.Id, c.Name, c.City,
                    siret != null && c.Siret == siret ? DuplicateReason.SameSiret
                    : siren != null && c.Siren == siren ? DuplicateReason.SameSiren
                    : DuplicateReason.SameName))
                .ToList();
        }
    }
}
