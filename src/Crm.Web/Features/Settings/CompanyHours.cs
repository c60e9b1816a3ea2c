using System.Globalization;
using Crm.Web.Features.Tickets;

namespace Crm.Web.Features.Settings;

/// <summary>
/// The company's business hours as the settings row keeps them, one short text ("1 09:00-12:30;1 14:00-18:00": day
/// of week, span): read by the SLA policies that use the company's hours.
/// </summary>
public static class CompanyHours
{
    public const int MaxLength = 400;

    public static string? Format(IEnumerable<BusinessHours> hours)
    {
        var text = string.Join(';', hours.OrderBy(h => ((int)h.Day + 6) % 7).ThenBy(h => h.Start)
            .Select(h => string.Create(CultureInfo.InvariantCulture, $"{(int)h.Day} {h.Start:HH\\:mm}-{h.End:HH\\:mm}")));
        return text.Length == 0 ? null : text;
    }

    /// <summary>The spans written by <see cref="Format"/>; a span that does not read is skipped.</summary>
    public static List<BusinessHours> Parse(string? text)
    {
        var hours = new List<BusinessHours>();
        foreach (var span in (text ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = span.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3
                && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var day) && day is >= 0 and <= 6
                && TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                && TimeOnly.TryParseExact(parts[2], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            {
                hours.Add(new BusinessHours { Day = (DayOfWeek)day, Start = start, End = end });
            }
        }

        return hours;
    }
}
