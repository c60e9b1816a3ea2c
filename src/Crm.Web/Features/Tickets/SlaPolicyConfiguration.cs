using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Tickets;

public sealed class SlaPolicyConfiguration : IEntityTypeConfiguration<SlaPolicy>
{
    public void Configure(EntityTypeBuilder<SlaPolicy> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(SlaPolicy.MaxNameLength).IsRequired();
        builder.Property(p => p.TimeZone).HasMaxLength(SlaPolicy.MaxTimeZoneLength).IsRequired();
        builder.HasOne<Infrastructure.Auth.Team>().WithMany().HasForeignKey(p => p.BreachTeamId).OnDelete(DeleteBehavior.SetNull);
        // No cascade from users (never deleted, only deactivated): SQL Server refuses a second path from teams through users.
        builder.HasOne<Infrastructure.Auth.AppUser>().WithMany().HasForeignKey(p => p.BreachOwnerId).OnDelete(DeleteBehavior.ClientSetNull);
        builder.HasMany(p => p.Targets).WithOne().HasForeignKey(t => t.PolicyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Hours).WithOne().HasForeignKey(h => h.PolicyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Holidays).WithOne().HasForeignKey(h => h.PolicyId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SlaTargetConfiguration : IEntityTypeConfiguration<SlaTarget>
{
    public void Configure(EntityTypeBuilder<SlaTarget> builder)
    {
        builder.Property(t => t.Priority).HasConversion<string>().HasMaxLength(10);
        builder.HasIndex(t => new { t.PolicyId, t.Priority }).IsUnique();
    }
}

public sealed class BusinessHoursConfiguration : IEntityTypeConfiguration<BusinessHours>
{
    public void Configure(EntityTypeBuilder<BusinessHours> builder)
    {
        builder.ToTable("SlaBusinessHours");
        builder.HasIndex(h => new { h.PolicyId, h.Day, h.Start });
    }
}

public sealed class SlaHolidayConfiguration : IEntityTypeConfiguration<SlaHoliday>
{
    public void Configure(EntityTypeBuilder<SlaHoliday> builder)
    {
        builder.Property(h => h.Name).HasMaxLength(SlaHoliday.MaxNameLength).IsRequired();
        builder.HasIndex(h => new { h.PolicyId, h.Date }).IsUnique();
    }
}
