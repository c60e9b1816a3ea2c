using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Tickets.Sla;

/// <summary>The form of an SLA policy as people write it: durations as "4 h" or "1 h 30", hours as "09:00", one holiday a line.</summary>
public sealed class SlaPolicyForm
{
    public string Name { get; set; } = string.Empty;
    public string TimeZone { get; set; } = "Europe/Paris";
    public int? AtRiskPercent { get; set; } = 80;
    public bool IsDefault { get; set; }

    /// <summary>The policy counts in the company's business hours and time zone (Settings) rather than its own.</summary>
    public bool UseCompanyHours { get; set; }
    public int? BreachTeamId { get; set; }
    public string? BreachOwnerId { get; set; }
    public List<TargetRow> Targets { get; set; } = [];
    public List<DayRow> Days { get; set; } = [];

    /// <summary>One holiday a line: "2026-12-25 Noël".</summary>
    public string? Holidays { get; set; }

    /// <summary>The year the "add French public holidays" button adds.</summary>
    public int? HolidayYear { get; set; }
    public bool AlsaceMoselle { get; set; }

    public sealed class TargetRow
    {
        public TicketPriority Priority { get; set; }
        public string? FirstResponse { get; set; }
        public string? Resolution { get; set; }
    }

    public sealed class DayRow
    {
        public DayOfWeek Day { get; set; }
        public string? Start1 { get; set; }
        public string? End1 { get; set; }
        public string? Start2 { get; set; }
        public string? End2 { get; set; }
    }

    public static readonly DayOfWeek[] Week = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static readonly TicketPriority[] Priorities = [TicketPriority.Urgent, TicketPriority.High, TicketPriority.Normal, TicketPriority.Low];

    public static SlaPolicyForm From(SlaPolicy policy) => new()
    {
        Name = policy.Name,
        TimeZone = policy.TimeZone,
        AtRiskPercent = policy.AtRiskPercent,
        IsDefault = policy.IsDefault,
        UseCompanyHours = policy.UseCompanyHours,
        BreachTeamId = policy.BreachTeamId,
        BreachOwnerId = policy.BreachOwnerId,
        Targets = Priorities.Select(p => policy.Targets.FirstOrDefault(t => t.Priority == p) is { } t
            ? new TargetRow { Priority = p, FirstResponse = Durations.Format(t.FirstResponseMinutes), Resolution = Durations.Format(t.ResolutionMinutes) }
            : new TargetRow { Priority = p }).ToList(),
        Days = DaysOf(policy.Hours),
        Holidays = string.Join('\n', policy.Holidays.OrderBy(h => h.Date).Select(h => Line(h.Date, h.Name))),
    };

    /// <summary>A week of spans as the form's day rows, Monday first.</summary>
    public static List<DayRow> DaysOf(IReadOnlyCollection<BusinessHours> hours) =>
        Week.Select(d =>
        {
            var spans = hours.Where(h => h.Day == d).OrderBy(h => h.Start).ToList();
            return new DayRow
            {
                Day = d,
                Start1 = spans.Count > 0 ? Time(spans[0].Start) : null,
                End1 = spans.Count > 0 ? Time(spans[0].End) : null,
                Start2 = spans.Count > 1 ? Time(spans[1].Start) : null,
                End2 = spans.Count > 1 ? Time(spans[1].End) : null,
            };
        }).ToList();

    /// <summary>The rows the page always shows, whatever was posted (a day per weekday, a target per priority).</summary>
    public void Complete()
    {
        Targets = Priorities.Select(p => Targets.FirstOrDefault(t => t.Priority == p) ?? new TargetRow { Priority = p }).ToList();
        Days = Week.Select(d => Days.FirstOrDefault(x => x.Day == d) ?? new DayRow { Day = d }).ToList();
    }

