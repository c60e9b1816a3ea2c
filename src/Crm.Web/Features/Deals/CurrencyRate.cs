namespace Crm.Web.Features.Deals;

/// <summary>
/// What one unit of a foreign currency is worth in the company's currency (Crm:Currency, EUR by default), kept by admins.
/// A deal's amount is converted with the rate known when it is saved.
/// </summary>
public sealed class CurrencyRate
{
    /// <summary>ISO 4217 code ("USD").</summary>
    public string Currency { get; set; } = string.Empty;

    /// <summary>Value of 1 unit in the company's currency; exact decimal.</summary>
    public decimal Rate { get; set; }

    public DateTime UpdatedAt { get; set; }
}
