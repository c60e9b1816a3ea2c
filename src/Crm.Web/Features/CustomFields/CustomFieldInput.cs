using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Text;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.CustomFields;

/// <summary>A value of a custom field as stored: one row's typed columns (a multiple choice has several).</summary>
public sealed record StoredValue(string? Text, string? TextKey, double? Number, DateTime? Date)
{
    /// <summary>The value as the audit trail and imports write it: invariant text.</summary>
    public string Raw => Text ?? (Date is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Number?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty);
}

/// <summary>
/// How a typed value of a custom field becomes stored values, written once for forms, imports and the admin's default:
/// each type's format check, the choices, and the required rule. Numbers and dates are read as browsers post them
/// (invariant) and as people type them in their language ("1 234,5", "31/12/2026").
/// </summary>
public static class CustomFieldInput
{
    private static readonly EmailAddressAttribute EmailRule = new();

    /// <summary>The stored values of the typed <paramref name="values"/> (several only for a multiple choice), or the error.</summary>
    public static (IReadOnlyList<StoredValue> Values, string? Error) Parse(CustomField field, IReadOnlyList<string> values, IStringLocalizer l, bool french)
    {
        var typed = values.Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
        var label = field.Label(french);
        if (typed.Count == 0)
        {
            // A required yes/no is answered by "no" too: its check box posts nothing when unticked.
            return field.Required && field.Type != CustomFieldType.YesNo ? ([], l["Enter {0}.", label]) : ([], null);
        }

        if (field.Type != CustomFieldType.MultipleChoice && typed.Count > 1)
        {
            typed = [typed[^1]];
        }

        var parsed = new List<StoredValue>();
        foreach (var value in typed.Distinct(StringComparer.Ordinal))
        {
            var (stored, error) = One(field, value, l, label);
            if (error is not null)
            {
                return ([], error);
            }

            parsed.Add(stored!);
        }

        return (parsed, null);
    }

    private static (StoredValue? Value, string? Error) One(CustomField field, string value, IStringLocalizer l, string label)
    {
        switch (field.Type)
        {
            case CustomFieldType.Text or CustomFieldType.LongText:
                var max = field.Type == CustomFieldType.LongText ? CustomFieldValue.MaxLongTextLength : CustomFieldValue.MaxTextLength;
                return value.Length > max ? (null, l["{0} must be at most {1} characters.", label, max]) : (Text(value, SearchKey.Normalize(value)), null);
            case CustomFieldType.Email:
                return value.Length <= CustomFieldValue.MaxTextLength && EmailRule.IsValid(value) && value.Split('@')[^1].Contains('.', StringComparison.Ordinal)
                    ? (Text(value, SearchKey.NormalizeEmail(value)), null)
                    : (null, l["{0}: enter an email address such as name@example.com.", label]);
            case CustomFieldType.Url:
                return value.Length <= CustomFieldValue.MaxTextLength && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Contains('.', StringComparison.Ordinal)
                    ? (Text(value, value.ToLowerInvariant()), null)
                    : (null, l["{0}: enter a web address starting with https://.", label]);
            case CustomFieldType.Phone:
                return value.Length <= 40 && PhoneNumber.ToE164(value) is { } e164
                    ? (Text(value, e164), null)
                    : (null, l["{0}: enter a phone number such as 01 23 45 67 89 or +44 20 7946 0000.", label]);
            case CustomFieldType.Number:
                return ParseNumber(value) is { } number && Math.Abs(number) < 1_000_000_000_000_000m
                    ? (new StoredValue(null, null, (double)number, null), null)
                    : (null, l["{0}: enter a number such as 12 or 12.5.", label]);
            case CustomFieldType.Money:
                return ParseNumber(value) is { } amount && Math.Abs(amount) < 10_000_000_000_000m && decimal.Round(amount, 2) == amount
                    ? (new StoredValue(null, null, (double)(amount * 100m), null), null)
                    : (null, l["{0}: enter an amount such as 1500 or 1500.50.", label]);
            case CustomFieldType.Date:
                return ParseDate(value) is { } date
                    ? (new StoredValue(null, null, null, DateTime.SpecifyKind(date.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc)), null)
                    : (null, l["{0}: enter a date such as 2026-12-31.", label]);
            case CustomFieldType.YesNo:
                return ParseYesNo(value) is { } yes
                    ? (new StoredValue(null, null, yes ? 1 : 0, null), null)
                    : (null, l["{0}: answer yes or no.", label]);
            default:
                // A choice is posted by its key; an import may give its English or French label.
                var choice = field.Choices.FirstOrDefault(c => c.Key == value)
                    ?? field.Choices.FirstOrDefault(c => string.Equals(c.En, value, StringComparison.OrdinalIgnoreCase) || string.Equals(c.Fr, value, StringComparison.OrdinalIgnoreCase));
                return choice is null ? (null, l["{0}: “{1}” is not one of the choices.", label, value]) : (Text(choice.Key, choice.Key), null);
        }
    }

