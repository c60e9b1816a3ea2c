using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Infrastructure.Auth;

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>"fr" or "en"; null follows the browser.</summary>
    public string? Culture { get; set; }

    /// <summary>How dates and times are written: "fr-FR", "en-GB" or "en-US"; null follows the browser.</summary>
    public string? DateFormat { get; set; }

    /// <summary>The IANA zone the person's pages, date filters and reminders use; null, the company's (Settings).</summary>
    public string? TimeZone { get; set; }

    public int? TeamId { get; set; }
    public Team? Team { get; set; }

    public bool IsActive { get; set; } = true;

    public DateTime CreatedAt { get; set; }
}

public sealed class Team
{
    public const int MaxNameLength = 100;

    public int Id { get; set; }
    public string Name { get; set; } = string.Empty;

    /// <summary>Who answers for the team: SLA breaches of its queue reach them. Null, nobody named.</summary>
    public string? ManagerId { get; set; }
    public AppUser? Manager { get; set; }
}

public sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200);
        builder.Property(u => u.Culture).HasMaxLength(10);
        builder.Property(u => u.DateFormat).HasMaxLength(10);
        builder.Property(u => u.TimeZone).HasMaxLength(64);
        builder.HasOne(u => u.Team).WithMany().HasForeignKey(u => u.TeamId).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(Team.MaxNameLength).IsRequired();
        builder.HasIndex(t => t.Name).IsUnique();

        // No cascade: users are deactivated, never deleted, and SQL Server refuses the cycle with AppUser.TeamId.
        builder.HasOne(t => t.Manager).WithMany().HasForeignKey(t => t.ManagerId).OnDelete(DeleteBehavior.NoAction);
    }
}
