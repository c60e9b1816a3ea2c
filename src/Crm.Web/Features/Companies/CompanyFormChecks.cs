using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Companies;

/// <summary>
/// The company form's checks that need the database: an owner the user may pick, a parent company they may see,
/// and no cycle in the parent chain.
/// </summary>
public sealed class CompanyFormChecks(CrmDbContext db, RecordChoices choices, IStringLocalizer<SharedResource> l)
{
    private const int MaxDepth = 100;

    public async Task<(List<FieldError> Errors, int? OwnerTeamId)> CheckAsync(CompanyForm form, CrmUser user, int? companyId, string? currentOwnerId, int? currentParentId, CancellationToken ct)
    {
        var errors = form.Check(l).Select(e => new FieldError(e.Field, e.Message)).ToList();
        int? team = null;
        var (allowed, ownerTeam) = await choices.CheckOwnerAsync<Company>(form.OwnerId, user, ct);
        if (allowed)
        {
            team = ownerTeam;
        }
        else if (form.OwnerId == currentOwnerId)
        {
            // Keeping the owner the record already has is always allowed, even one the user could not pick.
            team = await choices.TeamOfAsync(currentOwnerId, ct);
        }
        else
        {
            errors.Add(new FieldError(nameof(CompanyForm.OwnerId), l["Choose an owner from the list."]));
        }

        if (form.ParentCompanyId is int parentId && parentId != currentParentId)
        {
            if (parentId == companyId || !await choices.CompanyIsVisibleAsync(parentId, user, ct))
            {
                errors.Add(new FieldError(nameof(CompanyForm.ParentCompanyId), l["Choose a parent company from the list."]));
            }
            else if (companyId is int id && await IsAncestorOrSelfAsync(id, parentId, ct))
            {
                errors.Add(new FieldError(nameof(CompanyForm.ParentCompanyId), l["This company cannot be its own parent, directly or through its subsidiaries."]));
            }
        }

        return (errors, team);
    }

    /// <summary>Whether <paramref name="companyId"/> is <paramref name="start"/> or one of its parents (deleted ones included).</summary>
    private async Task<bool> IsAncestorOrSelfAsync(int companyId, int start, CancellationToken ct)
    {
        int? current = start;
        for (var depth = 0; current is int id && depth < MaxDepth; depth++)
        {
            if (id == companyId)
            {
                return true;
            }

            current = await db.Companies.IgnoreQueryFilters().AsNoTracking().Where(c => c.Id == id).Select(c => c.ParentCompanyId).FirstOrDefaultAsync(ct);
        }

        return current is not null;
    }
}
