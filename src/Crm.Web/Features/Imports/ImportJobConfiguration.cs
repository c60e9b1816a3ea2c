using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Imports;

public sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> builder)
    {
        builder.Property(j => j.Target).HasMaxLength(20).IsRequired();
        builder.Property(j => j.UserId).HasMaxLength(450).IsRequired();
        builder.Property(j => j.FileName).HasMaxLength(260).IsRequired();
        builder.Property(j => j.StoredPath).HasMaxLength(500).IsRequired();
        builder.Property(j => j.Encoding).HasMaxLength(30);
        builder.Property(j => j.Separator).HasMaxLength(5);
        builder.Property(j => j.MappingJson).HasMaxLength(8000);
        builder.Property(j => j.ErrorFilePath).HasMaxLength(500);
        builder.Property(j => j.Message).HasMaxLength(2000);
        builder.Property(j => j.NewListName).HasMaxLength(Segments.Segment.MaxNameLength);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(j => j.Duplicates).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(j => new { j.Status, j.CreatedAt });
        builder.HasIndex(j => j.UserId);
    }
}
