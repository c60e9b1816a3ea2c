using System.Globalization;
using Crm.Web.Features.Imports;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.CustomFields;

/// <summary>
/// A custom field an admin asks for on an import's mapping page, for a column no field takes: its label and type, and
/// for a choice its options (the column's different values, read from the whole file when the mapping is saved), for
/// money the currency the column's amounts are in (the company's by default; another is converted at its rate of that
/// moment, <see cref="Rate"/>). Until the import is confirmed it is kept in the job's mapping as the column's key
/// ("new:Number:Score", "new:Money:USD=0.92:Budget", "new:Choice:Sector␟Retail␟Industry"), so the preview reads the column
/// by the field's type; confirming creates the field and puts its name in its place
/// (docs/decisions/0023-new-fields-from-an-import.md, 0028-choices-money-and-lists-from-an-import.md).
/// </summary>
public sealed record NewImportField(string Label, CustomFieldType Type)
{
    public const string Prefix = "new:";

    /// <summary>The value of the mapping's choice "create a custom field" (the form then posts a label and a type).</summary>
    public const string Choice = "new";

    /// <summary>Separates a choice field's options in its key (a control character no label or cell keeps).</summary>
    public const char OptionSeparator = '\u001f';

    /// <summary>How many different values a column may hold to become a choice (a field's own limit).</summary>
    public const int MaxOptions = CustomField.MaxChoices;

    /// <summary>The types a column can become.</summary>
    public static IReadOnlyList<CustomFieldType> Types { get; } =
    [
        CustomFieldType.Text, CustomFieldType.LongText, CustomFieldType.Number, CustomFieldType.Money, CustomFieldType.Date, CustomFieldType.YesNo,
        CustomFieldType.Choice, CustomFieldType.MultipleChoice, CustomFieldType.Email, CustomFieldType.Url, CustomFieldType.Phone,
    ];

    /// <summary>A choice field's options, in the order the file first gives them.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>For money: the currency of the column's amounts when it is not the company's (null: the company's).</summary>
    public string? Currency { get; init; }

    /// <summary>For money in <see cref="Currency"/>: what one unit is worth in the company's currency.</summary>
    public decimal? Rate { get; init; }

    public bool IsChoice => Type is CustomFieldType.Choice or CustomFieldType.MultipleChoice;

    public string Key =>
        Prefix + Type.ToString() + ":"
        + (Type == CustomFieldType.Money && Currency is not null && Rate is { } rate ? Currency + "=" + rate.ToString(CultureInfo.InvariantCulture) + ":" : string.Empty)
        + Label
        + (IsChoice ? string.Concat(Options.Select(o => OptionSeparator + o)) : string.Empty);

    public static NewImportField? Read(string? key)
    {
        if (key is null || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = key[Prefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !Enum.TryParse<CustomFieldType>(rest[..colon], out var type) || !Types.Contains(type))
        {
            return null;
        }

        rest = rest[(colon + 1)..];
        string? currency = null;
        decimal? rate = null;
        if (type == CustomFieldType.Money && rest.Length > 5 && rest[3] == '=' && Deals.Money.IsCode(rest[..3]) && rest.IndexOf(':', StringComparison.Ordinal) is > 4 and var end
            && decimal.TryParse(rest[4..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var read) && read > 0)
        {
            (currency, rate, rest) = (rest[..3], read, rest[(end + 1)..]);
        }

        var parts = rest.Split(OptionSeparator);
        var field = new NewImportField(parts[0], type) { Currency = currency, Rate = rate, Options = type is CustomFieldType.Choice or CustomFieldType.MultipleChoice ? parts[1..] : [] };
        return field.Label.Length == 0 || (field.IsChoice && field.Options.Count == 0) ? null : field;
    }

    /// <summary>The field as it will be, not saved: what the preview reads the column with.</summary>
    public CustomField Transient(string kind, int id)
    {
        var field = new CustomField { Id = id, Kind = kind, Key = CustomFieldAdmin.KeyFrom(Label), Type = Type, LabelEn = Label, LabelFr = Label };
        field.SetChoices(ChoicesOf(Options));
        return field;
    }

    /// <summary>The choices the options make, each its own English and French label.</summary>
    public static IReadOnlyList<CustomFieldChoice> ChoicesOf(IEnumerable<string> options) =>
        options.Select(o => new CustomFieldChoice(CustomFieldAdmin.KeyFrom(o), o, o)).ToList();

    /// <summary>The options as the fields page takes them: one per line.</summary>
    public string OptionLines => string.Join('\n', Options);

    /// <summary>The mapping's column for it, so the preview, the parser and the job take it like any other.</summary>
    public ImportField Column => new(Key, Label);

    /// <summary>The key of the mapping once the field exists: its name, and the rate its amounts are converted at, if any.</summary>
    public string CreatedKey(string name) => Rate is { } rate && Currency is not null ? name + "@" + Currency + "=" + rate.ToString(CultureInfo.InvariantCulture) : name;

    /// <summary>A created field's column key read back: the field's name and the rate its amounts are converted at (null: none).</summary>
    public static (string Name, decimal? Rate) ReadCreated(string key)
    {
        var at = key.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return (key, null);
        }

        var equals = key.IndexOf('=', at);
        return equals > at && decimal.TryParse(key[(equals + 1)..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) && rate > 0
            ? (key[..at], rate)
            : (key, null);
    }

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
