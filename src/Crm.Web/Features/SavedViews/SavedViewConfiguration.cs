using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.SavedViews;

public sealed class SavedViewConfiguration : IEntityTypeConfiguration<SavedView>
{
    public void Configure(EntityTypeBuilder<SavedView> builder)
    {
        builder.Property(v => v.UserId).HasMaxLength(450).IsRequired();
        builder.Property(v => v.List).HasMaxLength(20).IsRequired();
        builder.Property(v => v.Name).HasMaxLength(SavedView.MaxNameLength).IsRequired();
        builder.Property(v => v.QueryString).HasMaxLength(SavedView.MaxQueryStringLength).IsRequired();
        builder.HasIndex(v => new { v.UserId, v.List, v.Name }).IsUnique();
        builder.HasIndex(v => new { v.SharedWithTeamId, v.List }).HasFilter("SharedWithTeamId IS NOT NULL");
    }
}
