using System.Globalization;
using System.Security.Cryptography;
using Crm.Web.Infrastructure.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Support;

/// <summary>
/// The link a customer follows to read their ticket's public thread and reply, without an account: the ticket's id
/// and an expiry, protected (encrypted and signed) with ASP.NET Data Protection, so it can be neither forged, changed
/// to another ticket, nor used after it expires. The expiry is checked against <see cref="TimeProvider"/>.
/// </summary>
public sealed class TicketLinks(IDataProtectionProvider protection, TimeProvider clock, PublicLinks links, IOptions<SupportOptions> options)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Crm.Support.TicketLink.v1");

    public TimeSpan Lifetime => TimeSpan.FromDays(Math.Max(1, options.Value.LinkDays));

    public string TokenFor(int ticketId)
    {
        var expires = clock.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds();
        return _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{ticketId}|{expires}"));
    }

    /// <summary>The absolute link emailed to the customer (from Crm:PublicUrl); null when no public URL is configured.</summary>
    public Uri? LinkFor(int ticketId) => links.IsConfigured ? links.For($"/Support/Ticket/{TokenFor(ticketId)}") : null;

    /// <summary>The ticket a token opens; null when it was tampered with, made with other keys, or has expired.</summary>
    public int? TicketOf(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }

        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }

        var parts = payload.Split('|');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            && clock.GetUtcNow().ToUnixTimeSeconds() < expires
                ? id
                : null;
    }
}
