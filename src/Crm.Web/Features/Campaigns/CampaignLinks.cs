using System.Globalization;
using System.Security.Cryptography;
using Crm.Web.Infrastructure.Web;
using Microsoft.AspNetCore.DataProtection;

namespace Crm.Web.Features.Campaigns;

/// <summary>
/// The links a campaign mail carries: the open pixel, each tracked link and the unsubscribe link, built from
/// Crm:PublicUrl. Each names its member (and, for a click, its target) in a token protected with ASP.NET Data Protection,
/// so a link can be neither forged, moved to another member nor pointed at another site (no open redirect): a token that
/// does not unprotect answers 404.
/// </summary>
public sealed class CampaignLinks(IDataProtectionProvider protection, PublicLinks links)
{
    public const int MaxTokenLength = 4000;

    private const string Open = "o";
    private const string Click = "c";
    private const string Unsubscribe = "u";

    private readonly IDataProtector _protector = protection.CreateProtector("Crm.Campaigns.Link.v1");

    public bool IsConfigured => links.IsConfigured;

    public Uri OpenPixel(long memberId) => links.For($"/c/o/{Token(Open, memberId, null)}");

    public Uri Unsubscribing(long memberId) => links.For($"/c/u/{Token(Unsubscribe, memberId, null)}");

    /// <summary>A link that counts the click, then sends the reader to <paramref name="target"/> (an http or https address).</summary>
    public Uri Tracked(long memberId, string target) => links.For($"/c/c/{Token(Click, memberId, target)}");

    public long? OpenedBy(string? token) => Read(token, Open)?.Member;

    public long? UnsubscribedBy(string? token) => Read(token, Unsubscribe)?.Member;

    /// <summary>The member and the address a click token sends to; null when tampered with or not an http(s) address.</summary>
    public (long Member, Uri Target)? ClickOf(string? token) =>
        Read(token, Click) is { Target: { } target } read && Uri.TryCreate(target, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? (read.Member, url)
            : null;

    private string Token(string purpose, long memberId, string? target) =>
        _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{purpose}|{memberId}|{target}"));

    private (long Member, string? Target)? Read(string? token, string purpose)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
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

        var parts = payload.Split('|', 3);
        return parts.Length == 3 && parts[0] == purpose && long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var member)
            ? (member, parts[2].Length == 0 ? null : parts[2])
            : null;
    }
}
