using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Shared;

/// <summary>An address's column names; their lengths come from the owning kind's field declarations.</summary>
public static class AddressColumns
{
    public static void Configure(ComplexPropertyBuilder<Address> a, string prefix)
    {
        a.Property(x => x.Line1).HasColumnName($"{prefix}Line1");
        a.Property(x => x.Line2).HasColumnName($"{prefix}Line2");
        a.Property(x => x.PostalCode).HasColumnName($"{prefix}PostalCode");
        a.Property(x => x.City).HasColumnName($"{prefix}City");
        a.Property(x => x.Country).HasColumnName($"{prefix}Country");
    }
}
