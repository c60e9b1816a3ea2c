using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Notifications;

public sealed class ReminderConfiguration : IEntityTypeConfiguration<Reminder>
{
    public void Configure(EntityTypeBuilder<Reminder> builder)
    {
        builder.Property(r => r.UserId).HasMaxLength(450).IsRequired();
        builder.Property(r => r.Source).HasMaxLength(Reminder.MaxSourceLength).IsRequired();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);

        // One reminder per user for each thing reminded of.
        builder.HasIndex(r => new { r.Source, r.SourceId, r.UserId }).IsUnique();

        // The sweeper: what has not fired, by due time.
        builder.HasIndex(r => new { r.FiredAt, r.DueAt });
    }
}
