using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Companies;

/// <summary>
/// Edits a company. The form carries the version it was loaded with: if the company changed meanwhile, nothing is
/// overwritten and the user is shown who changed what.
/// </summary>
public static class EditCompany
{
    public sealed class Handler(CrmDbContext db, CompanyFormChecks checks, TagNames tagNames, RecordHistory history)
    {
        /// <summary>The form filled with the company: not found when the user may not see it, forbidden when they may not change it.</summary>
        public async Task<Outcome<CompanyForm>> LoadAsync(int id, CrmUser user, CancellationToken ct)
        {
            var company = await db.Companies.AsNoTracking().VisibleTo(user)
                .Include(c => c.Tags).ThenInclude(t => t.Tag)
                .FirstOrDefaultAsync(c => c.Id == id, ct);
            return company is null ? Outcome.NotFound
                : !user.CanEdit<Company>(company) ? Outcome.Forbidden
                : Outcome.Done(CompanyForm.From(company));
        }

        /// <summary>Done with the record's id; a conflict carries who changed what meanwhile.</summary>
        public async Task<Outcome<int>> HandleAsync(int id, CompanyForm form, CrmUser user, CancellationToken ct)
        {
            var company = await db.Companies.VisibleTo(user)
                .Include(c => c.Tags).ThenInclude(t => t.Tag)
                .FirstOrDefaultAsync(c => c.Id == id, ct);
            if (company is null)
            {
                return Outcome.NotFound;
            }

            if (!user.CanEdit<Company>(company))
            {
                return Outcome.Forbidden;
            }

            if (company.Version != form.Version)
            {
                return Outcome.Conflicted(await ConflictAsync(company.Id, company.Version, ct));
            }

            var (errors, ownerTeam) = await checks.CheckAsync(form, user, company.Id, company.OwnerId, company.ParentCompanyId, ct);
            if (errors.Count > 0)
            {
                return Outcome.Invalid(errors);
            }

            var tags = await tagNames.FindOrCreateAsync(TagNames.Parse(form.Tags), ct);
            form.ApplyTo(company, ownerTeam, tags);

            // Saving compares against the version the form was loaded with, so a change committed since the check
            // above is refused too; touching the version marks the row changed even when only tags did.
            var version = db.Entry(company).Property(c => c.Version);
            version.OriginalValue = form.Version;
            version.IsModified = true;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                var current = await db.Companies.AsNoTracking().Where(c => c.Id == id).Select(c => c.Version).FirstOrDefaultAsync(ct);
                return Outcome.Conflicted(await ConflictAsync(id, current, ct));
            }

            return Outcome.Done(id);
        }

        private async Task<EditConflict> ConflictAsync(int id, int currentVersion, CancellationToken ct)
        {
            var entries = await history.ReadAsync(nameof(Company), id, 1, ct);
            var last = entries.Count > 0 ? entries[0] : null;
            return new EditConflict(last?.UserName, last?.At, last?.Changes ?? [], currentVersion);
        }
    }
}
