using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Dashboard;

/// <summary>
/// A user's quota for one month: the amount they should win, in the company's currency (whole cents), set by a manager of
/// their team or an admin at /Targets. The dashboards set it against the deals the user won in that month.
/// </summary>
public sealed class SalesTarget
{
    public int Id { get; set; }

    public string UserId { get; set; } = string.Empty;
    public AppUser? User { get; set; }

    /// <summary>The month's first day.</summary>
    public DateOnly Month { get; set; }

    public long AmountCents { get; set; }

    public string? SetById { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class SalesTargetConfiguration : IEntityTypeConfiguration<SalesTarget>
{
    public void Configure(EntityTypeBuilder<SalesTarget> builder)
    {
        builder.HasIndex(t => new { t.UserId, t.Month }).IsUnique();
        builder.HasIndex(t => new { t.Month, t.UserId });
        builder.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(t => t.SetById).HasMaxLength(450);
    }
}
