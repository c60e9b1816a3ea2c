using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Infrastructure.Auth;

public enum SecurityEventKind
{
    SignedIn,
    SignInFailed,
    LockedOut,
    Invited,
    RolesChanged,
    TeamChanged,
    Deactivated,
    Reactivated,
    PasswordResetSent,
    TwoFactorEnabled,
    TwoFactorDisabled,
    TwoFactorFailed,
    RecoveryCodeUsed,
    VisibilityChanged,
    CurrencyChanged,
    ApiTokenCreated,
    ApiTokenRevoked,
}

/// <summary>
/// Who signed in, who failed to, and who changed whose permissions: the account side of the audit, apart from the
/// records' field history (<see cref="Data.AuditEntry"/>) since its subject is a person, not a record.
/// </summary>
public sealed class SecurityEvent
{
    public const int MaxDetailLength = 500;

    public long Id { get; set; }
    public DateTime At { get; set; }
    public SecurityEventKind Kind { get; set; }

    /// <summary>The account the event is about; null for a failed sign-in with an unknown email.</summary>
    public string? UserId { get; set; }

    /// <summary>Who did it: an admin for permission changes, the user themselves for sign-ins.</summary>
    public string? ActorId { get; set; }

    /// <summary>The email typed (failed sign-ins), the roles before and after, the team before and after.</summary>
    public string? Detail { get; set; }

    public string? IpAddress { get; set; }
}

public sealed class SecurityEventConfiguration : IEntityTypeConfiguration<SecurityEvent>
{
    public void Configure(EntityTypeBuilder<SecurityEvent> builder)
    {
        builder.ToTable("SecurityEvents");
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.UserId).HasMaxLength(450);
        builder.Property(e => e.ActorId).HasMaxLength(450);
        builder.Property(e => e.Detail).HasMaxLength(SecurityEvent.MaxDetailLength);
        builder.Property(e => e.IpAddress).HasMaxLength(45);
        builder.HasIndex(e => new { e.UserId, e.At });
        builder.HasIndex(e => e.At);
    }
}

/// <summary>Writes <see cref="SecurityEvent"/>s; the caller's next save commits them with the change they describe.</summary>
public sealed class SecurityLog(Data.CrmDbContext db, TimeProvider clock, IHttpContextAccessor http)
{
    public void Add(SecurityEventKind kind, string? userId, string? actorId, string? detail = null)
    {
        db.Add(new SecurityEvent
        {
            At = clock.GetUtcNow().UtcDateTime,
            Kind = kind,
            UserId = userId,
            ActorId = actorId,
            Detail = detail is { Length: > SecurityEvent.MaxDetailLength } ? detail[..SecurityEvent.MaxDetailLength] : detail,
            IpAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
        });
    }

    /// <summary>Writes at once: sign-ins have no other save to ride on.</summary>
    public async Task WriteAsync(SecurityEventKind kind, string? userId, string? actorId, string? detail, CancellationToken ct)
    {
        Add(kind, userId, actorId, detail);
        await db.SaveChangesAsync(ct);
    }
}
