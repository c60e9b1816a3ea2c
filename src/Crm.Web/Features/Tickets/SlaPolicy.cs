namespace Crm.Web.Features.Tickets;

/// <summary>
/// How long support has to answer and to resolve, per priority, counted in the policy's business hours and time zone,
/// skipping its holidays. A ticket is "at risk" once <see cref="AtRiskPercent"/> of a deadline's time is used.
/// </summary>
public sealed class SlaPolicy
{
    public const int MaxNameLength = 100;
    public const int MaxTimeZoneLength = 64;

    public int Id { get; set; }
    public string Name { get; set; } = string.Empty;

    /// <summary>The policy of tickets that name none; exactly one is the default.</summary>
    public bool IsDefault { get; set; }

    /// <summary>An IANA time zone ("Europe/Paris") the business hours and holidays are read in.</summary>
    public string TimeZone { get; set; } = "Europe/Paris";

    public int AtRiskPercent { get; set; } = 80;

    /// <summary>
    /// Counts in the company's business hours and time zone (Settings) instead of <see cref="Hours"/> and
    /// <see cref="TimeZone"/>, following them when they change; its holidays still apply.
    /// </summary>
    public bool UseCompanyHours { get; set; }

    /// <summary>On breach, the ticket moves to this queue and/or this agent; null, it stays where it is.</summary>
    public int? BreachTeamId { get; set; }
    public string? BreachOwnerId { get; set; }

    public List<SlaTarget> Targets { get; set; } = [];
    public List<BusinessHours> Hours { get; set; } = [];
    public List<SlaHoliday> Holidays { get; set; } = [];
}

/// <summary>The deadlines of one priority, in business minutes.</summary>
public sealed class SlaTarget
{
    public int Id { get; set; }
    public int PolicyId { get; set; }
    public TicketPriority Priority { get; set; }
    public int FirstResponseMinutes { get; set; }
    public int ResolutionMinutes { get; set; }
}

/// <summary>One open span of a weekday (a day may have two: morning and afternoon).</summary>
public sealed class BusinessHours
{
    public int Id { get; set; }
    public int PolicyId { get; set; }
    public DayOfWeek Day { get; set; }
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }
}

/// <summary>A day the SLA clock stands still (French public holidays are preset).</summary>
public sealed class SlaHoliday
{
    public const int MaxNameLength = 100;

    public int Id { get; set; }
    public int PolicyId { get; set; }
    public DateOnly Date { get; set; }
    public string Name { get; set; } = string.Empty;
}
