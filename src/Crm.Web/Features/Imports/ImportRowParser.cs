using System.Globalization;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Imports;

/// <summary>
/// Reads the mapped cells of a source row and says what is wrong with them, in the user's language; a kind's importer
/// reads its own columns through it. The preview and the import job share it, so the preview shows exactly what the
/// import will do.
/// </summary>
public sealed class ImportRowParser(IReadOnlyDictionary<string, int[]> columns, IStringLocalizer l)
{
    public static ImportRowParser From(IReadOnlyDictionary<int, string> mapping, IStringLocalizer l) =>
        new(mapping.GroupBy(m => m.Value).ToDictionary(g => g.Key, g => g.Select(m => m.Key).Order().ToArray(), StringComparer.Ordinal), l);

    public bool Maps(string field) => columns.ContainsKey(field);

    /// <summary>The keys of the mapped columns.</summary>
    public IEnumerable<string> Keys => columns.Keys;

    /// <summary>
    /// The trimmed cell of the column mapped to <paramref name="field"/>; null when unmapped or empty. The cells of a field
    /// mapped to several columns (<see cref="ImportField.ManyColumns"/>) come as one list, separated as Google separates
    /// the values of a cell, which <see cref="SplitList"/> reads.
    /// </summary>
    public string? Get(SourceRow row, string field)
    {
        if (!columns.TryGetValue(field, out var mapped))
        {
            return null;
        }

        if (mapped.Length == 1)
        {
            return row.Cell(mapped[0]);
        }

        var values = mapped.Select(row.Cell).OfType<string>().ToList();
        return values.Count == 0 ? null : string.Join(GoogleSeparator, values);
    }

    /// <summary>Google Contacts separates the values of one cell (emails, phones, labels) with " ::: ".</summary>
    public const string GoogleSeparator = " ::: ";

    public static List<string> SplitList(string? value, params char[] separators) =>
        value is null ? [] : value.Replace(GoogleSeparator, separators[0].ToString(), StringComparison.Ordinal)
            .Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>A value longer than its declared field allows is an error of the row, named by the field's label.</summary>
    public void Length(List<string> errors, RecordField field, string? value, string? label = null)
    {
        if (value is not null && field.MaxLength is int max && value.Length > max)
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, l["{0} is longer than {1} characters."], label ?? l[field.Label], max));
        }
    }

    /// <summary>A status read from its words in either language (given as a header key); an error of the row when none matches.</summary>
    public TChoice? Status<TChoice>(SourceRow row, string field, Func<string, TChoice?> read, List<string> errors)
        where TChoice : struct, Enum =>
        Choice(row, field, read, errors, "Unknown status \"{0}\".");

    /// <summary>A choice read from its words in either language; <paramref name="unknown"/> (an English resource key taking the value) when none matches.</summary>
    public TChoice? Choice<TChoice>(SourceRow row, string field, Func<string, TChoice?> read, List<string> errors, string unknown)
        where TChoice : struct, Enum
    {
        if (Get(row, field) is not { } text)
        {
            return null;
        }

        var value = read(ImportField.HeaderKey(text));
        if (value is null)
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, l[unknown], text));
        }

        return value;
    }

    /// <summary>
    /// A creation date, as UTC: ISO 8601 ("2025-01-02", "2025-01-02 10:00", with or without an offset; an Excel date cell
    /// reads as this) or the user's own format ("02/01/2025 10:00" in French). A time without an offset is a time of the
    /// CRM's zone, as its own export writes times. A value that is no date, or a date after <paramref name="now"/>, is an
    /// error of the row.
    /// </summary>
    public DateTime? CreationDate(SourceRow row, string field, DateTime now, UserTime zone, List<string> errors) =>
        PastDate(row, field, now, zone, errors, "The creation date {0} is in the future.");

    /// <summary>A date and time in the past read as <see cref="CreationDate"/> is; <paramref name="future"/> (an English resource key) says what a later one is.</summary>
    public DateTime? PastDate(SourceRow row, string field, DateTime now, UserTime zone, List<string> errors, string future)
    {
        if (Get(row, field) is not { } text)
        {
            return null;
        }

        var iso = text.Length >= 10 && char.IsAsciiDigit(text[0]) && text[4] == '-';
        if (!DateTime.TryParse(text, iso ? CultureInfo.InvariantCulture : CultureInfo.CurrentCulture, DateTimeStyles.RoundtripKind | DateTimeStyles.AllowWhiteSpaces, out var read))
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not a date."], text));
            return null;
        }

        // With an offset the time is converted to the machine's zone (Local), "Z" gives Utc, no offset Unspecified.
        var at = read.Kind switch
        {
            DateTimeKind.Utc => read,
            DateTimeKind.Local => read.ToUniversalTime(),
            _ => zone.ToUtc(read),
        };

        if (at > now)
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, l[future], text));
            return null;
        }

        return DateTime.SpecifyKind(at, DateTimeKind.Utc);
    }

    public static bool IsEmail(string value) => EmailAddresses.IsValid(value);
}
