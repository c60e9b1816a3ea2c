using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tickets.Sla;

/// <summary>
/// A first SLA policy for a new install, so tickets get deadlines at once: Monday to Friday 9:00–12:30 and 13:30–18:00
/// in Paris, French public holidays of this year and the next; admins change it at /Admin/Sla.
/// </summary>
public sealed class DefaultSlaPolicy(CrmDbContext db, TimeProvider clock) : IStartupData
{
    /// <summary>First response and resolution per priority, in business minutes (a business day is 8 h).</summary>
    public static readonly IReadOnlyList<(TicketPriority Priority, int FirstResponse, int Resolution)> Targets =
    [
        (TicketPriority.Urgent, 60, 4 * 60),
        (TicketPriority.High, 4 * 60, 8 * 60),
        (TicketPriority.Normal, 8 * 60, 3 * 8 * 60),
        (TicketPriority.Low, 16 * 60, 5 * 8 * 60),
    ];

    public async Task EnsureAsync(CancellationToken ct)
    {
        if (await db.SlaPolicies.AnyAsync(ct))
        {
            return;
        }

        db.SlaPolicies.Add(New("Standard", clock.GetUtcNow().Year));
        await db.SaveChangesAsync(ct);
    }

    public static SlaPolicy New(string name, int year) => new()
    {
        Name = name,
        IsDefault = true,
        TimeZone = "Europe/Paris",
        AtRiskPercent = 80,
        Targets = Targets.Select(t => new SlaTarget { Priority = t.Priority, FirstResponseMinutes = t.FirstResponse, ResolutionMinutes = t.Resolution }).ToList(),
        Hours = WorkingDays.SelectMany(d => new[]
        {
            new BusinessHours { Day = d, Start = new TimeOnly(9, 0), End = new TimeOnly(12, 30) },
            new BusinessHours { Day = d, Start = new TimeOnly(13, 30), End = new TimeOnly(18, 0) },
        }).ToList(),
        Holidays = FrenchHolidays.For(year, year + 1).Select(h => new SlaHoliday { Date = h.Date, Name = h.Name }).ToList(),
    };

    private static readonly DayOfWeek[] WorkingDays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
}
