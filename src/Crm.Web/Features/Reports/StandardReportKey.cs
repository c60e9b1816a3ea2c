using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Crm.Web.Features.Reports;

/// <summary>
/// A standard report's key, what the report page, the workbook export and a scheduled delivery carry:
/// <c>std:{name}</c> or <c>std:{name}?{filters}</c>, e.g. <c>std:won-lost?from=2026-01-01&amp;to=2026-03-31&amp;owner=me</c>.
/// The filters are a URL query string (values URL-encoded), in invariant form:
/// <list type="bullet">
/// <item><c>from</c>, <c>to</c>: the period, the user's calendar days as <c>yyyy-MM-dd</c>, both included;</item>
/// <item><c>owner</c>: a user's id, <c>me</c> or <c>unowned</c>;</item>
/// <item><c>team</c>: a team's id (a number);</item>
/// <item><c>by</c>: the ticket SLA report's grouping, <c>priority</c> (the default) or <c>queue</c>.</item>
/// </list>
/// Parameter names are case-insensitive; unknown parameters are ignored (a link may carry more) and an empty value is no
/// filter. A malformed value is an error (<see cref="ReportKeyException"/>), never a silently wider report. A report
/// ignores the filters it does not offer (the pipeline has no period). <see cref="ToString"/> writes the canonical key.
/// </summary>
public sealed record StandardReportKey(string Name)
{
    public const string Prefix = "std:";

    public const string ByPriority = "priority";
    public const string ByQueue = "queue";

    /// <summary>The parameters a key may carry, in the order the canonical key writes them.</summary>
    public static readonly IReadOnlyList<string> Parameters = ["from", "to", "owner", "team", "by"];

    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public string? Owner { get; init; }
    public int? Team { get; init; }
    public string? By { get; init; }

    public bool HasPeriod => From is not null || To is not null;

    public static bool IsStandard(string? key) => key?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    /// <summary>
    /// Reads a key. Not a standard key: null and no errors. A standard key whose filters are malformed: null and every
    /// error at once, each naming its parameter (the report form shows each at its field).
    /// </summary>
    public static (StandardReportKey? Key, IReadOnlyList<ReportKeyException> Errors) Parse(string? key)
    {
        if (!IsStandard(key))
        {
            return (null, []);
        }

        var rest = key![Prefix.Length..];
        var mark = rest.IndexOf('?', StringComparison.Ordinal);
        var name = (mark < 0 ? rest : rest[..mark]).Trim().ToLowerInvariant();
        var query = QueryHelpers.ParseQuery(mark < 0 ? string.Empty : rest[mark..]);
        string? Value(string parameter) => query.TryGetValue(parameter, out var v) && v.ToString() is { Length: > 0 } s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

        var errors = new List<ReportKeyException>();
        var parsed = new StandardReportKey(name);
        if (Value("from") is { } from)
        {
            if (Day(from) is { } day)
            {
                parsed = parsed with { From = day };
            }
            else
            {
                errors.Add(new("from", "Enter the start date as a date, for example 2026-01-31."));
            }
        }

        if (Value("to") is { } to)
        {
            if (Day(to) is { } day)
            {
                parsed = parsed with { To = day };
            }
            else
            {
                errors.Add(new("to", "Enter the end date as a date, for example 2026-01-31."));
            }
        }

        if (parsed is { From: { } f, To: { } t } && t < f)
        {
            errors.Add(new("to", "The end date must not be before the start date."));
        }

        if (Value("owner") is { } owner)
        {
            if (owner.Length <= 450)
            {
                parsed = parsed with { Owner = owner };
            }
            else
            {
                errors.Add(new("owner", "Choose an owner from the list."));
            }
        }

        if (Value("team") is { } team)
        {
            if (int.TryParse(team, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                parsed = parsed with { Team = id };
            }
            else
            {
                errors.Add(new("team", "Choose a team from the list."));
            }
        }

        if (Value("by") is { } by)
        {
            if (by.ToLowerInvariant() is ByPriority or ByQueue)
            {
                parsed = parsed with { By = by.ToLowerInvariant() };
            }
            else
            {
                errors.Add(new("by", "Choose how to group the tickets."));
            }
        }

        return errors.Count == 0 ? (parsed, []) : (null, errors);
    }

    /// <summary>The filters that are set, by parameter, in canonical order and invariant form.</summary>
    public IReadOnlyList<(string Parameter, string Value)> Values =>
        new (string Parameter, string? Value)[]
        {
            ("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("owner", Owner),
            ("team", Team?.ToString(CultureInfo.InvariantCulture)),
            ("by", By),
        }
        .Where(v => v.Value is not null)
        .Select(v => (v.Parameter, v.Value!))
        .ToList();

    /// <summary>The filters as a query string ("?from=…"), or empty.</summary>
    public string Query
    {
        get
        {
            var text = new StringBuilder();
            foreach (var (parameter, value) in Values)
            {
                text.Append(text.Length == 0 ? '?' : '&').Append(parameter).Append('=').Append(Uri.EscapeDataString(value));
            }

            return text.ToString();
        }
    }

    /// <summary>The canonical key: <c>std:{name}</c> and the filters that are set, in <see cref="Parameters"/> order.</summary>
    public override string ToString() => Prefix + Name + Query;

    private static DateOnly? Day(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is >= 1900 and <= 9000 ? day : null;
}

/// <summary>
/// A report key whose filters are malformed (a date that is not one, a team that is not a number): the page shows it at
/// its field, an export answers 400 with it. <see cref="Exception.Message"/> is an English resource key.
/// </summary>
public sealed class ReportKeyException(string parameter, string message) : ArgumentException(message, parameter)
{
    /// <summary>The key's parameter in error ("from", "to", "owner", "team", "by"), also the report form's field name.</summary>
    public string Parameter { get; } = parameter;

    /// <summary>The message alone (<see cref="ArgumentException.Message"/> appends the parameter's name).</summary>
    public string Text { get; } = message;
}
