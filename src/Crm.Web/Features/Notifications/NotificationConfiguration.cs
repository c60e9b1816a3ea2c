using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Notifications;

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.UserId).HasMaxLength(450).IsRequired();
        builder.Property(n => n.Title).HasMaxLength(Notification.MaxTitleLength).IsRequired();
        builder.Property(n => n.Text).HasMaxLength(Notification.MaxTextLength);
        builder.Property(n => n.Link).HasMaxLength(Notification.MaxLinkLength);
        builder.Property(n => n.Key).HasMaxLength(Notification.MaxKeyLength);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);

        // The bell's unread count and the page, newest first.
        builder.HasIndex(n => new { n.UserId, n.ReadAt, n.Id });
        builder.HasIndex(n => new { n.UserId, n.Key }).IsUnique().HasFilter("[Key] IS NOT NULL");
    }
}
