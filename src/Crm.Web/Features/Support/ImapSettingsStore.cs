using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Email;
using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Support;

/// <summary>The IMAP inbox to read, as the job uses it: the password unprotected.</summary>
public sealed record ImapServer(string Host, int Port, SmtpSecurity Security, string? Username, string? Password)
{
    public SecureSocketOptions SocketOptions => Security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}

/// <summary>Reads and saves <see cref="ImapSettings"/>; the password is protected with Data Protection, as SMTP's is.</summary>
public sealed class ImapSettingsStore(CrmDbContext db, IDataProtectionProvider protection, TimeProvider clock)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Crm.Email.ImapPassword");

    /// <summary>The inbox to read; null when none is set (only the pickup folder is read).</summary>
    public async Task<ImapServer?> CurrentAsync(CancellationToken ct)
    {
        var row = await StoredAsync(ct);
        return string.IsNullOrWhiteSpace(row?.Host) ? null : new ImapServer(row.Host, row.Port, row.Security, row.Username, Unprotect(row.ProtectedPassword));
    }

    public Task<ImapSettings?> StoredAsync(CancellationToken ct) =>
        db.Set<ImapSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == ImapSettings.SingletonId, ct);

    /// <summary>Saves the settings; a blank <paramref name="password"/> keeps the stored one; no username forgets it.</summary>
    public async Task SaveAsync(string? host, int port, SmtpSecurity security, string? username, string? password, CancellationToken ct)
    {
        var row = await db.Set<ImapSettings>().FirstOrDefaultAsync(s => s.Id == ImapSettings.SingletonId, ct);
        if (row is null)
        {
            row = new ImapSettings();
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

        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
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
            // The keys were lost: the admin types the password again; reading fails with a login error meanwhile.
            return null;
        }
    }
}
