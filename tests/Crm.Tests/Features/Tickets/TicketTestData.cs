using Crm.Tests.Infrastructure;
using Crm.Web.Features.Tickets;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Tickets;

/// <summary>Tickets for tests, arranged straight in the app's database (numbered as the desk numbers them).</summary>
public static class TicketTestData
{
    public static Ticket New(string subject, string? ownerId = null, int? teamId = null, DateTime? created = null, DateTime? due = null) => new()
    {
        Subject = subject,
        OwnerId = ownerId,
        TeamId = teamId,
        CreatedAt = created ?? default,
        ResolutionDueAt = due,
        Channel = TicketChannel.Email,
    };

    public static Task<int> AddTicketAsync(
        this CrmAppFactory app, string subject, TestUser? owner = null, int? contactId = null, int? companyId = null,
        TicketStatus status = TicketStatus.New, int? teamId = null, SlaState sla = SlaState.OnTrack) =>
        app.WithDbAsync(async db =>
        {
            var ticket = New(subject, owner?.Id, teamId ?? owner?.TeamId);
            ticket.ContactId = contactId;
            ticket.CompanyId = companyId;
            ticket.Status = status;
            ticket.SlaState = sla;
            db.Tickets.Add(ticket);
            await db.SaveChangesAsync();
            ticket.Numbered();
            await db.SaveChangesAsync();
            return ticket.Id;
        });
}
