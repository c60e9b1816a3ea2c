namespace Crm.Web.Features.Products;

/// <summary>An item of the catalogue that deal lines pick from: its price before VAT in the company's currency, and its VAT rate.</summary>
public sealed class Product
{
    public const int MaxNameLength = 200;
    public const int MaxCodeLength = 50;

    public int Id { get; set; }
    public string Name { get; set; } = string.Empty;
    public string? Code { get; set; }
    public long UnitPriceCents { get; set; }

    /// <summary>Percent, 0 to 100.</summary>
    public decimal VatRate { get; set; } = 20m;

    public bool Active { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
