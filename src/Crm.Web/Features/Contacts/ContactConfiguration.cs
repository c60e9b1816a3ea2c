using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Contacts;

public sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.Property(c => c.FirstNameKey).HasMaxLength(100);
        builder.Property(c => c.LastNameKey).HasMaxLength(100);
        builder.Property(c => c.SortName).HasMaxLength(201);
        builder.Property(c => c.Email).HasMaxLength(Contact.Kind.Fields.MaxLength(nameof(Contact.Emails)));
        builder.Property(c => c.EmailKey).HasMaxLength(Contact.Kind.Fields.MaxLength(nameof(Contact.Emails)));
        builder.Property(c => c.Phone).HasMaxLength(Contact.Kind.Fields.MaxLength(nameof(Contact.Phones)));
        builder.Property(c => c.PhoneE164).HasMaxLength(20);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.LifecycleStage).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.Consent).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.FullName);

        builder.HasOne(c => c.Company).WithMany().HasForeignKey(c => c.CompanyId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(c => c.Owner).WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(c => c.Team).WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(c => c.Emails).WithOne().HasForeignKey(e => e.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Phones).WithOne().HasForeignKey(p => p.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Tags).WithOne().HasForeignKey(t => t.ContactId).OnDelete(DeleteBehavior.Cascade);

        builder.HasQueryFilter(c => c.DeletedAt == null);
        builder.HasIndex(c => new { c.SortName, c.Id }).HasFilter(LiveRows.Filter);
        // A status filter on a big table stays an index range in name order.
        builder.HasIndex(c => new { c.Status, c.SortName, c.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(c => new { c.Consent, c.SortName, c.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(c => new { c.LifecycleStage, c.SortName, c.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(c => c.FirstNameKey);
        builder.HasIndex(c => c.LastNameKey);
        builder.HasIndex(c => c.EmailKey);
        builder.HasIndex(c => c.PhoneE164);
        builder.HasIndex(c => new { c.CreatedAt, c.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(c => new { c.LastActivityAt, c.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(c => new { c.CompanyId, c.SortName });
        // Duplicates: namesakes at the same company, probed per contact (a common last name alone is thousands of rows).
        builder.HasIndex(c => new { c.CompanyId, c.LastNameKey });
        builder.HasIndex(c => c.OwnerId);
        builder.HasIndex(c => c.TeamId);
        builder.ComplexProperty(c => c.Address, a => AddressColumns.Configure(a, "Address"));
        builder.HasDeclaredColumns();
    }
}

public sealed class ContactEmailConfiguration : IEntityTypeConfiguration<ContactEmail>
{
    public void Configure(EntityTypeBuilder<ContactEmail> builder)
    {
        builder.Property(e => e.Address).HasMaxLength(Contact.Kind.Fields.MaxLength(nameof(Contact.Emails))).IsRequired();
        builder.Property(e => e.AddressKey).HasMaxLength(Contact.Kind.Fields.MaxLength(nameof(Contact.Emails))).IsRequired();
        builder.HasIndex(e => e.AddressKey);
        builder.HasIndex(e => e.ContactId);
    }
}

public sealed class ContactPhoneConfiguration : IEntityTypeConfiguration<ContactPhone>
{
    public void Configure(EntityTypeBuilder<ContactPhone> builder)
    {
        builder.Property(p => p.Number).HasMaxLength(Contact.Kind.Fields.MaxLength(nameof(Contact.Phones))).IsRequired();
        builder.Property(p => p.E164).HasMaxLength(20);
        builder.HasIndex(p => p.E164);
        builder.HasIndex(p => p.ContactId);
    }
}

public sealed class ContactTagConfiguration : IEntityTypeConfiguration<ContactTag>
{
    public void Configure(EntityTypeBuilder<ContactTag> builder)
    {
        builder.HasKey(t => new { t.ContactId, t.TagId });
        builder.HasOne(t => t.Tag).WithMany().HasForeignKey(t => t.TagId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.TagId, t.ContactId });
    }
}

public sealed class DuplicateDismissalConfiguration : IEntityTypeConfiguration<DuplicateDismissal>
{
    public void Configure(EntityTypeBuilder<DuplicateDismissal> builder)
    {
        builder.Property(d => d.List).HasMaxLength(20).IsRequired();
        builder.Property(d => d.UserId).HasMaxLength(450);
        builder.HasIndex(d => new { d.List, d.FirstId, d.SecondId }).IsUnique();
    }
}
