using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Campaigns;

/// <summary>The campaigns a contact is a member of, on the contact's page: the latest first, with the member's status, as far as the user may see them.</summary>
public sealed class CampaignsPanel(CrmDbContext db) : ViewComponent
{
    public const int Count = 10;

    public sealed record Row(int Id, string Name, CampaignMemberStatus Status, DateTime AddedAt);

    public async Task<IViewComponentResult> InvokeAsync(int contact)
    {
        var user = CrmUser.From(UserClaimsPrincipal);
        if (user.Access(Campaign.Kind).ReadScope(user) == AccessScope.None)
        {
            return Content(string.Empty);
        }

        var visible = db.Campaigns.AsNoTracking().VisibleTo(user);
        var rows = await db.CampaignMembers.AsNoTracking()
            .Where(m => m.ContactId == contact && visible.Any(c => c.Id == m.CampaignId))
            .OrderByDescending(m => m.AddedAt).ThenByDescending(m => m.Id)
            .Take(Count)
            .Select(m => new Row(m.CampaignId, m.Campaign!.Name, m.Status, m.AddedAt))
            .ToListAsync(HttpContext.RequestAborted);
        return View("~/Features/Campaigns/_CampaignsPanel.cshtml", rows);
    }
}
