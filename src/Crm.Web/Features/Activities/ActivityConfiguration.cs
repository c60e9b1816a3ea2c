using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Activities;

public sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    /// <summary>Written unquoted, as <see cref="Infrastructure.Data.LiveRows.Filter"/>, so that both providers read it.</summary>
    public const string RegardingFilter = "RecordKind IS NOT NULL";

    public void Configure(EntityTypeBuilder<Activity> builder)
    {
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.BodyFormat).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Subject).HasMaxLength(200).IsRequired();
        builder.Property(a => a.Outcome).HasMaxLength(100);
        builder.Property(a => a.Body).HasMaxLength(20000);
        builder.Property(a => a.RecordKind).HasMaxLength(Activity.RecordKindMaxLength);
        builder.Property(a => a.Version).IsConcurrencyToken();

        builder.HasOne(a => a.Contact).WithMany().HasForeignKey(a => a.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.Company).WithMany().HasForeignKey(a => a.CompanyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.CreatedBy).WithMany().HasForeignKey(a => a.CreatedById).OnDelete(DeleteBehavior.SetNull);

        builder.HasQueryFilter(a => a.DeletedAt == null);
        // The timeline reads newest first per contact or company, paged by (OccurredAt, Id).
        builder.HasIndex(a => new { a.ContactId, a.OccurredAt, a.Id });
        builder.HasIndex(a => new { a.CompanyId, a.OccurredAt, a.Id });
        // Entries regarding a record of another kind (deals, tickets); partial, so that the many entries logged on
        // contacts and companies (the seeder's million) add nothing to it.
        builder.HasIndex(a => new { a.RecordKind, a.RecordId, a.OccurredAt, a.Id }).HasFilter(RegardingFilter);
        // The dashboard reads the user's own entries, newest first and this week's.
        builder.HasIndex(a => new { a.CreatedById, a.OccurredAt, a.Id });
    }
}
