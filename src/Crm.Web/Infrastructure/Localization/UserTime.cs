using Microsoft.Extensions.Options;

namespace Crm.Web.Infrastructure.Localization;

/// <summary>
/// Stored times are UTC; pages show them in the company's time zone (Settings, put on the request by
/// <c>CompanyTimeZone</c>), else the configured one (Crm:TimeZone, default Europe/Paris).
/// </summary>
public sealed class UserTime(IOptions<CrmOptions> options, IHttpContextAccessor? http = null)
{
    /// <summary>The request item holding the company's <see cref="TimeZoneInfo"/> when one is set.</summary>
    public const string CompanyZoneItem = "crm.company-zone";

    private readonly TimeZoneInfo _configured = Find(options.Value.TimeZone);

    public TimeZoneInfo Zone => http?.HttpContext?.Items[CompanyZoneItem] as TimeZoneInfo ?? _configured;

    public DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

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

    private static TimeZoneInfo Find(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