    /// <summary>Adds the French public holidays of <see cref="HolidayYear"/> to the list, skipping dates already there.</summary>
    public void AddFrenchHolidays()
    {
        if (HolidayYear is not (>= 2000 and <= 2100) || HolidayYear is not { } year)
        {
            return;
        }

        var lines = (Holidays ?? string.Empty).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        var known = lines.Select(l => l.Trim().Split(' ', 2)[0]).ToHashSet(StringComparer.Ordinal);
        lines.AddRange(FrenchHolidays.For(year, AlsaceMoselle).Where(h => !known.Contains(h.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).Select(h => Line(h.Date, h.Name)));
        Holidays = string.Join('\n', lines.OrderBy(l => l.Trim(), StringComparer.Ordinal));
    }

    public static string Time(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Line(DateOnly date, string name) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " " + name;
}

/// <summary>Durations as people write them: "4 h", "1 h 30", "1h30", "90 min", "45m"; a bare number is hours.</summary>
public static partial class Durations
{
    public static int? Parse(string? text)
    {
        var match = Pattern().Match(text ?? string.Empty);
        if (!match.Success || (!match.Groups["h"].Success && !match.Groups["m"].Success && !match.Groups["bare"].Success))
        {
            return null;
        }

        if (match.Groups["bare"].Success)
        {
            return int.TryParse(match.Groups["bare"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var hours) && hours <= 100_000 ? hours * 60 : null;
        }

        var h = match.Groups["h"].Success ? int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture) : 0;
        var m = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        return h > 100_000 || m > 6_000_000 ? null : (h * 60) + m;
    }

    public static string Format(int minutes)
    {
        var (h, m) = (minutes / 60, minutes % 60);
        var text = new StringBuilder();
        if (h > 0)
        {
            text.Append(h.ToString(CultureInfo.InvariantCulture)).Append(" h");
            if (m > 0)
            {
                text.Append(' ').Append(m.ToString("00", CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }

        return m.ToString(CultureInfo.InvariantCulture) + " min";
    }

    [GeneratedRegex(@"^\s*(?:(?<bare>\d{1,6})|(?:(?<h>\d{1,6})\s*h)?\s*(?:(?<m>\d{1,7})\s*(?:m|mn|min|minutes?)?)?)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex Pattern();
}

/// <summary>/Admin/Sla's use cases: the list, the checks (every error at once), saving, choosing the default.</summary>
public sealed class SlaAdmin(CrmDbContext db, IStringLocalizer<SharedResource> l)
{
    public const int MaxHolidays = 1000;

    public sealed record PolicyRow(int Id, string Name, bool IsDefault, string TimeZone, int AtRiskPercent, int Holidays, int Tickets);

    public sealed record Choices(IReadOnlyList<string> TimeZones, IReadOnlyList<(int Id, string Name)> Teams, IReadOnlyList<(string Id, string Name)> Users);

    public Task<List<PolicyRow>> ListAsync(CancellationToken ct) =>
        db.SlaPolicies.AsNoTracking().OrderByDescending(p => p.IsDefault).ThenBy(p => p.Name)
            .Select(p => new PolicyRow(p.Id, p.Name, p.IsDefault, p.TimeZone, p.AtRiskPercent, p.Holidays.Count, db.Tickets.Count(t => t.SlaPolicyId == p.Id)))
            .ToListAsync(ct);

    public Task<SlaPolicy?> FindAsync(int id, CancellationToken ct) =>
        db.SlaPolicies.AsNoTracking().AsSplitQuery().Include(p => p.Targets).Include(p => p.Hours).Include(p => p.Holidays).FirstOrDefaultAsync(p => p.Id == id, ct);

    public async Task<Choices> ChoicesAsync(CancellationToken ct) => new(
        TimeZones,
        (await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct)).Select(t => (t.Id, t.Name)).ToList(),
        (await db.Users.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct))
            .Select(u => (u.Id, u.DisplayName.Length > 0 ? u.DisplayName : u.Email ?? u.Id)).ToList());

    /// <summary>The IANA zones this server knows, sorted ("Europe/Paris").</summary>
    public static readonly IReadOnlyList<string> TimeZones = TimeZoneInfo.GetSystemTimeZones()
        .Select(z => z.HasIanaId ? z.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(z.Id, out var iana) ? iana : null)
        .OfType<string>().Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC").Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Saves a new policy (null id) or an existing one; the errors of the whole form when refused.</summary>
    public async Task<(int? Id, IReadOnlyList<FieldError> Errors)> SaveAsync(int? id, SlaPolicyForm form, CancellationToken ct)
    {
        form.Complete();
        var errors = new List<FieldError>();
        var policy = id is { } existing
            ? await db.SlaPolicies.AsSplitQuery().Include(p => p.Targets).Include(p => p.Hours).Include(p => p.Holidays).FirstOrDefaultAsync(p => p.Id == existing, ct)
            : new SlaPolicy();
        if (policy is null)
        {
            return (null, [new FieldError(string.Empty, l["This policy no longer exists."])]);
        }

        var name = form.Name.Trim();
        if (name.Length == 0)
        {
            errors.Add(new(nameof(form.Name), l["Enter a name."]));
        }
        else if (name.Length > SlaPolicy.MaxNameLength)
        {
            errors.Add(new(nameof(form.Name), l["The name is too long: {0} characters at most.", SlaPolicy.MaxNameLength]));
        }
        else if (await db.SlaPolicies.AnyAsync(p => p.Name == name && p.Id != policy.Id, ct))
        {
            errors.Add(new(nameof(form.Name), l["Another policy has this name."]));
        }

        if (!TimeZones.Contains(form.TimeZone))
        {
            errors.Add(new(nameof(form.TimeZone), l["Choose a time zone from the list."]));
        }

        if (form.AtRiskPercent is not (>= 1 and <= 99))
        {
            errors.Add(new(nameof(form.AtRiskPercent), l["Enter a percentage between 1 and 99."]));
        }

        if (form.BreachTeamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team, ct))
        {
            errors.Add(new(nameof(form.BreachTeamId), l["Choose a team from the list."]));
        }

        if (form.BreachOwnerId is { Length: > 0 } owner && !await db.Users.AnyAsync(u => u.Id == owner && u.IsActive, ct))
        {
            errors.Add(new(nameof(form.BreachOwnerId), l["Choose a user from the list."]));
        }

        var targets = new List<SlaTarget>();
        for (var i = 0; i < form.Targets.Count; i++)
        {
            var row = form.Targets[i];
            var first = Durations.Parse(row.FirstResponse);
            var resolution = Durations.Parse(row.Resolution);
            if (first is not > 0)
            {
                errors.Add(new($"Targets[{i}].FirstResponse", l["Enter a duration such as “4 h”, “1 h 30” or “45 min”."]));
            }

            if (resolution is not > 0)
            {
                errors.Add(new($"Targets[{i}].Resolution", l["Enter a duration such as “4 h”, “1 h 30” or “45 min”."]));
            }
            else if (first > resolution)
            {
                errors.Add(new($"Targets[{i}].Resolution", l["The resolution cannot be due before the first response."]));
            }

            if (first > 0 && resolution > 0)
            {
                targets.Add(new SlaTarget { Priority = row.Priority, FirstResponseMinutes = first.Value, ResolutionMinutes = resolution.Value });
            }
        }

        var hours = Week(form.Days, errors);
        var holidays = Holidays(form.Holidays, errors);

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        policy.Name = name;
        policy.TimeZone = form.TimeZone;
        policy.UseCompanyHours = form.UseCompanyHours;
        policy.AtRiskPercent = form.AtRiskPercent!.Value;
        policy.BreachTeamId = form.BreachTeamId;
        policy.BreachOwnerId = form.BreachOwnerId is { Length: > 0 } o ? o : null;
        policy.Targets.Clear();
        policy.Targets.AddRange(targets);
        policy.Hours.Clear();
        policy.Hours.AddRange(hours);
        policy.Holidays.Clear();
        policy.Holidays.AddRange(holidays);

        // One default: choosing it here takes it from the others; the only policy is the default whatever was ticked.
        var makeDefault = form.IsDefault || !await db.SlaPolicies.AnyAsync(p => p.IsDefault && p.Id != policy.Id, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (makeDefault)
        {
            await db.SlaPolicies.Where(p => p.IsDefault && p.Id != policy.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsDefault, false), ct);
        }

        policy.IsDefault = makeDefault || policy.IsDefault;
        if (policy.Id == 0)
        {
            db.SlaPolicies.Add(policy);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (policy.Id, []);
    }

    public async Task<bool> MakeDefaultAsync(int id, CancellationToken ct)
    {
        if (!await db.SlaPolicies.AnyAsync(p => p.Id == id, ct))
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SlaPolicies.Where(p => p.Id != id && p.IsDefault).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsDefault, false), ct);
        await db.SlaPolicies.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsDefault, true), ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>A week of business hours as the day rows were written (up to two spans a day); every wrong time is one error.</summary>
    public List<BusinessHours> Week(IReadOnlyList<SlaPolicyForm.DayRow> days, List<FieldError> errors)
    {
        var hours = new List<BusinessHours>();
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            var first = Span(day.Start1, day.End1, $"Days[{i}].Start1", $"Days[{i}].End1", day.Day, errors);
            var second = Span(day.Start2, day.End2, $"Days[{i}].Start2", $"Days[{i}].End2", day.Day, errors);
            if (first is not null && second is not null && second.Start < first.End && first.Start < second.End)
            {
                errors.Add(new($"Days[{i}].Start2", l["The second span cannot overlap the first."]));
            }
            else
            {
                hours.AddRange(new[] { first, second }.OfType<BusinessHours>());
            }
        }

        return hours;
    }

    private BusinessHours? Span(string? start, string? end, string startField, string endField, DayOfWeek day, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(start) && string.IsNullOrWhiteSpace(end))
        {
            return null;
        }

        var from = ParseTime(start);
        var to = ParseTime(end);
        if (from is null)
        {
            errors.Add(new(startField, l["Enter a time such as 09:00."]));
        }

        if (to is null)
        {
            errors.Add(new(endField, l["Enter a time such as 18:00."]));
        }
        else if (from is not null && to <= from && to != TimeOnly.MinValue)
        {
            errors.Add(new(endField, l["The end must come after the start."]));
        }

        return from is { } f && to is { } t && (t > f || t == TimeOnly.MinValue) ? new BusinessHours { Day = day, Start = f, End = t } : null;
    }

    private static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact((text ?? string.Empty).Trim().Replace('h', ':').Replace('H', ':'), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    private List<SlaHoliday> Holidays(string? text, List<FieldError> errors)
    {
        var holidays = new List<SlaHoliday>();
        var lines = (text ?? string.Empty).Split('\n').Select(x => x.Trim()).Where(x => x.Length > 0).ToList();
        if (lines.Count > MaxHolidays)
        {
            errors.Add(new("Holidays", l["{0} holidays at most.", MaxHolidays]));
            return holidays;
        }

        foreach (var line in lines)
        {
            var parts = line.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries);
            if (!DateOnly.TryParseExact(parts[0], ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                errors.Add(new("Holidays", l["“{0}” does not start with a date such as 2026-12-25.", line]));
                continue;
            }

            if (holidays.Any(h => h.Date == date))
            {
                errors.Add(new("Holidays", l["{0} is listed twice.", parts[0]]));
                continue;
            }

            var name = parts.Length > 1 ? parts[1].Trim() : string.Empty;
            holidays.Add(new SlaHoliday { Date = date, Name = name.Length > SlaHoliday.MaxNameLength ? name[..SlaHoliday.MaxNameLength] : name.Length == 0 ? parts[0] : name });
        }

        return holidays;
    }
}
