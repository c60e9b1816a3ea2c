using System.Text.Json;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Shared;

/// <summary>A record's audit trail, newest first: who changed which fields when (ARCHITECTURE §5).</summary>
public sealed class RecordHistory(CrmDbContext db)
{
    public const int ShortCount = 5;
    public const int LongCount = 200;

    public sealed record Entry(DateTime At, AuditAction Action, string? UserName, IReadOnlyList<RecordSaveInterceptor.FieldChange> Changes);

    /// <summary>The caller has checked that the user may see the record.</summary>
    public async Task<IReadOnlyList<Entry>> ReadAsync(string entityType, int entityId, int count, CancellationToken ct)
    {
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == entityType && a.EntityId == entityId)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Select(a => new
            {
                a.At,
                a.Action,
                UserName = db.Users.Where(u => u.Id == a.UserId).Select(u => u.DisplayName).FirstOrDefault(),
                a.Changes,
            })
            .Take(count)
            .ToListAsync(ct);
        return rows.Select(r => new Entry(r.At, r.Action, r.UserName, ParseChanges(r.Changes))).ToList();
    }

    private static IReadOnlyList<RecordSaveInterceptor.FieldChange> ParseChanges(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<RecordSaveInterceptor.FieldChange>>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
