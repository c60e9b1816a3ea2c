using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.SavedViews;

/// <summary>What one user chose for one kind's list: its columns and the view it opens with.</summary>
public sealed class ListPreference
{
    public int Id { get; set; }
    public string UserId { get; set; } = string.Empty;

    /// <summary>The key of a registered kind of record.</summary>
    public string List { get; set; } = string.Empty;

    /// <summary>The chosen columns' keys in order ("email,phone,owner"); null, the kind's default columns.</summary>
    public string? Columns { get; set; }

    /// <summary>The view the list opens with when its address has no query; null, all records.</summary>
    public int? DefaultViewId { get; set; }
}

public sealed class ListPreferenceConfiguration : IEntityTypeConfiguration<ListPreference>
{
    public void Configure(EntityTypeBuilder<ListPreference> builder)
    {
        builder.Property(p => p.UserId).HasMaxLength(450).IsRequired();
        builder.Property(p => p.List).HasMaxLength(20).IsRequired();
        builder.Property(p => p.Columns).HasMaxLength(400);
        builder.HasIndex(p => new { p.UserId, p.List }).IsUnique();
        // Deleting a view someone opens by default sends them back to all records.
        builder.HasOne<SavedView>().WithMany().HasForeignKey(p => p.DefaultViewId).OnDelete(DeleteBehavior.SetNull);
    }
}
