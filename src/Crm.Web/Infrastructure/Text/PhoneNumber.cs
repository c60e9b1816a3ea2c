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
