using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Dashboard;

/// <summary>The dashboard's filters as the query string carries them: <c>?period=quarter&amp;owner=…&amp;idle=30</c>.</summary>
public sealed record DashboardQuery
{
    public const string ThisMonth = "month";
    public const string LastMonth = "lastmonth";
    public const string ThisQuarter = "quarter";
    public const string ThisYear = "year";
    public const string Custom = "custom";

    public const int DefaultIdleDays = 30;

    [StringLength(20)] public string? Period { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }

    /// <summary>A member's id (a manager picks one of their teams' members, an admin anyone); none, the whole team.</summary>
    [StringLength(450)] public string? Owner { get; init; }

    /// <summary>Contacts with no activity for this many days (1 to 3650).</summary>
    public int? Idle { get; init; }

    public int IdleDays => Idle is >= 1 and <= 3650 ? Idle.Value : DefaultIdleDays;
}

/// <summary>
/// The period the figures cover: local calendar days [<see cref="Start"/>, <see cref="End"/>) in the user's zone, with
/// their UTC bounds for stored times. A month, a quarter or a year follows the fiscal calendar, as the forecast does.
/// </summary>
public sealed record DashboardPeriod(string Key, DateOnly Start, DateOnly End, DateTime StartUtc, DateTime EndUtc, ForecastPeriod? Forecast)
{
    /// <summary>The months the period touches (targets are monthly), at most two years of them.</summary>
    public IReadOnlyList<DateOnly> Months
    {
        get
        {
            var months = new List<DateOnly>();
            for (var m = new DateOnly(Start.Year, Start.Month, 1); m < End && months.Count < 24; m = m.AddMonths(1))
            {
                months.Add(m);
            }

            return months;
        }
    }

    /// <summary>The last day in the period (the lists' "to" is inclusive).</summary>
    public DateOnly LastDay => End.AddDays(-1);

    public static DashboardPeriod Of(DashboardQuery query, DateOnly today, int fiscalStartMonth, UserTime time)
    {
        DashboardPeriod Make(string key, DateOnly start, DateOnly end, ForecastPeriod? forecast) =>
            new(key, start, end, time.ToUtc(start.ToDateTime(TimeOnly.MinValue)), time.ToUtc(end.ToDateTime(TimeOnly.MinValue)), forecast);
        ForecastPeriod Of(ForecastGrain grain, DateOnly day) => ForecastPeriod.Containing(day, grain, fiscalStartMonth);

        switch (query.Period?.ToLowerInvariant())
        {
            case DashboardQuery.LastMonth:
                var last = Of(ForecastGrain.Month, today).Next(-1);
                return Make(DashboardQuery.LastMonth, last.Start, last.End, last);
            case DashboardQuery.ThisQuarter:
                var quarter = Of(ForecastGrain.Quarter, today);
                return Make(DashboardQuery.ThisQuarter, quarter.Start, quarter.End, quarter);
            case DashboardQuery.ThisYear:
                var year = Of(ForecastGrain.Year, today);
                return Make(DashboardQuery.ThisYear, year.Start, year.End, year);
            case DashboardQuery.Custom when query.From is DateOnly from && query.To is DateOnly to && from.Year is > 1900 and < 9000 && to.Year is > 1900 and < 9000:
                var (first, lastDay) = from <= to ? (from, to) : (to, from);
                if (lastDay.DayNumber - first.DayNumber > 3660)
                {
                    lastDay = first.AddDays(3660);
                }

                // A custom range that is exactly one month has a forecast; any other has none.
                var month = Of(ForecastGrain.Month, first);
                return Make(DashboardQuery.Custom, first, lastDay.AddDays(1), month.Start == first && month.End == lastDay.AddDays(1) ? month : null);
            default:
                var current = Of(ForecastGrain.Month, today);
                return Make(DashboardQuery.ThisMonth, current.Start, current.End, current);
        }
    }

    public string Label => Start.ToString("d", CultureInfo.CurrentCulture) + " – " + LastDay.ToString("d", CultureInfo.CurrentCulture);
}

/// <summary>A user the team figures may be narrowed to.</summary>
public sealed record DashboardMember(string Id, string Name);

/// <summary>
/// Whose records the team figures count, within what the user may see anyway: one member picked (<see cref="Owner"/>),
/// else the records of the user's teams (their own and those they manage) or owned by their members; an admin, or a
/// manager in no team, every record they see.
/// </summary>
public sealed record DashboardScope(string? Owner, IReadOnlyList<int> Teams, IReadOnlyList<DashboardMember> Members, bool Everyone)
{
    public IReadOnlyList<string> MemberIds { get; } = Members.Select(m => m.Id).ToList();

    /// <summary>The users whose activities and targets count: the picked member or every member.</summary>
    public IReadOnlyList<string> People => Owner is string one ? [one] : MemberIds;

    public IQueryable<T> Apply<T>(IQueryable<T> records)
        where T : class, IOwned
    {
        if (Owner is string owner)
        {
            return records.Where(r => r.OwnerId == owner);
        }

        if (Everyone)
        {
            return records;
        }

        var teams = Teams.ToArray();
        var members = MemberIds.ToArray();
        return records.Where(r => (r.TeamId != null && teams.Contains(r.TeamId.Value)) || members.Contains(r.OwnerId!));
    }

    /// <summary>The lists' owner parameter for a drill-down: the picked member, else none (the list shows what the user sees).</summary>
    public string? ListOwner => Owner;

    /// <summary>
    /// A manager's members are the active users of the teams they manage and of their own team, themselves included; an
    /// admin's, every active user. A picked owner outside them is ignored.
    /// </summary>
    public static async Task<DashboardScope> ForAsync(CrmDbContext db, CrmUser user, string? owner, CancellationToken ct)
    {
        const int maxMembers = 500;
        var admin = user.IsIn(Roles.Admin);
        var teams = user.Teams;
        var users = db.Users.AsNoTracking().Where(u => u.IsActive);
        if (!admin)
        {
            var ids = teams.ToArray();
            var me = user.Id;
            users = users.Where(u => u.Id == me || (u.TeamId != null && ids.Contains(u.TeamId.Value)));
        }

        var members = (await users.OrderBy(u => u.DisplayName).Take(maxMembers)
                .Select(u => new { u.Id, u.DisplayName, u.Email })
                .ToListAsync(ct))
            .Select(u => new DashboardMember(u.Id, string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName))
            .ToList();
        var picked = owner is not null && members.Any(m => m.Id == owner) ? owner : null;
        return new DashboardScope(picked, teams, members, admin || teams.Count == 0);
    }

    /// <summary>A rep's own figures: their records only.</summary>
    public static DashboardScope Own(CrmUser user, string name) => new(user.Id, [], [new DashboardMember(user.Id, name)], false);
}
