using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Segments;

public sealed class SegmentConfiguration : IEntityTypeConfiguration<Segment>
{
    public void Configure(EntityTypeBuilder<Segment> builder)
    {
        builder.ToTable("Segments");
        builder.Property(s => s.Type).HasConversion<string>().HasMaxLength(10);
        builder.Property(s => s.Filter).HasMaxLength(Segment.MaxFilterLength);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasOne(s => s.Owner).WithMany().HasForeignKey(s => s.OwnerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(s => s.Team).WithMany().HasForeignKey(s => s.TeamId).OnDelete(DeleteBehavior.SetNull);
        builder.HasQueryFilter(s => s.DeletedAt == null);
        builder.HasMany(s => s.Tags).WithOne().HasForeignKey(t => t.SegmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.Name, s.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(s => new { s.CreatedAt, s.Id }).HasFilter(LiveRows.Filter);
        builder.HasIndex(s => s.TeamId);
        builder.HasIndex(s => s.OwnerId);
        builder.HasDeclaredColumns();
    }
}

public sealed class SegmentTagConfiguration : IEntityTypeConfiguration<SegmentTag>
{
    public void Configure(EntityTypeBuilder<SegmentTag> builder)
    {
        builder.ToTable("SegmentTags");
        builder.HasKey(t => new { t.SegmentId, t.TagId });
        builder.HasOne(t => t.Tag).WithMany().HasForeignKey(t => t.TagId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.TagId, t.SegmentId });
    }
}

public sealed class SegmentMemberConfiguration : IEntityTypeConfiguration<SegmentMember>
{
    public void Configure(EntityTypeBuilder<SegmentMember> builder)
    {
        builder.ToTable("SegmentMembers");
        builder.HasKey(m => new { m.SegmentId, m.ContactId });
        builder.HasOne<Segment>().WithMany().HasForeignKey(m => m.SegmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Contacts.Contact>().WithMany().HasForeignKey(m => m.ContactId).OnDelete(DeleteBehavior.Cascade);

        // A contact's lists (GDPR copy, erase).
        builder.HasIndex(m => m.ContactId);
    }
}
