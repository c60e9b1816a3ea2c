using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace Crm.Web.Infrastructure.Localization;

/// <summary>
/// Stored times are UTC; each person sees them in their own time zone (My account), else the company's (Settings),
/// else the configured one (Crm:TimeZone, default Europe/Paris). On a request the zones are put there by the
/// <c>CompanyTimeZone</c> filter (the person's from their sign-in cookie); a background job working for a person asks
/// <see cref="ZoneOf"/> with what it read of them and of the settings. One service, so a page and a job agree on "today".
/// </summary>
public sealed class UserTime(IOptions<CrmOptions> options, IHttpContextAccessor? http = null)
{
    /// <summary>The request item holding the company's <see cref="TimeZoneInfo"/> when one is set.</summary>
    public const string CompanyZoneItem = "crm.company-zone";

    /// <summary>The claim carrying a person's own zone (<c>AppUser.TimeZone</c>) in the sign-in cookie.</summary>
    public const string ZoneClaim = "crm:time-zone";

    private readonly TimeZoneInfo _configured = Find(options.Value.TimeZone) ?? TimeZoneInfo.Utc;

    /// <summary>The company's zone: Settings, else Crm:TimeZone.</summary>
    public TimeZoneInfo CompanyZone => http?.HttpContext?.Items[CompanyZoneItem] as TimeZoneInfo ?? _configured;

    /// <summary>The zone of the person making the request: their own, else the company's.</summary>
    public TimeZoneInfo Zone => Find(http?.HttpContext?.User.FindFirstValue(ZoneClaim)) ?? CompanyZone;

    /// <summary>A person's zone away from a request: <paramref name="userZone"/>, else <paramref name="companyZone"/>, else Crm:TimeZone.</summary>
    public TimeZoneInfo ZoneOf(string? userZone, string? companyZone) => Find(userZone) ?? Find(companyZone) ?? _configured;

    public static bool IsZone(string? id) => Find(id) is not null;

    public DateTime ToLocal(DateTime utc) => ToLocal(utc, Zone);

    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    public DateTime ToUtc(DateTime local)
    {
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A time the clocks skip (02:30 on the last Sunday of March in Paris) would throw: read it with the offset
        // before the change, so it lands just after it, as a wall clock moved forward shows it.
        var zone = Zone;
        return zone.IsInvalidTime(wall)
            ? DateTime.SpecifyKind(wall - zone.BaseUtcOffset, DateTimeKind.Utc)
            : TimeZoneInfo.ConvertTimeToUtc(wall, zone);
    }

    /// <summary>Short date and time in the current culture ("29/11/2026 18:05" in French).</summary>
    public string Format(DateTime utc) => ToLocal(utc).ToString("g");

    public string FormatDate(DateTime utc) => ToLocal(utc).ToString("d");

    private static TimeZoneInfo? Find(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}
