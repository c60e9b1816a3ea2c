using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.Api;

/// <summary>
/// A personal API token (docs/decisions/0029-read-only-json-api.md): the user's key to the JSON API, shown once when
/// made and kept only as its SHA-256 hash, so that a copy of the database gives no working token. Revoking stamps
/// <see cref="RevokedAt"/>; the row stays, so the account page can say when it was revoked.
/// </summary>
public sealed class ApiToken
{
    public const int MaxNameLength = 100;
    public const int MaxPerUser = 20;

    public int Id { get; set; }
    public string UserId { get; set; } = string.Empty;
    public AppUser? User { get; set; }
    public string Name { get; set; } = string.Empty;

    /// <summary>SHA-256 of the whole token, in lower-case hex: what a request's bearer token is looked up by.</summary>
    public string Hash { get; set; } = string.Empty;

    /// <summary>The token's first characters, shown on the account page so a user tells their tokens apart.</summary>
    public string Prefix { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

public sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("ApiTokens");
        builder.Property(t => t.UserId).HasMaxLength(450).IsRequired();
        builder.Property(t => t.Name).HasMaxLength(ApiToken.MaxNameLength).IsRequired();
        builder.Property(t => t.Hash).HasMaxLength(64).IsRequired().IsUnicode(false);
        builder.Property(t => t.Prefix).HasMaxLength(12).IsRequired().IsUnicode(false);
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.HasIndex(t => t.UserId);
        builder.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
