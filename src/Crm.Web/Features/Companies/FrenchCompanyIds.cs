using System.Text.RegularExpressions;

namespace Crm.Web.Features.Companies;

/// <summary>SIREN (9 digits) and SIRET (14 digits) carry a Luhn key; the French VAT number's key is derived from the SIREN.</summary>
public static partial class FrenchCompanyIds
{
    public static string Clean(string? value) =>
        value is null ? string.Empty : new string(value.Where(c => !char.IsWhiteSpace(c) && c is not '.' and not '-').ToArray()).ToUpperInvariant();

    public static bool IsValidSiren(string? value)
    {
        var s = Clean(value);
        return s.Length == 9 && s.All(char.IsAsciiDigit) && Luhn(s);
    }

    public static bool IsValidSiret(string? value)
    {
        var s = Clean(value);
        if (s.Length != 14 || !s.All(char.IsAsciiDigit))
        {
            return false;
        }

        // La Poste's establishments (SIREN 356000000) use a digit-sum rule instead of Luhn.
        return s.StartsWith("356000000", StringComparison.Ordinal)
            ? s.Sum(c => c - '0') % 5 == 0
            : Luhn(s);
    }

    public static string FrenchVatKey(string siren) =>
        ((12 + (3 * (long.Parse(siren, System.Globalization.CultureInfo.InvariantCulture) % 97))) % 97).ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Checks the format of an intra-EU VAT number, and for French numbers the key against the SIREN.</summary>
    public static bool IsValidVat(string? value)
    {
        var s = Clean(value);
        if (s.Length < 4)
        {
            return false;
        }

        var country = s[..2];
        var rest = s[2..];
        if (country == "FR")
        {
            if (!FrenchVat().IsMatch(rest))
            {
                return false;
            }

            var key = rest[..2];
            var siren = rest[2..];
            return !key.All(char.IsAsciiDigit) || (IsValidSiren(siren) && key == FrenchVatKey(siren));
        }

        return EuFormats.TryGetValue(country, out var pattern) && Regex.IsMatch(rest, pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
    }

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    [GeneratedRegex("^[0-9A-HJ-NP-Z]{2}[0-9]{9}$")]
    private static partial Regex FrenchVat();

    // The VIES formats of the other member states (after the country prefix; Greece is "EL").
    private static readonly Dictionary<string, string> EuFormats = new(StringComparer.Ordinal)
    {
        ["AT"] = "^U[0-9]{8}$",
        ["BE"] = "^[01][0-9]{9}$",
        ["BG"] = "^[0-9]{9,10}$",
        ["CY"] = "^[0-9]{8}[A-Z]$",
        ["CZ"] = "^[0-9]{8,10}$",
        ["DE"] = "^[0-9]{9}$",
        ["DK"] = "^[0-9]{8}$",
        ["EE"] = "^[0-9]{9}$",
        ["EL"] = "^[0-9]{9}$",
        ["ES"] = "^[0-9A-Z][0-9]{7}[0-9A-Z]$",
        ["FI"] = "^[0-9]{8}$",
        ["HR"] = "^[0-9]{11}$",
        ["HU"] = "^[0-9]{8}$",
        ["IE"] = "^[0-9][0-9A-Z+*][0-9]{5}[A-Z]{1,2}$",
        ["IT"] = "^[0-9]{11}$",
        ["LT"] = "^([0-9]{9}|[0-9]{12})$",
        ["LU"] = "^[0-9]{8}$",
        ["LV"] = "^[0-9]{11}$",
        ["MT"] = "^[0-9]{8}$",
        ["NL"] = "^[0-9]{9}B[0-9]{2}$",
        ["PL"] = "^[0-9]{10}$",
        ["PT"] = "^[0-9]{9}$",
        ["RO"] = "^[0-9]{2,10}$",
        ["SE"] = "^[0-9]{12}$",
        ["SI"] = "^[0-9]{8}$",
        ["SK"] = "^[0-9]{10}$",
        ["XI"] = "^([0-9]{9}|[0-9]{12}|GD[0-9]{3}|HA[0-9]{3})$",
    };
}
