using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Companies;

/// <summary>
/// Creates and edits companies for the shared record editor. Create warns about likely duplicates unless the user chose
/// to create anyway; edit carries the version the form was loaded with, so a company changed meanwhile is not
/// overwritten and the user is shown who changed what.
/// </summary>
public sealed class CompanyEditor(CrmDbContext db, CompanyFormChecks checks, CompanyDuplicates duplicates, TagNames tagNames, RecordHistory history, RecordChoices choices)
    : IRecordEditor<CompanyForm>
{
    public RecordEditorTexts Texts { get; } = new("New company", "Create company", "Company created.", "This company may already exist:");

    public CompanyForm New(CrmUser user, IQueryCollection query) =>
        new()
        {
            // A record picker's "+ Create « … »" opens this page with the name typed there.
            Name = query["name"].ToString().Trim() is { Length: > 0 and <= 200 } name ? name : null,
            OwnerId = user.Id,
            ParentCompanyId = int.TryParse(query["parentId"], out var parentId) ? parentId : null,
            ShippingSameAsBilling = true,
        };

    public string NameOf(CompanyForm form) => form.Name ?? string.Empty;

    public async Task<Outcome<CompanyForm>> LoadAsync(int id, CrmUser user, CancellationToken ct)
    {
        var company = await Companies(user).AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        return RecordEditing.Refuses(company, user, out var refused) ? refused : Outcome.Done(CompanyForm.From(company));
    }

    public async Task<Outcome<int>> CreateAsync(CompanyForm form, CrmUser user, CancellationToken ct)
    {
        var (errors, ownerTeam) = await checks.CheckAsync(form, user, companyId: null, currentOwnerId: null, currentParentId: null, ct);
        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }

        if (!form.CreateAnyway)
        {
            var candidates = await duplicates.FindAsync(new CompanyProbe(form.Name, form.EffectiveSiren, form.Siret, form.Phone, form.Website), user, ct);
            if (candidates.Count > 0)
            {
                return Outcome.PossibleDuplicates([.. candidates.Select(d => new PossibleDuplicate(d.Id, d.Name, d.City, ReasonOf(d.Reason)))]);
            }
        }

        var company = new Company();
        var tags = await tagNames.FindOrCreateAsync(TagNames.Parse(form.Tags), ct);
        form.ApplyTo(company, ownerTeam, tags);
        db.Companies.Add(company);
        await db.SaveChangesAsync(ct);
        return Outcome.Done(company.Id);
    }

    public async Task<Outcome<int>> SaveAsync(int id, CompanyForm form, CrmUser user, CancellationToken ct) =>
        await RecordEditing.SaveAsync(db, history, await Companies(user).FirstOrDefaultAsync(c => c.Id == id, ct), form.Version, user, async company =>
        {
            var (errors, ownerTeam) = await checks.CheckAsync(form, user, company.Id, company.OwnerId, company.ParentCompanyId, ct);
            if (errors.Count == 0)
            {
                form.ApplyTo(company, ownerTeam, await tagNames.FindOrCreateAsync(TagNames.Parse(form.Tags), ct));
            }

            return errors;
        }, ct);

    /// <summary>A company may not be its own parent: the edited one is left out of the parent choices.</summary>
    public async Task<RecordFormChoices> ChoicesAsync(CompanyForm form, int? id, CrmUser user, CancellationToken ct) =>
        new(await choices.OwnersAsync<Company>(user, ct, id is null ? null : form.OwnerId),
            await choices.CompaniesAsync(user, null, form.ParentCompanyId, id, ct));

    private IQueryable<Company> Companies(CrmUser user) =>
        db.Companies.VisibleTo(user).Include(c => c.Tags).ThenInclude(t => t.Tag);

    private static string ReasonOf(CompanyDuplicateReason reason) => reason switch
    {
        CompanyDuplicateReason.SameSiret => "Same SIRET",
        CompanyDuplicateReason.SameSiren => "Same SIREN",
        CompanyDuplicateReason.SamePhone => "Same phone",
        CompanyDuplicateReason.SameWebsite => "Same website",
        _ => "Same name",
    };
}
