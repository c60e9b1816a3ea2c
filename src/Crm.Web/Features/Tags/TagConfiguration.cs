using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Tags;

public sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(Tag.MaxNameLength).IsRequired();
        builder.Property(t => t.NameKey).HasMaxLength(Tag.MaxNameLength).IsRequired();
        builder.HasIndex(t => t.NameKey).IsUnique();
    }
}
