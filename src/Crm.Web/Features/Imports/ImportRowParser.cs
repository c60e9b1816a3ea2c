using System.Globalization;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Imports;

/// <summary>
/// Reads the mapped cells of a source row and says what is wrong with them, in the user's language; a kind's importer
/// reads its own columns through it. The preview and the import job share it, so the preview shows exactly what the
/// import will do.
/// </summary>
public sealed class ImportRowParser(IReadOnlyDictionary<string, int> columns, IStringLocalizer l)
{
    public static ImportRowParser From(IReadOnlyDictionary<int, string> mapping, IStringLocalizer l) =>
        new(mapping.GroupBy(m => m.Value).ToDictionary(g => g.Key, g => g.Min(m => m.Key), StringComparer.Ordinal), l);

    public bool Maps(string field) => columns.ContainsKey(field);

    /// <summary>The trimmed cell of the column mapped to <paramref name="field"/>; null when unmapped or empty.</summary>
    public string? Get(SourceRow row, string field) => columns.TryGetValue(field, out var column) ? row.Cell(column) : null;

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
        where TChoice : struct, Enum
    {
        if (Get(row, field) is not { } text)
        {
            return null;
        }

        var value = read(ImportField.HeaderKey(text));
        if (value is null)
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, l["Unknown status \"{0}\"."], text));
        }

        return value;
    }

    public static bool IsEmail(string value) => EmailAddresses.IsValid(value);
}
