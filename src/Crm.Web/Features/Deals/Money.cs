using System.Globalization;

namespace Crm.Web.Features.Deals;

/// <summary>
/// Amounts are stored as whole cents (<c>long</c>) on both providers: exact, summed and sorted by the database as
/// integers (SQLite has no decimal type; a decimal column there is text that sorts wrongly). Code works in
/// <see cref="decimal"/> and converts at the edge; rounding is half away from zero, to the cent, as on an invoice.
/// </summary>
public static class Money
{
    /// <summary>Largest amount accepted anywhere (a billion in any currency): keeps every sum far from overflowing.</summary>
    public const decimal Max = 1_000_000_000m;

    public static long ToCents(decimal amount) => (long)decimal.Round(amount * 100m, 0, MidpointRounding.AwayFromZero);

    public static decimal FromCents(long cents) => cents / 100m;

    /// <summary>Rounds to the cent, half away from zero.</summary>
    public static decimal Round(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>The amount in the user's culture with the currency's symbol ("12 500,00 €", "€12,500.00").</summary>
    public static string Format(decimal amount, string currency, CultureInfo? culture = null)
    {
        var format = (NumberFormatInfo)(culture ?? CultureInfo.CurrentCulture).NumberFormat.Clone();
        format.CurrencySymbol = SymbolOf(currency);
        return amount.ToString("C", format);
    }

    public static string Format(long cents, string currency, CultureInfo? culture = null) => Format(FromCents(cents), currency, culture);

    /// <summary>The amount without decimals when it has none worth showing (board cards, column totals).</summary>
    public static string FormatShort(long cents, string currency, CultureInfo? culture = null)
    {
        var format = (NumberFormatInfo)(culture ?? CultureInfo.CurrentCulture).NumberFormat.Clone();
        format.CurrencySymbol = SymbolOf(currency);
        format.CurrencyDecimalDigits = cents % 100 == 0 ? 0 : 2;
        return FromCents(cents).ToString("C", format);
    }

    public static string SymbolOf(string currency) => currency switch
    {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        "JPY" => "¥",
        _ => currency,
    };

    /// <summary>Currencies the forms offer, the default first; other ISO codes are accepted when an admin keeps a rate for them.</summary>
    public static readonly IReadOnlyList<string> Common = ["EUR", "USD", "GBP", "CHF", "CAD"];

    public static bool IsCode(string? code) => code is { Length: 3 } && code.All(char.IsAsciiLetterUpper);
}
