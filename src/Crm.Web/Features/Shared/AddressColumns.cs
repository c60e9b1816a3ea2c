using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Shared;

public static class AddressColumns
{
    public static void Configure(ComplexPropertyBuilder<Address> a, string prefix)
    {
        a.Property(x => x.Line1).HasColumnName($"{prefix}Line1").HasMaxLength(200);
        a.Property(x => x.Line2).HasColumnName($"{prefix}Line2").HasMaxLength(200);
        a.Property(x => x.PostalCode).HasColumnName($"{prefix}PostalCode").HasMaxLength(20);
        a.Property(x => x.City).HasColumnName($"{prefix}City").HasMaxLength(100);
        a.Property(x => x.Country).HasColumnName($"{prefix}Country").HasMaxLength(100);
    }
}
