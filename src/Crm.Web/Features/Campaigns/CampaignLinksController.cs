using Crm.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Campaigns;

/// <summary>
/// The links in campaign mail, open to anyone who holds one: the open pixel, the click redirect and the unsubscribe page
/// and its one-click POST (RFC 8058). A token that does not unprotect answers 404; a click only ever goes to the address
/// signed into its token. Limited per client address.
/// </summary>
[AllowAnonymous]
public sealed class CampaignLinksController(CampaignLinks links, CampaignTracking tracking, AddressRateLimits limits) : Controller
{
    /// <summary>A transparent 1×1 GIF.</summary>
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    [HttpGet("/c/o/{token}")]
    public async Task<IActionResult> Open(string token, CancellationToken ct)
    {
        if (!limits.TryTake(CampaignsSetup.LinkLimit, HttpContext))
        {
            limits.Refuse(CampaignsSetup.LinkLimit, HttpContext);
            return new EmptyResult();
        }

        if (links.OpenedBy(token) is not long member)
        {
            return NotFound();
        }

        await tracking.OpenedAsync(member, ct);
        Response.Headers.CacheControl = "no-store";
        return File(Pixel, "image/gif");
    }

    [HttpGet("/c/c/{token}")]
    public async Task<IActionResult> Click(string token, CancellationToken ct)
    {
        if (!limits.TryTake(CampaignsSetup.LinkLimit, HttpContext))
        {
            limits.Refuse(CampaignsSetup.LinkLimit, HttpContext);
            return new EmptyResult();
        }

        if (links.ClickOf(token) is not var (member, target))
        {
            return NotFound();
        }

        await tracking.ClickedAsync(member, ct);
        return Redirect(target.AbsoluteUri);
    }

    /// <summary>The page the mail's unsubscribe link opens: one button, so that a link scanner fetching the page changes nothing.</summary>
    [HttpGet("/c/u/{token}")]
    public IActionResult Unsubscribe(string token)
    {
        if (!limits.TryTake(CampaignsSetup.LinkLimit, HttpContext))
        {
            limits.Refuse(CampaignsSetup.LinkLimit, HttpContext);
            return new EmptyResult();
        }

        return links.UnsubscribedBy(token) is null ? NotFound() : View("/Features/Campaigns/Unsubscribe.cshtml", new UnsubscribePage(token, Done: false));
    }

    /// <summary>
    /// Unsubscribes: the page's button, or a mail client's one-click POST (RFC 8058: "List-Unsubscribe=One-Click", no
    /// cookie, so no antiforgery token; the signed token is what proves the request).
    /// </summary>
    [HttpPost("/c/u/{token}")]
    [IgnoreAntiforgeryToken]
    public async Task<IActionResult> UnsubscribePost(string token, CancellationToken ct)
    {
        if (!limits.TryTake(CampaignsSetup.LinkLimit, HttpContext))
        {
            limits.Refuse(CampaignsSetup.LinkLimit, HttpContext);
            return new EmptyResult();
        }

        if (links.UnsubscribedBy(token) is not long member)
        {
            return NotFound();
        }

        await tracking.UnsubscribeAsync(member, ct);
        return View("/Features/Campaigns/Unsubscribe.cshtml", new UnsubscribePage(token, Done: true));
    }
}

public sealed record UnsubscribePage(string Token, bool Done);
