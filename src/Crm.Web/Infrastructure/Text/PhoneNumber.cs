using PhoneNumbers;

namespace Crm.Web.Infrastructure.Text;

/// <summary>Phone numbers are shown as typed and matched in E.164 ("01 23 45 67 89" → "+33123456789").</summary>
public static class PhoneNumber
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>E.164 form, or null when the text is not a possible phone number. Numbers without a country code are read as French.</summary>
    public static string? ToE164(string? typed, string defaultRegion = "FR")
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        if (defaultRegion == "FR" && FrenchNational(typed) is { } quick)
        {
            return quick;
        }

        try
        {
            var parsed = Util.Parse(typed, defaultRegion);
            return Util.IsPossibleNumber(parsed) ? Util.Format(parsed, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>
    /// A French number written the usual way ("01 23 45 67 89", "06.12.34.56.78", "0612345678"): ten digits, the first 0
    /// and the second not, with spaces, dots or dashes between them. libphonenumber reads every such number as +33 and the
    /// nine digits after the 0 (a test checks it over every shape); parsing it here costs a hundredth of its parse, which
    /// matters to an import of 100k rows. Null for anything else, which goes through libphonenumber.
    /// </summary>
    private static string? FrenchNational(string typed)
    {
        Span<char> e164 = stackalloc char[12];
        e164[0] = '+';
        e164[1] = '3';
        e164[2] = '3';
        var digits = 0;
        var sawDigit = false;
        foreach (var c in typed)
        {
            if (char.IsAsciiDigit(c))
            {
                if (digits == 10 || (digits == 0 && c != '0') || (digits == 1 && c == '0'))
                {
                    return null;
                }

                if (digits > 0)
                {
                    e164[digits + 2] = c;
                }

                digits++;
                sawDigit = true;
            }
            else if (c is not (' ' or '.' or '-') || !sawDigit && c != ' ')
            {
                return null;
            }
        }

        return digits == 10 ? new string(e164) : null;
    }

    /// <summary>The digits a search for a phone should match against the E.164 column ("06 12" → "+3361" prefix).</summary>
    public static string? SearchPrefix(string query)
    {
        var digits = new string(query.Where(char.IsDigit).ToArray());
        if (digits.Length < 3)
        {
            return null;
        }

        if (query.TrimStart().StartsWith('+'))
        {
            return "+" + digits;
        }

        return digits.StartsWith('0') ? "+33" + digits[1..] : "+" + digits;
    }
}
