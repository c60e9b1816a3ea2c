using Microsoft.Extensions.Options;

namespace Crm.Web.Infrastructure.Localization;

/// <summary>Stored times are UTC; pages show them in the configured zone (default Europe/Paris).</summary>
public sealed class UserTime(IOptions<CrmOptions> options)
{
    private readonly TimeZoneInfo _zone = Find(options.Value.TimeZone);

    public TimeZoneInfo Zone => _zone;

    public DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), _zone);

    public DateTime ToUtc(DateTime local)
    {
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A time the clocks skip (02:30 on the last Sunday of March in Paris) would throw: read it with the offset
        // before the change, so it lands just after it, as a wall clock moved forward shows it.
        return _zone.IsInvalidTime(wall)
            ? DateTime.SpecifyKind(wall - _zone.BaseUtcOffset, DateTimeKind.Utc)
            : TimeZoneInfo.ConvertTimeToUtc(wall, _zone);
    }

    /// <summary>Short date and time in the current culture ("29/11/2026 18:05" in French).</summary>
    public string Format(DateTime utc) => ToLocal(utc).ToString("g");

    public string FormatDate(DateTime utc) => ToLocal(utc).ToString("d");

    private static TimeZoneInfo Find(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
