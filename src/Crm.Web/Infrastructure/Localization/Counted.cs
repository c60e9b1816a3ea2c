using System.Globalization;

namespace Crm.Web.Infrastructure.Localization;

/// <summary>
/// A count in a sentence: the singular or the plural sentence by the page language's rule (in French 0 and 1 take the
/// singular, in English only 1), and the number with the culture's digit grouping ("1 000" in French, "1,000" in English).
/// Callers pass both sentences through the localizer, so that the resource check finds them.
/// </summary>
public static class Counted
{
    public static string Format(int count, string one, string many) =>
        string.Format(CultureInfo.CurrentCulture, IsSingular(count) ? one : many, Number(count));

    public static string Number(int count) => count.ToString("N0", CultureInfo.CurrentCulture);

    private static bool IsSingular(int count) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr" ? count is 0 or 1 : count == 1;
}
