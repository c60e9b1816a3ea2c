using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Notifications;

/// <summary>
/// Writes in-app notifications (the bell). It only adds to the context: the caller saves, so the notification is
/// committed with what caused it, or not at all. The <c>key</c> names the cause ("reminder-42"): it is unique per
/// user, so work done twice notifies once (the second save fails on the unique index; callers that may repeat check
/// <see cref="ExistsAsync"/> first or claim their source rows).
/// </summary>
public sealed class Notifications(CrmDbContext db, TimeProvider clock, NotificationCounts counts)
{
    public Notification Add(string userId, string title, string? text, string? link, string? key)
    {
        var notification = new Notification
        {
            UserId = userId,
            Title = Truncate(title, Notification.MaxTitleLength)!,
            Text = Truncate(text, Notification.MaxTextLength),
            Link = link is not null && IsLocalPath(link) ? Truncate(link, Notification.MaxLinkLength) : null,
            Key = key,
            At = clock.GetUtcNow().UtcDateTime,
        };
        db.Notifications.Add(notification);
        counts.Forget(userId);
        return notification;
    }

    public Task<bool> ExistsAsync(string userId, string key, CancellationToken ct) =>
        db.Notifications.AnyAsync(n => n.UserId == userId && n.Key == key, ct);

    /// <summary>A path in this app ("/Tasks/Details/4"): never an absolute or protocol-relative URL.</summary>
    public static bool IsLocalPath(string link) =>
        link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) && !link.StartsWith("/\\", StringComparison.Ordinal);

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
