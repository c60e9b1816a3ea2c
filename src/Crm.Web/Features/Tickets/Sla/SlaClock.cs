namespace Crm.Web.Features.Tickets.Sla;

/// <summary>
/// Business-time arithmetic of one SLA policy: its weekly spans (one or two a day) read in its IANA time zone, its
/// holidays skipping whole local days. Every span is converted to UTC through <see cref="TimeZoneInfo"/> day by day,
/// so a night across a daylight-saving change counts what the wall clock says. Pure: no database, no "now".
/// A policy without any span counts around the clock (every minute is a business minute).
/// </summary>
public sealed class SlaClock
{
    /// <summary>A deadline further than this is a policy error (no span ever opens): refused rather than looped on.</summary>
    private const int MaxDays = 3700;

    private readonly TimeZoneInfo zone;
    private readonly (TimeOnly Start, TimeOnly End)[][] spans = new (TimeOnly, TimeOnly)[7][];
    private readonly HashSet<DateOnly> holidays;
    private readonly bool roundTheClock;

    public SlaClock(string timeZone, IEnumerable<BusinessHours> hours, IEnumerable<DateOnly> holidays)
    {
        // A zone this server does not know (a policy written elsewhere) counts in UTC rather than refusing to open tickets;
        // the policy form only offers the zones it knows.
        zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        var all = hours.ToList();
        for (var day = 0; day < 7; day++)
        {
            spans[day] = all.Where(h => (int)h.Day == day && (h.End > h.Start || h.End == TimeOnly.MinValue))
                .OrderBy(h => h.Start).Select(h => (h.Start, h.End)).ToArray();
        }

        this.holidays = holidays.ToHashSet();
        roundTheClock = spans.All(s => s.Length == 0);
    }

    public static SlaClock For(SlaPolicy policy) => new(policy.TimeZone, policy.Hours, policy.Holidays.Select(h => h.Date));

    public DateTime AddBusinessMinutes(DateTime startUtc, int minutes) => AddBusinessTime(startUtc, TimeSpan.FromMinutes(minutes));

    /// <summary>The UTC moment <paramref name="amount"/> of business time after <paramref name="startUtc"/>; a deadline that fills a span exactly ends at that span's end.</summary>
    public DateTime AddBusinessTime(DateTime startUtc, TimeSpan amount)
    {
        startUtc = AsUtc(startUtc);
        if (amount <= TimeSpan.Zero)
        {
            return startUtc;
        }

        if (roundTheClock)
        {
            return startUtc + amount;
        }

        var remaining = amount;
        foreach (var (spanStart, spanEnd) in SpansFrom(startUtc))
        {
            var from = spanStart > startUtc ? spanStart : startUtc;
            var available = spanEnd - from;
            if (remaining <= available)
            {
                return from + remaining;
            }

            remaining -= available;
        }

        throw new InvalidOperationException($"No business hours within {MaxDays} days of {startUtc:O}.");
    }

    /// <summary>The UTC moment <paramref name="amount"/> of business time before <paramref name="endUtc"/> (the clock run backwards).</summary>
    public DateTime SubtractBusinessTime(DateTime endUtc, TimeSpan amount)
    {
        endUtc = AsUtc(endUtc);
        if (amount <= TimeSpan.Zero)
        {
            return endUtc;
        }

        if (roundTheClock)
        {
            return endUtc - amount;
        }

        var remaining = amount;
        foreach (var (spanStart, spanEnd) in SpansBefore(endUtc))
        {
            var to = spanEnd < endUtc ? spanEnd : endUtc;
            var available = to - spanStart;
            if (remaining <= available)
            {
                return to - remaining;
            }

            remaining -= available;
        }

        throw new InvalidOperationException($"No business hours within {MaxDays} days before {endUtc:O}.");
    }

    /// <summary>Moves a moment by signed business time: forwards when positive, backwards when negative.</summary>
    public DateTime Shift(DateTime utc, TimeSpan amount) => amount >= TimeSpan.Zero ? AddBusinessTime(utc, amount) : SubtractBusinessTime(utc, -amount);

