using Crm.Web.Features.Contacts;
using Crm.Web.Features.CustomFields;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Export;
using Crm.Web.Infrastructure.Records;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Campaigns;

/// <summary>
/// The campaigns pages: the list, one campaign's pages and the actions every kind shares, on the kit; what is campaigns'
/// own: the members page, adding contacts from the contacts list, the test send, sending, and the results workbook.
/// </summary>
public sealed class CampaignsController : RecordListController<Campaign, CampaignForm, CampaignList, CampaignList.Query, CampaignList.Row>
{
    [HttpGet("/Campaigns/Members/{id:int}")]
    public async Task<IActionResult> Members(int id, CampaignMemberStatus? status, long? after, [FromServices] CrmDbContext db, [FromServices] CampaignMembers members, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        var name = await db.Campaigns.AsNoTracking().VisibleTo(user).Where(c => c.Id == id).Select(c => c.Name).FirstOrDefaultAsync(ct);
        if (name is null || (status is CampaignMemberStatus s && !Enum.IsDefined(s)))
        {
            return NotFound();
        }

        return View(new MembersPage(id, name, await members.PageAsync(id, status, after, user, ct)));
    }

    /// <summary>Sends the campaign's mail to the user themselves, marked as a test; no member changes.</summary>
    [HttpPost]
    public async Task<IActionResult> TestSend(int id, [FromServices] CrmDbContext db, [FromServices] CampaignSender sender, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        switch (await EditableAsync(db, id, user, ct))
        {
            case null:
                return NotFound();
            case false:
                return Forbid();
        }

        var me = await db.Users.AsNoTracking().Where(u => u.Id == user.Id).Select(u => new { u.Email, u.DisplayName, u.Culture }).FirstOrDefaultAsync(ct);
        var queued = me?.Email is { Length: > 0 } email && await sender.QueueTestAsync(id, email, me.DisplayName, me.Culture, ct);
        if (queued)
        {
            TempData["Flash"] = l["A test message is on its way to {0}.", me!.Email!].Value;
        }
        else
        {
            TempData["FlashError"] = l["The test message could not be sent: choose an email template and check that your account has an email address."].Value;
        }

        return Redirect(Campaign.Kind.DetailsPath(id));
    }

    /// <summary>Asks for the send, now or at <paramref name="sendAt"/> (the user's wall clock); the sender does the rest, in the background.</summary>
    [HttpPost]
    public async Task<IActionResult> Send(int id, DateTime? sendAt, [FromServices] CrmDbContext db, [FromServices] Infrastructure.Localization.UserTime time, [FromServices] TimeProvider clock, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        switch (await EditableAsync(db, id, user, ct))
        {
            case null:
                return NotFound();
            case false:
                return Forbid();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var at = sendAt is DateTime local ? time.ToUtc(local) : now;
        var asked = await db.Campaigns.Where(c => c.Id == id && c.MailTemplateId != null && c.SendFinishedAt == null && c.SendClaimedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SendAt, at < now ? now : at).SetProperty(c => c.Status, CampaignStatus.Active), ct);
        if (asked == 0)
        {
            TempData["FlashError"] = l["This campaign cannot be sent: choose an email template first, or it is being sent or was sent already."].Value;
        }
        else
        {
            TempData["Flash"] = at <= now ? l["Sending: the messages are being queued."].Value : l["The campaign will be sent on {0}.", time.Format(at)].Value;
            if (at <= now)
            {
                HttpContext.RequestServices.GetService<IBackgroundJobClient>()?.Enqueue<CampaignSender>(s => s.Run(id, CancellationToken.None));
            }
        }

        return Redirect(Campaign.Kind.DetailsPath(id));
    }

    /// <summary>
    /// Adds a segment's contacts as members (docs/decisions/0020): those of its contacts the user may see, now (a dynamic
    /// segment is read at this moment; contacts matching it later are not added by themselves), skipping present members.
    /// </summary>
    [HttpPost]
    public async Task<IActionResult> AddSegment(int id, int? segmentId, [FromServices] CrmDbContext db, [FromServices] Segments.SegmentMembers segments,
        [FromServices] CampaignMembers members, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        switch (await EditableAsync(db, id, user, ct))
        {
            case null:
                return NotFound();
            case false:
                return Forbid();
        }

        if (segmentId is not int chosen || await segments.ContactIdsAsync(chosen, user, ct) is not { } ids)
        {
            TempData["FlashError"] = l["Choose a segment from the list."].Value;
            return Redirect(Campaign.Kind.DetailsPath(id));
        }

        var added = await members.AddAsync(id, ids, ct);
        TempData["Flash"] = added == 1 ? l["1 contact added to the campaign."].Value : l["{0} contacts added to the campaign.", added.ToString("N0", System.Globalization.CultureInfo.CurrentCulture)].Value;
        return Redirect(Campaign.Kind.DetailsPath(id));
    }

    /// <summary>The campaign's results as a workbook: one row per figure, numbers as numbers (a text cell of an .xlsx is never run as a formula).</summary>
    [HttpGet("/Campaigns/Results/{id:int}")]
    public async Task<IActionResult> Results(int id, [FromServices] CrmDbContext db, [FromServices] CampaignResults results, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        var name = await db.Campaigns.AsNoTracking().VisibleTo(user).Where(c => c.Id == id).Select(c => c.Name).FirstOrDefaultAsync(ct);
        if (name is null || await results.ForAsync(id, user, ct) is not { } f)
        {
            return NotFound();
        }

        static object? Percent(decimal? rate) => rate is decimal r ? Math.Round(r * 100, 1) : null;
        static object? Amount(long? cents) => cents is long c ? c / 100m : null;
        object?[][] rows =
        [
            [l["Campaign"].Value, name],
            [l["Members"].Value, f.Members],
            [l["Sent"].Value, f.Sent],
            [l["Opened"].Value, f.Opened],
            [l["Open rate (%)"].Value, Percent(f.OpenRate)],
            [l["Clicked"].Value, f.Clicked],
            [l["Click rate (%)"].Value, Percent(f.ClickRate)],
            [l["Responded"].Value, f.Responded],
            [l["Unsubscribed"].Value, f.Unsubscribed],
            [l["Bounced"].Value, f.Bounced],
            [l["Converted"].Value, f.Converted],
            [l["Deals influenced"].Value, f.DealsInfluenced],
            [l["Revenue won"].Value, Amount(f.RevenueWonCents)],
            [l["Budget"].Value, Amount(f.BudgetCents)],
            [l["Expected revenue"].Value, Amount(f.ExpectedRevenueCents)],
            [l["Cost per lead"].Value, Amount(f.CostPerLeadCents)],
            [l["ROI (%)"].Value, Percent(f.Roi)],
        ];
        return new XlsxResult($"campaign-{id}-results.xlsx", l["Results"], [new(l["Figure"], 28), new(l["Value"], 40)], _ => rows.ToAsyncEnumerable());
    }

    /// <summary>Null when the user may not see the campaign; false when they see it but may not change it.</summary>
    private static async Task<bool?> EditableAsync(CrmDbContext db, int id, CrmUser user, CancellationToken ct)
    {
        if (!await db.Campaigns.VisibleTo(user).AnyAsync(c => c.Id == id, ct))
        {
            return null;
        }

        return await db.Campaigns.EditableBy(user).AnyAsync(c => c.Id == id, ct) ? true : false;
    }
}

public sealed record MembersPage(int CampaignId, string CampaignName, CampaignMembers.Page Members);
