using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Deals;

/// <summary>
/// The deals of a company or of a contact, on their pages: open ones first (by close date), then the latest closed,
/// as far as the user may see them, with the open total.
/// </summary>
public sealed class DealsPanel(CrmDbContext db) : ViewComponent
{
    public const int Count = 10;

    public sealed record Row(int Id, string Name, string? StageName, DealStatus Status, long AmountCents, string Currency, DateOnly? ExpectedCloseDate, long AmountDefaultCents);

    public sealed record Model(IReadOnlyList<Row> Deals, int OpenCount, long OpenTotalCents, string ListUrl, string NewUrl, bool CanCreate);

    public async Task<IViewComponentResult> InvokeAsync(int? company, int? contact)
    {
        var user = CrmUser.From(UserClaimsPrincipal);
        var deals = db.Deals.AsNoTracking().VisibleTo(user);
        deals = company is int companyId ? deals.Where(d => d.CompanyId == companyId)
            // From the contact's links (index ContactId, DealId), not a probe of every visible deal.
            : contact is int contactId ? deals.Where(d => db.DealContacts.Where(c => c.ContactId == contactId).Select(c => c.DealId).Contains(d.Id))
            : deals.Where(_ => false);
        var rows = await deals
            .OrderBy(d => d.Status == DealStatus.Open ? 0 : 1).ThenBy(d => d.ExpectedCloseDate).ThenByDescending(d => d.Id)
            .Select(d => new Row(d.Id, d.Name, d.Stage != null ? d.Stage.Name : null, d.Status, d.AmountCents, d.Currency, d.ExpectedCloseDate, d.AmountDefaultCents))
            .Take(Count)
            .ToListAsync(HttpContext.RequestAborted);

        // Most companies and people have fewer deals than the panel shows: then the open ones are all in hand.
        var opened = rows.Where(r => r.Status == DealStatus.Open).ToList();
        var open = rows.Count < Count
            ? new { Count = opened.Count, Total = opened.Sum(r => r.AmountDefaultCents) }
            : await deals.Where(d => d.Status == DealStatus.Open)
                .GroupBy(_ => 1)
                .Select(g => new { Count = g.Count(), Total = g.Sum(d => d.AmountDefaultCents) })
                .FirstOrDefaultAsync(HttpContext.RequestAborted);
        var query = company is int c ? $"companyId={c}" : $"contactId={contact}";
        return View("~/Features/Deals/_DealsPanel.cshtml", new Model(
            rows, open?.Count ?? 0, open?.Total ?? 0,
            company is int listed ? $"/Deals?company={listed}" : "/Deals",
            $"/Deals/Create?{query}",
            user.CanCreate<Deal>()));
    }
}