    /// <summary>Business time from <paramref name="fromUtc"/> to <paramref name="toUtc"/>, negative when <paramref name="toUtc"/> comes first.</summary>
    public TimeSpan SignedBetween(DateTime fromUtc, DateTime toUtc) =>
        AsUtc(toUtc) >= AsUtc(fromUtc) ? BusinessTimeBetween(fromUtc, toUtc) : -BusinessTimeBetween(toUtc, fromUtc);

    /// <summary>Whole business minutes between two UTC moments (0 when <paramref name="toUtc"/> is not after <paramref name="fromUtc"/>).</summary>
    public int BusinessMinutesBetween(DateTime fromUtc, DateTime toUtc) => (int)BusinessTimeBetween(fromUtc, toUtc).TotalMinutes;

    public TimeSpan BusinessTimeBetween(DateTime fromUtc, DateTime toUtc)
    {
        fromUtc = AsUtc(fromUtc);
        toUtc = AsUtc(toUtc);
        if (toUtc <= fromUtc)
        {
            return TimeSpan.Zero;
        }

        if (roundTheClock)
        {
            return toUtc - fromUtc;
        }

        var total = TimeSpan.Zero;
        foreach (var (spanStart, spanEnd) in SpansFrom(fromUtc))
        {
            if (spanStart >= toUtc)
            {
                break;
            }

            var from = spanStart > fromUtc ? spanStart : fromUtc;
            var to = spanEnd < toUtc ? spanEnd : toUtc;
            total += to - from;
        }

        return total;
    }

    /// <summary>Whether the clock runs at this moment (inside a span of a working day).</summary>
    public bool IsBusinessTime(DateTime utc)
    {
        utc = AsUtc(utc);
        return roundTheClock || SpansFrom(utc).Take(1).Any(s => s.Start <= utc);
    }

    /// <summary>The UTC spans that end after <paramref name="utc"/>, in order, from its local day on.</summary>
    private IEnumerable<(DateTime Start, DateTime End)> SpansFrom(DateTime utc)
    {
        // The day before too: a span ending at midnight of a day whose local date differs from the UTC one.
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zone)).AddDays(-1);
        for (var i = 0; i < MaxDays; i++, day = day.AddDays(1))
        {
            if (holidays.Contains(day))
            {
                continue;
            }

            foreach (var (start, end) in spans[(int)day.DayOfWeek])
            {
                var spanStart = ToUtc(day.ToDateTime(start));
                var spanEnd = ToUtc(end == TimeOnly.MinValue ? day.AddDays(1).ToDateTime(TimeOnly.MinValue) : day.ToDateTime(end));
                if (spanEnd > utc && spanEnd > spanStart)
                {
                    yield return (spanStart, spanEnd);
                }
            }
        }
    }

    /// <summary>The UTC spans that start before <paramref name="utc"/>, latest first, from its local day backwards.</summary>
    private IEnumerable<(DateTime Start, DateTime End)> SpansBefore(DateTime utc)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zone)).AddDays(1);
        for (var i = 0; i < MaxDays; i++, day = day.AddDays(-1))
        {
            if (holidays.Contains(day))
            {
                continue;
            }

            foreach (var (start, end) in spans[(int)day.DayOfWeek].Reverse())
            {
                var spanStart = ToUtc(day.ToDateTime(start));
                var spanEnd = ToUtc(end == TimeOnly.MinValue ? day.AddDays(1).ToDateTime(TimeOnly.MinValue) : day.ToDateTime(end));
                if (spanStart < utc && spanEnd > spanStart)
                {
                    yield return (spanStart, spanEnd);
                }
            }
        }
    }

    /// <summary>A local wall-clock time in UTC; one skipped by a spring-forward change is read as the first valid minute after it.</summary>
    private DateTime ToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        for (var i = 0; zone.IsInvalidTime(local) && i < 24 * 60; i++)
        {
            local = local.AddMinutes(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    private static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
