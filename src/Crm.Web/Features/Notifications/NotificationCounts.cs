using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Crm.Web.Features.Notifications;

/// <summary>
/// The bell's unread count, asked on every page: one indexed count, kept a few seconds per user so a burst of pages
/// costs one query. Writes through <see cref="Notifications"/> and the notifications page forget it; a notification
/// written by another instance shows within <see cref="Lifetime"/>.
/// </summary>
public sealed class NotificationCounts(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(20);

    public async Task<int> UnreadAsync(CrmDbContext db, string userId, CancellationToken ct)
    {
        if (cache.TryGetValue(CacheKey(userId), out int count))
        {
            return count;
        }

        count = await db.Notifications.AsNoTracking().CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);
        cache.Set(CacheKey(userId), count, Lifetime);
        return count;
    }

    public void Forget(string userId) => cache.Remove(CacheKey(userId));

    private static string CacheKey(string userId) => "notifications-unread-" + userId;
}
