using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Crm.Web.Infrastructure.Data;

namespace Crm.Web.Infrastructure.Email;

public enum SmtpSecurity
{
    /// <summary>STARTTLS when the server offers it (port 587, 25).</summary>
    StartTlsWhenAvailable,

    /// <summary>STARTTLS or nothing is sent.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>Plain text: a server on the same machine or network only.</summary>
    None,
}

/// <summary>
/// The SMTP server an admin set at /Admin/Email: one row that overrides appsettings' <c>Smtp</c> section. The password
/// is stored protected with ASP.NET Data Protection and never shown back.
/// </summary>
public sealed class SmtpSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; }
    public string? Username { get; set; }
    public string? ProtectedPassword { get; set; }
    public string From { get; set; } = string.Empty;
    public string? FromName { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class SmtpSettingsConfiguration : IEntityTypeConfiguration<SmtpSettings>
{
    public void Configure(EntityTypeBuilder<SmtpSettings> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Host).HasMaxLength(255);
        builder.Property(s => s.Security).HasConversion<string>().HasMaxLength(30);
        builder.Property(s => s.Username).HasMaxLength(255);
        builder.Property(s => s.ProtectedPassword).HasMaxLength(2000);
        builder.Property(s => s.From).HasMaxLength(OutboxMessage.MaxAddressLength).IsRequired();
        builder.Property(s => s.FromName).HasMaxLength(100);
    }
}

/// <summary>The server mail goes to now; no host means the .eml pickup folder.</summary>
public sealed record SmtpServerSettings(string? Host, int Port, SmtpSecurity Security, string? Username, string? Password, string From, string FromName, bool FromDatabase)
{
    public bool UsesPickupFolder => string.IsNullOrWhiteSpace(Host);

    public SecureSocketOptions SocketOptions => Security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}

/// <summary>
/// Reads and writes the SMTP settings: the database row when an admin saved one, else appsettings. Read on every send,
/// so it is kept in memory until saved again (another instance sees a change within <see cref="Lifetime"/>).
/// </summary>
public sealed class SmtpSettingsStore(CrmDbContext db, IOptions<SmtpOptions> options, IDataProtectionProvider protection, IMemoryCache cache, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private const string CacheKey = "smtp-settings";
    private readonly IDataProtector _protector = protection.CreateProtector("Crm.Email.SmtpPassword");

    public async Task<SmtpServerSettings> CurrentAsync(CancellationToken ct)
    {
        if (cache.TryGetValue(CacheKey, out SmtpServerSettings? current) && current is not null)
        {
            return current;
        }

        var row = await db.Set<SmtpSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == SmtpSettings.SingletonId, ct);
        var o = options.Value;
        current = row is null
            ? new SmtpServerSettings(o.Host, o.Port, o.UseStartTls ? SmtpSecurity.StartTlsWhenAvailable : SmtpSecurity.None, o.Username, o.Password, o.From, o.FromName, false)
            : new SmtpServerSettings(row.Host, row.Port, row.Security, row.Username, Unprotect(row.ProtectedPassword), row.From, row.FromName ?? o.FromName, true);
        cache.Set(CacheKey, current, Lifetime);
        return current;
    }

    public Task<SmtpSettings?> StoredAsync(CancellationToken ct) =>
        db.Set<SmtpSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == SmtpSettings.SingletonId, ct);

    /// <summary>Saves the settings; a null or blank <paramref name="password"/> keeps the stored one.</summary>
    public async Task SaveAsync(string? host, int port, SmtpSecurity security, string? username, string? password, string from, string? fromName, CancellationToken ct)
    {
        var row = await db.Set<SmtpSettings>().FirstOrDefaultAsync(s => s.Id == SmtpSettings.SingletonId, ct);
        if (row is null)
        {
            row = new SmtpSettings();
            db.Add(row);
        }

        row.Host = string.IsNullOrWhiteSpace(host) ? null : host.Trim();
        row.Port = port;
        row.Security = security;
        row.Username = string.IsNullOrWhiteSpace(username) ? null : username.Trim();
        if (!string.IsNullOrEmpty(password))
        {
            row.ProtectedPassword = _protector.Protect(password);
        }

        if (row.Username is null)
        {
            row.ProtectedPassword = null;
        }

        row.From = from.Trim();
        row.FromName = string.IsNullOrWhiteSpace(fromName) ? null : fromName.Trim();
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        cache.Remove(CacheKey);
    }

    private string? Unprotect(string? stored)
    {
        if (stored is null)
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(stored);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // The keys were lost (a new data folder): the admin types the password again; sending fails with a login error meanwhile.
            return null;
        }
    }
}
