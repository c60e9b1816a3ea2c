using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Mail;

/// <summary>/Admin/Outbox: the mail not sent yet and the mail that failed, with why; an admin can send a failed one again.</summary>
public sealed class OutboxAdmin(CrmDbContext db, TimeProvider clock, OutboxKick kick)
{
    public const int PageSize = 50;

    public sealed record Row(long Id, string To, string Subject, OutboxStatus Status, int Attempts, DateTime CreatedAt, DateTime NextAttemptAt, string? LastError);

    public sealed record Page(int Failed, int Pending, IReadOnlyList<Row> Rows, int PageNumber, bool HasNext);

    /// <summary>The admin area's badge: one count on the (Status, NextAttemptAt) index.</summary>
    public Task<int> FailedCountAsync(CancellationToken ct) => db.Outbox.CountAsync(m => m.Status == OutboxStatus.Failed, ct);

    public async Task<Page> ListAsync(int page, CancellationToken ct)
    {
        page = Math.Max(1, page);
        var failed = await FailedCountAsync(ct);
        var pending = await db.Outbox.CountAsync(m => m.Status == OutboxStatus.Pending, ct);
        var rows = await db.Outbox.AsNoTracking()
            .Where(m => m.Status != OutboxStatus.Sent)
            .OrderBy(m => m.Status == OutboxStatus.Failed ? 0 : 1).ThenByDescending(m => m.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(m => new Row(m.Id, m.To, m.Subject, m.Status, m.Attempts, m.CreatedAt, m.NextAttemptAt, m.LastError))
            .ToListAsync(ct);
        return new Page(failed, pending, rows.Take(PageSize).ToList(), page, rows.Count > PageSize);
    }

    /// <summary>A failed message goes back to the queue with its attempts from zero; false when it is not failed (sent meanwhile, gone).</summary>
    public async Task<bool> RetryAsync(long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var done = await db.Outbox.Where(m => m.Id == id && m.Status == OutboxStatus.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Pending)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now)
                .SetProperty(m => m.ClaimedAt, (DateTime?)null), ct) > 0;
        if (done)
        {
            kick.AfterCommit();
        }

        return done;
    }
}
