using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tickets;

/// <summary>
/// The tickets of a contact or of a company, on their pages: open ones first (by resolution deadline), then the latest
/// closed, as far as the user may see them; "New ticket" prefilled with the contact and its company.
/// </summary>
public sealed class TicketsPanel(CrmDbContext db) : ViewComponent
{
    public const int Count = 10;

    public sealed record Row(int Id, string Number, string Subject, TicketStatus Status, SlaState SlaState, DateTime CreatedAt);

    public sealed record Model(IReadOnlyList<Row> Tickets, string NewUrl, bool CanCreate, bool Any);

    public async Task<IViewComponentResult> InvokeAsync(int? company, int? contact)
    {
        var user = CrmUser.From(UserClaimsPrincipal);
        if (user.Access(Ticket.Kind).ReadScope(user) == AccessScope.None)
        {
            return Content(string.Empty);
        }

        var tickets = db.Tickets.AsNoTracking().VisibleTo(user);
        tickets = company is int companyId ? tickets.Where(t => t.CompanyId == companyId)
            : contact is int contactId ? tickets.Where(t => t.ContactId == contactId)
            : tickets.Where(_ => false);

        // Newest first on the (ContactId, CreatedAt) and (CompanyId, CreatedAt) indexes; open ones then come first.
        var rows = (await tickets
                .OrderByDescending(t => t.CreatedAt)
                .Select(t => new Row(t.Id, t.Number, t.Subject, t.Status, t.SlaState, t.CreatedAt))
                .Take(Count)
                .ToListAsync(HttpContext.RequestAborted))
            .OrderBy(r => r.Status is TicketStatus.Resolved or TicketStatus.Closed ? 1 : 0)
            .ToList();
        var companyOfContact = contact is int c ? await db.Contacts.AsNoTracking().Where(x => x.Id == c).Select(x => x.CompanyId).FirstOrDefaultAsync(HttpContext.RequestAborted) : null;
        var query = company is int listed ? $"companyId={listed}" : $"contactId={contact}" + (companyOfContact is int k ? $"&companyId={k}" : string.Empty);
        return View("~/Features/Tickets/_TicketsPanel.cshtml", new Model(rows, $"/Tickets/Create?{query}", user.CanCreate<Ticket>(), rows.Count > 0));
    }
}
