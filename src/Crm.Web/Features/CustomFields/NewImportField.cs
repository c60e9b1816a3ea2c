using Crm.Web.Features.Imports;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.CustomFields;

/// <summary>
/// A custom field an admin asks for on an import's mapping page, for a column no field takes: its label and type. Until
/// the import is confirmed it is kept in the job's mapping as the column's key ("new:Number:Score"), so the preview
/// reads the column by the field's type; confirming creates the field and puts its name in its place
/// (docs/decisions/0023-new-fields-from-an-import.md).
/// </summary>
public sealed record NewImportField(string Label, CustomFieldType Type)
{
    public const string Prefix = "new:";

    /// <summary>The value of the mapping's choice "create a custom field" (the form then posts a label and a type).</summary>
    public const string Choice = "new";

    /// <summary>The types a column can become: those a cell holds as one value (choices need their options written first).</summary>
    public static IReadOnlyList<CustomFieldType> Types { get; } =
    [
        CustomFieldType.Text, CustomFieldType.LongText, CustomFieldType.Number, CustomFieldType.Date, CustomFieldType.YesNo,
        CustomFieldType.Email, CustomFieldType.Url, CustomFieldType.Phone,
    ];

    public string Key => Prefix + Type.ToString() + ":" + Label;

    public static NewImportField? Read(string? key)
    {
        if (key is null || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = key[Prefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && Enum.TryParse<CustomFieldType>(rest[..colon], out var type) && Types.Contains(type) && rest.Length > colon + 1
            ? new NewImportField(rest[(colon + 1)..], type)
            : null;
    }

    /// <summary>The field as it will be, not saved: what the preview reads the column with.</summary>
    public CustomField Transient(string kind, int id) => new()
    {
        Id = id, Kind = kind, Key = CustomFieldAdmin.KeyFrom(Label), Type = Type, LabelEn = Label, LabelFr = Label,
    };

    /// <summary>The mapping's column for it, so the preview, the parser and the job take it like any other.</summary>
    public ImportField Column => new(Key, Label);

    /// <summary>
    /// The type the sampled values of a column suggest: the first of number, date, yes/no, email, web address and phone
    /// that reads every one of them; text otherwise (or when there is no value to go by).
    /// </summary>
    public static CustomFieldType Guess(IReadOnlyList<string> samples, IStringLocalizer l)
    {
        var values = samples.Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        if (values.Count == 0)
        {
            return CustomFieldType.Text;
        }

        // "01 23 45 67 89" and "+33 6 12 34 56 78" read as numbers too; written so, they are phone numbers.
        if (values.All(v => LooksLikePhone(v) && Reads(CustomFieldType.Phone, v, l)))
        {
            return CustomFieldType.Phone;
        }

        foreach (var type in new[] { CustomFieldType.Number, CustomFieldType.Date, CustomFieldType.YesNo, CustomFieldType.Email, CustomFieldType.Url, CustomFieldType.Phone })
        {
            if (values.All(v => Reads(type, v, l)))
            {
                return type;
            }
        }

        return values.Any(v => v.Length > CustomFieldValue.MaxTextLength || v.Contains('\n', StringComparison.Ordinal)) ? CustomFieldType.LongText : CustomFieldType.Text;
    }

    private static bool LooksLikePhone(string value) =>
        value.Length >= 8 && value[0] is '+' or '0' && value.All(c => char.IsAsciiDigit(c) || c is ' ' or '.' or '-' or '(' or ')' or '+')
        && value.Count(char.IsAsciiDigit) >= 8;

    /// <summary>Whether a value of a column fits the type (the checks of the record forms).</summary>
    public static bool Reads(CustomFieldType type, string value, IStringLocalizer l) =>
        CustomFieldInput.Parse(new CustomField { Type = type, LabelEn = "-" }, [value], l, french: false).Error is null;
}
