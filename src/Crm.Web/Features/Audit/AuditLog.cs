using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Audit;

/// <summary>
/// /Admin/Audit: every create, update, delete, restore and merge of every kind with field-level old and new values, and
/// the security log (sign-ins, failures, permission changes). Newest first, 50 at a time with a keyset cursor (the id
/// of the last row shown), so a page costs the same on the millionth entry as on the first.
/// </summary>
public sealed class AuditLog(CrmDbContext db, RecordHistory history, RecordKinds kinds, UserTime time)
{
    public const int PageSize = 50;

    public sealed record Query(string? Kind, AuditAction? Action, string? UserId, DateOnly? From, DateOnly? To, long? Before);

    public sealed record Row(RecordHistory.Entry Entry, string Kind, RecordKind? RecordKind, string? RecordName);

    public sealed record ChangesPage(Query Query, IReadOnlyList<Row> Rows, long? Older, IReadOnlyList<(string Id, string Name)> Users, IReadOnlyList<RecordKind> Kinds);

    public sealed record SecurityQuery(SecurityEventKind? Kind, string? UserId, DateOnly? From, DateOnly? To, long? Before);

    public sealed record SecurityRow(SecurityEvent Event, string? UserName, string? ActorName);

    public sealed record SecurityPage(SecurityQuery Query, IReadOnlyList<SecurityRow> Rows, long? Older, IReadOnlyList<(string Id, string Name)> Users);

    public async Task<ChangesPage> ChangesAsync(Query query, CancellationToken ct)
    {
        var rows = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(query.Kind))
        {
            rows = rows.Where(a => a.Kind == query.Kind);
        }

        if (query.Action is { } action)
        {
            rows = rows.Where(a => a.Action == action);
        }

        if (!string.IsNullOrEmpty(query.UserId))
        {
            rows = rows.Where(a => a.UserId == query.UserId);
        }

        var (from, to) = Range(query.From, query.To);
        if (from is not null)
        {
            rows = rows.Where(a => a.At >= from);
        }

        if (to is not null)
        {
            rows = rows.Where(a => a.At < to);
        }

        if (query.Before is { } before)
        {
            rows = rows.Where(a => a.Id < before);
        }

        var found = await rows.OrderByDescending(a => a.Id).Take(PageSize + 1).ToListAsync(ct);
        var page = found.Take(PageSize).ToList();
        var shown = new List<Row>();
        foreach (var group in page.GroupBy(a => a.Kind))
        {
            var kind = kinds.Find(group.Key);
            var ids = group.Select(a => a.EntityId).Distinct().ToList();
            var names = kind is null
                ? new Dictionary<int, string>()
                : await kind.Summaries(db, withDeleted: true).Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
            foreach (var entry in await history.FormatAsync(group.Key, group.ToList(), ct))
            {
                shown.Add(new Row(entry, group.Key, kind, names.GetValueOrDefault(entry.EntityId)));
            }
        }

        return new ChangesPage(
            query,
            shown.OrderByDescending(r => r.Entry.AuditId).ToList(),
            found.Count > PageSize ? page[^1].Id : null,
            await UsersAsync(ct),
            kinds.All);
    }

    public async Task<SecurityPage> SecurityAsync(SecurityQuery query, CancellationToken ct)
    {
        var rows = db.SecurityEvents.AsNoTracking();
        if (query.Kind is { } kind)
        {
            rows = rows.Where(e => e.Kind == kind);
        }

        if (!string.IsNullOrEmpty(query.UserId))
        {
            rows = rows.Where(e => e.UserId == query.UserId || e.ActorId == query.UserId);
        }

        var (from, to) = Range(query.From, query.To);
        if (from is not null)
        {
            rows = rows.Where(e => e.At >= from);
        }

        if (to is not null)
        {
            rows = rows.Where(e => e.At < to);
        }

        if (query.Before is { } before)
        {
            rows = rows.Where(e => e.Id < before);
        }

        var found = await rows.OrderByDescending(e => e.Id).Take(PageSize + 1).ToListAsync(ct);
        var page = found.Take(PageSize).ToList();
        var users = await UsersAsync(ct);
        var names = users.ToDictionary(u => u.Id, u => u.Name);
        return new SecurityPage(
            query,
            page.Select(e => new SecurityRow(e, e.UserId is null ? null : names.GetValueOrDefault(e.UserId), e.ActorId is null ? null : names.GetValueOrDefault(e.ActorId))).ToList(),
            found.Count > PageSize ? page[^1].Id : null,
            users);
    }

    /// <summary>The days are the user's: from the start of the first to the end of the last, in UTC.</summary>
    private (DateTime? From, DateTime? To) Range(DateOnly? from, DateOnly? to) =>
        (from is { } f ? time.ToUtc(f.ToDateTime(TimeOnly.MinValue)) : null,
         to is { } t ? time.ToUtc(t.AddDays(1).ToDateTime(TimeOnly.MinValue)) : null);

    private async Task<IReadOnlyList<(string Id, string Name)>> UsersAsync(CancellationToken ct) =>
        (await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct))
            .Select(u => (u.Id, u.DisplayName)).ToList();
}
