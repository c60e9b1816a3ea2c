using System.ComponentModel.DataAnnotations;

namespace Crm.Web.Features.Shared;

/// <summary>A postal address, stored in the columns of its owner.</summary>
public sealed record Address
{
    [StringLength(200)] public string? Line1 { get; init; }
    [StringLength(200)] public string? Line2 { get; init; }
    [StringLength(20)] public string? PostalCode { get; init; }
    [StringLength(100)] public string? City { get; init; }
    [StringLength(100)] public string? Country { get; init; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Line1) && string.IsNullOrWhiteSpace(PostalCode) && string.IsNullOrWhiteSpace(City);

    public override string ToString() =>
        string.Join(", ", new[] { Line1, Line2, string.Join(' ', new[] { PostalCode, City }.Where(s => !string.IsNullOrWhiteSpace(s))), Country }
            .Where(s => !string.IsNullOrWhiteSpace(s)));
}
