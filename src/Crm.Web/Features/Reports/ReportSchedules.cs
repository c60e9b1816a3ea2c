using System.Globalization;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Reports;

/// <summary>
/// The signed-in user's scheduled reports (/Reports/Schedules): listing, scheduling one and deleting one. A user sees and
/// deletes only their own; recipients are the user and, if they choose, active members of their own team (never a free
/// address, so a report only reaches people of the CRM).
/// </summary>
public sealed class ReportSchedules(CrmDbContext db, ReportExporter exporter, UserTime time, TimeProvider clock)
{
    public const int PageSize = 20;

    public sealed record Form(string? Key, ScheduleFrequency? Frequency, DayOfWeek? Weekday, int? DayOfMonth, string? Time, IReadOnlyList<string>? Recipients)
    {
        public static Form New(string? key) => new(key, ScheduleFrequency.Weekly, DayOfWeek.Monday, 1, "08:00", []);
    }

    public sealed record Member(string Id, string Name, string Email);

    public sealed record Row(int Id, string Title, string ReportKey, ScheduleFrequency Frequency, DayOfWeek? Weekday, int? DayOfMonth, int MinuteOfDay, int Recipients, DateTime NextRunAt, DateTime? LastRunAt, string? LastError);

    public sealed record Page(IReadOnlyList<Row> Rows, int PageNumber, bool HasNext);

    public async Task<Page> ListAsync(string ownerId, int page, CancellationToken ct)
    {
        page = Math.Max(1, page);
        var rows = await db.Set<ReportSchedule>().AsNoTracking().Where(s => s.OwnerId == ownerId)
            .OrderBy(s => s.Title).ThenBy(s => s.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(s => new Row(s.Id, s.Title, s.ReportKey, s.Frequency, s.Weekday, s.DayOfMonth, s.MinuteOfDay, s.Recipients.Count + 1, s.NextRunAt, s.LastRunAt, s.LastError))
            .ToListAsync(ct);
        return new Page(rows.Take(PageSize).ToList(), page, rows.Count > PageSize);
    }

    public Task<Row?> FindAsync(int id, string ownerId, CancellationToken ct) =>
        db.Set<ReportSchedule>().AsNoTracking().Where(s => s.Id == id && s.OwnerId == ownerId)
            .Select(s => new Row(s.Id, s.Title, s.ReportKey, s.Frequency, s.Weekday, s.DayOfMonth, s.MinuteOfDay, s.Recipients.Count + 1, s.NextRunAt, s.LastRunAt, s.LastError))
            .SingleOrDefaultAsync(ct);

    /// <summary>The active members of the user's team with an email, the user left out: who may be added as recipients.</summary>
    public async Task<IReadOnlyList<Member>> TeamAsync(CrmUser user, CancellationToken ct) =>
        user.TeamId is not int team ? [] : await db.Users.AsNoTracking()
            .Where(u => u.TeamId == team && u.IsActive && u.Id != user.Id && u.Email != null && u.Email != string.Empty)
            .OrderBy(u => u.DisplayName).Select(u => new Member(u.Id, u.DisplayName, u.Email!)).ToListAsync(ct);

    /// <summary>The title of the report the key names, as the user may read it; null when they may not (or it is unknown).</summary>
    public async Task<string?> TitleAsync(string? key, CrmUser user, CancellationToken ct)
    {
        if (exporter.RunnerFor(key) is not { } runner)
        {
            return null;
        }

        return (await runner.RunAsync(key!, user, ct))?.Title ?? (await runner.StreamAsync(key!, user, ct))?.Title;
    }

    /// <summary>Saves a new schedule; the errors of every wrong field at once, or none and the new id.</summary>
    public async Task<(int? Id, IReadOnlyList<FieldError> Errors)> CreateAsync(Form form, CrmUser user, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var title = await TitleAsync(form.Key, user, ct);
        if (title is null)
        {
            errors.Add(new FieldError(string.Empty, "This report does not exist, or you may not read it."));
        }

        if (form.Frequency is not ({ } frequency and (ScheduleFrequency.Weekly or ScheduleFrequency.Monthly)))
        {
            errors.Add(new FieldError(nameof(Form.Frequency), "Choose weekly or monthly."));
            frequency = ScheduleFrequency.Weekly;
        }
        else if (frequency == ScheduleFrequency.Weekly && form.Weekday is not (>= DayOfWeek.Sunday and <= DayOfWeek.Saturday))
        {
            errors.Add(new FieldError(nameof(Form.Weekday), "Choose the day of the week."));
        }
        else if (frequency == ScheduleFrequency.Monthly && form.DayOfMonth is not (>= 1 and <= ReportSchedule.LastDayOfMonth))
        {
            errors.Add(new FieldError(nameof(Form.DayOfMonth), "Choose a day of the month from 1 to 28."));
        }

        if (!TimeOnly.TryParseExact(form.Time, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            errors.Add(new FieldError(nameof(Form.Time), "Enter a time, such as 8:30 in the morning."));
        }

        var team = (await TeamAsync(user, ct)).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var chosen = (form.Recipients ?? []).Where(id => id != user.Id).Distinct(StringComparer.Ordinal).ToList();
        if (chosen.Any(id => !team.Contains(id)))
        {
            errors.Add(new FieldError(nameof(Form.Recipients), "Recipients may only be active members of your team."));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var schedule = new ReportSchedule
        {
            OwnerId = user.Id,
            ReportKey = form.Key!,
            Title = title!.Length <= ReportSchedule.MaxTitleLength ? title : title[..ReportSchedule.MaxTitleLength],
            Frequency = frequency,
            Weekday = frequency == ScheduleFrequency.Weekly ? form.Weekday : null,
            DayOfMonth = frequency == ScheduleFrequency.Monthly ? form.DayOfMonth : null,
            MinuteOfDay = (at.Hour * 60) + at.Minute,
            CreatedAt = now,
            Recipients = chosen.Select(id => new ReportScheduleRecipient { UserId = id }).ToList(),
        };
        schedule.NextRunAt = schedule.NextAfter(now, time.Zone);
        db.Add(schedule);
        await db.SaveChangesAsync(ct);
        return (schedule.Id, []);
    }

    /// <summary>Deletes the user's own schedule; false when there is none of theirs with this id.</summary>
    public async Task<bool> DeleteAsync(int id, string ownerId, CancellationToken ct) =>
        await db.Set<ReportSchedule>().Where(s => s.Id == id && s.OwnerId == ownerId).ExecuteDeleteAsync(ct) > 0;
}
