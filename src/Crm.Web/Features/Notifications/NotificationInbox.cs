using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Notifications;

/// <summary>/Notifications: the signed-in user's notifications, newest first; every query is limited to that user's rows.</summary>
public sealed class NotificationInbox(CrmDbContext db, NotificationCounts counts, TimeProvider clock)
{
    public const int PageSize = 30;

    public sealed record Row(long Id, string Title, string? Text, string? Link, DateTime At, bool Unread);

    public sealed record Page(IReadOnlyList<Row> Rows, int Unread, int PageNumber, bool HasNext);

    public async Task<Page> ListAsync(string userId, int page, CancellationToken ct)
    {
        page = Math.Max(1, page);
        var rows = await db.Notifications.AsNoTracking()
            .Where(n => n.UserId == userId)
            .OrderByDescending(n => n.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(n => new Row(n.Id, n.Title, n.Text, n.Link, n.At, n.ReadAt == null))
            .ToListAsync(ct);
        return new Page(rows.Take(PageSize).ToList(), await counts.UnreadAsync(db, userId, ct), page, rows.Count > PageSize);
    }

    /// <summary>Marks the user's own notification read and says where it leads; null when it is not theirs (or gone).</summary>
    public async Task<string?> OpenAsync(string userId, long id, CancellationToken ct)
    {
        var notification = await db.Notifications.AsNoTracking().Where(n => n.Id == id && n.UserId == userId)
            .Select(n => new { n.Link }).FirstOrDefaultAsync(ct);
        if (notification is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await db.Notifications.Where(n => n.Id == id && n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        counts.Forget(userId);
        return notification.Link is { } link && Notifications.IsLocalPath(link) ? link : "/Notifications";
    }

    public async Task<int> MarkAllReadAsync(string userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var marked = await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        counts.Forget(userId);
        return marked;
    }
}
