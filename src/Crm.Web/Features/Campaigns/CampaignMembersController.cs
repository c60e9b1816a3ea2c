using Crm.Web.Features.Contacts;
using Crm.Web.Features.CustomFields;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Campaigns;

/// <summary>
/// Contacts added to a campaign from the contacts list's bulk bar. Not a campaign's record route: the campaign is one
/// the user chooses among those they may change (checked again on post), the contacts go through the contacts' rule.
/// </summary>
public sealed class CampaignMembersController : Controller
{
    /// <summary>
    /// "Add to campaign" from the contacts list's bulk bar: the ticked contacts, or all those the list's filters match (its
    /// query string); first the campaign to add them to, then one INSERT … SELECT.
    /// </summary>
    [HttpPost("/Campaigns/AddContacts")]
    public async Task<IActionResult> AddContacts(
        [FromForm] BulkForm form,
        [FromForm] int? campaignId,
        [FromQuery] ContactList.Query query,
        [FromServices] CrmDbContext db,
        [FromServices] ContactList contacts,
        [FromServices] CampaignMembers members,
        [FromServices] CustomFieldStore custom,
        [FromServices] IStringLocalizer<SharedResource> l,
        CancellationToken ct)
    {
        var user = CrmUser.From(User);
        var back = Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl! : Contact.Kind.ListPath;
        if (!ModelState.IsValid || (!form.AllMatching && form.Ids.Length == 0))
        {
            TempData["FlashError"] = l["Select at least one record."].Value;
            return LocalRedirect(back);
        }

        var editable = db.Campaigns.AsNoTracking().EditableBy(user);
        if (campaignId is not int chosen || !await editable.AnyAsync(c => c.Id == chosen, ct))
        {
            var choices = await editable.OrderByDescending(c => c.CreatedAt).Take(200)
                .Select(c => new Choice(c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Name)).ToListAsync(ct);
            return View("/Features/Campaigns/AddContacts.cshtml", new AddContactsPage(form, Request.QueryString.Value ?? string.Empty, choices, campaignId is not null));
        }

        IQueryable<int> ids;
        if (form.AllMatching)
        {
            query.ReadDeclared(Contact.Kind, Request.Query);
            query.ReadCustom(await custom.FieldsAsync(Contact.Kind.Key, ct), Request.Query);
            ids = contacts.Filtered(query, user).Select(c => c.Id);
        }
        else
        {
            var ticked = form.Ids.Distinct().Take(BulkForm.MaxIds).ToList();
            ids = db.Contacts.VisibleTo(user).Where(c => ticked.Contains(c.Id)).Select(c => c.Id);
        }

        var added = await members.AddAsync(chosen, ids, ct);
        TempData["Flash"] = added == 1 ? l["1 contact added to the campaign."].Value : l["{0} contacts added to the campaign.", added.ToString("N0", System.Globalization.CultureInfo.CurrentCulture)].Value;
        return Redirect(Campaign.Kind.DetailsPath(chosen));
    }

}

/// <param name="Unchosen">The campaign posted was not one the user may change.</param>
public sealed record AddContactsPage(BulkForm Form, string QueryString, IReadOnlyList<Choice> Campaigns, bool Unchosen);
