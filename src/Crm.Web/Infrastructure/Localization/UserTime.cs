using Microsoft.Extensions.Options;

namespace Crm.Web.Infrastructure.Localization;

/// <summary>Stored times are UTC; pages show them in the configured zone (default Europe/Paris).</summary>
public sealed class UserTime(IOptions<CrmOptions> options)
{
    private readonly TimeZoneInfo _zone = Find(options.Value.TimeZone);

    public TimeZoneInfo Zone => _zone;

    public DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), _zone);

    public DateTime ToUtc(DateTime local) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), _zone);

    /// <summary>Short date and time in the current culture ("29/11/2026 18:05" in French).</summary>
    public string Format(DateTime utc) => ToLocal(utc).ToString("g");

    public string FormatDate(DateTime utc) => ToLocal(utc).ToString("d");

    private static TimeZoneInfo Find(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
