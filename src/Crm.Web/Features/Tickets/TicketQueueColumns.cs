using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tickets;

/// <summary>
/// The two columns the database computes for the queues (<see cref="Ticket.InQueue"/>, <see cref="Ticket.QueueDue"/>),
/// in each provider's SQL. Virtual (computed when read, stored in the index), so every write path — forms, the SLA
/// clock, bulk actions, imports, seeding — keeps them right without knowing them.
/// </summary>
public static class TicketQueueColumns
{
    public static void Configure(ModelBuilder builder, bool sqlite)
    {
        var open = string.Join(", ", new[] { TicketStatus.New, TicketStatus.Open, TicketStatus.WaitingOnCustomer }.Select(s => $"'{s}'"));
        var ticket = builder.Entity<Ticket>();
        if (sqlite)
        {
            ticket.Property(t => t.InQueue).HasComputedColumnSql($"CASE WHEN \"Status\" IN ({open}) THEN 1 ELSE 0 END", stored: false);
            ticket.Property(t => t.QueueDue).HasComputedColumnSql("COALESCE(\"ResolutionDueAt\", '9999-12-31 00:00:00')", stored: false);
        }
        else
        {
            ticket.Property(t => t.InQueue).HasComputedColumnSql($"CASE WHEN [Status] IN ({open}) THEN 1 ELSE 0 END", stored: false);
            ticket.Property(t => t.QueueDue).HasComputedColumnSql("COALESCE([ResolutionDueAt], CONVERT(datetime2, '9999-12-31T00:00:00', 126))", stored: false);
        }
    }
}
