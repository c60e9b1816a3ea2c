using System.Globalization;

namespace Crm.Web.Features.Admin;

/// <summary>
/// Numbers as typed in admin and catalogue forms, read exactly: a comma or a dot for decimals (French users type
/// "12,5", a number field sends "12.5"), spaces as thousands separators ignored; never through floating point.
/// </summary>
public static class AdminInput
{
    public static bool TryDecimal(string? text, out decimal value)
    {
        value = 0m;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var plain = text.Trim().Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\u00a0", string.Empty, StringComparison.Ordinal)
            .Replace("\u202f", string.Empty, StringComparison.Ordinal).Replace(',', '.');
        return decimal.TryParse(plain, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryWhole(string? text, out int value)
    {
        value = 0;
        return !string.IsNullOrWhiteSpace(text)
            && int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>True when <paramref name="value"/> has no more than <paramref name="decimals"/> decimals (it is stored exactly).</summary>
    public static bool HasAtMost(decimal value, int decimals) => decimal.Round(value, decimals) == value;
}
