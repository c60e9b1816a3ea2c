namespace Crm.Web.Features.Tickets;

/// <summary>
/// The seam between a ticket's conversation and its SLA clock: the desk calls it when a ticket opens, changes status or
/// priority, and gets its first answer. The SLA feature (<c>Features/Tickets/Sla/SlaDeadlines</c>, registered by
/// <c>AddSla</c>) implements it; until it is wired, <see cref="NoTicketSla"/> keeps the tickets working without
/// deadlines. Same signatures as <c>SlaDeadlines</c>, so wiring it is one adapter line.
/// </summary>
public interface ITicketSla
{
    /// <summary>Sets the due dates from the ticket's policy (or the default) and the state on track.</summary>
    Task StartAsync(Ticket ticket, CancellationToken ct);

    /// <summary>Pauses, resumes, recomputes or stops the clock after a change of status or priority.</summary>
    Task OnChangedAsync(Ticket ticket, TicketStatus statusBefore, TicketPriority priorityBefore, CancellationToken ct);

    /// <summary>The first public reply was written: the first-response deadline is met.</summary>
    void OnFirstResponse(Ticket ticket);
}

/// <summary>No SLA clock: tickets carry no due dates (used until the SLA feature registers its own).</summary>
public sealed class NoTicketSla : ITicketSla
{
    public Task StartAsync(Ticket ticket, CancellationToken ct) => Task.CompletedTask;

    public Task OnChangedAsync(Ticket ticket, TicketStatus statusBefore, TicketPriority priorityBefore, CancellationToken ct) => Task.CompletedTask;

    public void OnFirstResponse(Ticket ticket)
    {
    }
}