    private static StoredValue Text(string text, string key) =>
        new(text, key.Length > CustomFieldValue.MaxKeyLength ? key[..CustomFieldValue.MaxKeyLength] : key, null, null);

    public static decimal? ParseNumber(string value)
    {
        var compact = value.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\u202F", string.Empty, StringComparison.Ordinal).Replace("\u00A0", string.Empty, StringComparison.Ordinal);
        if (decimal.TryParse(compact, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var invariant))
        {
            return invariant;
        }

        return decimal.TryParse(compact, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.GetCultureInfo("fr-FR"), out var french) ? french : null;
    }

    public static DateOnly? ParseDate(string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso) ? iso
        : DateOnly.TryParseExact(value, ["dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var excel) && excel.TimeOfDay == TimeSpan.Zero ? DateOnly.FromDateTime(excel)
        : null;

    public static bool? ParseYesNo(string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "oui" or "1" or "y" or "o" or "on" => true,
        "false" or "no" or "non" or "0" or "n" => false,
        _ => null,
    };

    /// <summary>A stored value as a reader sees it in their language (detail pages, list cells, history, exports of text).</summary>
    public static string Show(CustomField field, StoredValue value, CultureInfo culture, bool french, IStringLocalizer l) => field.Type switch
    {
        CustomFieldType.Money when value.Number is { } cents => ((decimal)cents / 100m).ToString("N2", culture),
        CustomFieldType.Number when value.Number is { } n => ((decimal)n).ToString("G", culture),
        CustomFieldType.YesNo => value.Number == 1 ? l["Yes"] : l["No"],
        CustomFieldType.Date when value.Date is { } d => DateOnly.FromDateTime(d).ToString("d", culture),
        CustomFieldType.Choice or CustomFieldType.MultipleChoice => field.Choices.FirstOrDefault(c => c.Key == value.Text)?.Label(french) ?? value.Text ?? string.Empty,
        _ => value.Text ?? string.Empty,
    };

    /// <summary>A stored value as an export cell: numbers stay numbers, dates dates, the rest text.</summary>
    public static object? Cell(CustomField field, IReadOnlyList<StoredValue> values, bool french, IStringLocalizer l)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var first = values[0];
        return field.Type switch
        {
            CustomFieldType.Money when first.Number is { } cents => (decimal)cents / 100m,
            CustomFieldType.Number when first.Number is { } n => (decimal)n,
            CustomFieldType.YesNo => first.Number == 1 ? l["Yes"].Value : l["No"].Value,
            CustomFieldType.Date when first.Date is { } d => d,
            _ => string.Join("; ", values.Select(v => Show(field, v, CultureInfo.CurrentCulture, french, l))),
        };
    }

    /// <summary>The value a form input shows for stored values (invariant formats, as the inputs post them).</summary>
    public static IReadOnlyList<string> ForInput(CustomField field, IReadOnlyList<StoredValue> values) => field.Type switch
    {
        CustomFieldType.Money => values.Select(v => v.Number is { } c ? ((decimal)c / 100m).ToString("0.00", CultureInfo.InvariantCulture) : string.Empty).ToList(),
        CustomFieldType.Number => values.Select(v => v.Number is { } n ? ((decimal)n).ToString(CultureInfo.InvariantCulture) : string.Empty).ToList(),
        CustomFieldType.YesNo => values.Select(v => v.Number == 1 ? "true" : "false").ToList(),
        CustomFieldType.Date => values.Select(v => v.Date is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty).ToList(),
        _ => values.Select(v => v.Text ?? string.Empty).ToList(),
    };

    public static FieldError Error(CustomField field, string message) => new(field.Name, message);
}
