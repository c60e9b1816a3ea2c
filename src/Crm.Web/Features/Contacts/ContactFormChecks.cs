using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Contacts;

/// <summary>The contact form's checks that need the database: the owner is one the user may pick, the company one they may see.</summary>
public sealed class ContactFormChecks(RecordChoices choices, IStringLocalizer<SharedResource> l)
{
    public async Task<(List<FieldError> Errors, int? OwnerTeamId)> CheckAsync(ContactForm form, CrmUser user, string? currentOwnerId, int? currentCompanyId, CancellationToken ct)
    {
        var errors = form.Check(l).Select(e => new FieldError(e.Field, e.Message)).ToList();
        int? team = null;
        var (allowed, ownerTeam) = await choices.CheckOwnerAsync<Contact>(form.OwnerId, user, ct);
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
            errors.Add(new FieldError(nameof(ContactForm.OwnerId), l["Choose an owner from the list."]));
        }

        if (form.CompanyId is int companyId && companyId != currentCompanyId && !await choices.CompanyIsVisibleAsync(companyId, user, ct))
        {
            errors.Add(new FieldError(nameof(ContactForm.CompanyId), l["Choose a company from the list."]));
        }

        return (errors, team);
    }
}
