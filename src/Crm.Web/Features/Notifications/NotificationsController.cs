using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Notifications;

/// <summary>The signed-in user's notifications (the fallback policy requires a signed-in user); another user's id is a 404.</summary>
[Route("Notifications")]
public sealed class NotificationsController(NotificationInbox inbox) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int page = 1, CancellationToken ct = default) =>
        View("/Features/Notifications/Index.cshtml", await inbox.ListAsync(User.Id(), page, ct));

    /// <summary>Opening marks read, so it is a POST; the target is a path in the app, never an outside address.</summary>
    [HttpPost("{id:long}/Open")]
    public async Task<IActionResult> Open(long id, CancellationToken ct) =>
        await inbox.OpenAsync(User.Id(), id, ct) is { } target && Url.IsLocalUrl(target) ? LocalRedirect(target) : NotFound();

    [HttpPost("ReadAll")]
    public async Task<IActionResult> ReadAll(CancellationToken ct)
    {
        await inbox.MarkAllReadAsync(User.Id(), ct);
        return Redirect("/Notifications");
    }
}
