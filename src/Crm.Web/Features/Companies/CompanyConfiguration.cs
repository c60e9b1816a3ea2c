using Crm.Web.Infrastructure.Data;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Companies;

public sealed class CompanyConfiguration : IEntityTypeConfiguration<Company>
{
    public void Configure(EntityTypeBuilder<Company> builder)
    {
        builder.Property(c => c.NameKey).HasMaxLength(200).IsRequired();
        builder.Property(c => c.DomainKey).HasMaxLength(200);
        builder.Property(c => c.PhoneE164).HasMaxLength(20);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Size).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.ComplexProperty(c => c.BillingAddress, a => AddressColumns.Configure(a, "Billing"));
        builder.ComplexProperty(c => c.ShippingAddress, a => AddressColumns.Configure(a, "Shipping"));

        builder.HasOne(c => c.Owner).WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(c => c.Team).WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(c => c.ParentCompany).WithMany().HasForeignKey(c => c.ParentCompanyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Tags).WithOne().HasForeignKey(t => t.CompanyId).OnDelete(DeleteBehavior.Cascade);

        builder.HasQueryFilter(c => c.DeletedAt == null);
        builder.HasIndex(c => new { c.NameKey, c.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(c => new { c.Status, c.NameKey, c.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(c => new { c.Size, c.NameKey, c.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(c => new { c.NafCode, c.NameKey, c.Id }).HasFilter(LiveRows.Filter);
        // The city filter's index (BillingCity, NameKey, Id) is created by the CompanyAndContactListFilters migration:
        // EF does not index a complex property's column.
        builder.HasIndex(c => new { c.CreatedAt, c.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(c => new { c.LastActivityAt, c.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(c => c.OwnerId);
        builder.HasIndex(c => c.TeamId);
        builder.HasIndex(c => c.Siren);
        builder.HasIndex(c => c.Siret);
        builder.HasIndex(c => c.PhoneE164);
        builder.HasIndex(c => c.DomainKey);
        builder.HasIndex(c => c.ParentCompanyId);
        builder.HasDeclaredColumns();
    }
}

public sealed class CompanyTagConfiguration : IEntityTypeConfiguration<CompanyTag>
{
    public void Configure(EntityTypeBuilder<CompanyTag> builder)
    {
        builder.HasKey(t => new { t.CompanyId, t.TagId });
        builder.HasOne(t => t.Tag).WithMany().HasForeignKey(t => t.TagId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.TagId, t.CompanyId });
    }
}
