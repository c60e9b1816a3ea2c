using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Products;

public sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(Product.MaxNameLength).IsRequired();
        builder.Property(p => p.Code).HasMaxLength(Product.MaxCodeLength);
        builder.Property(p => p.VatRate).HasPrecision(5, 2);
        builder.HasIndex(p => p.Code);
        builder.HasIndex(p => new { p.Active, p.Name });
    }
}
