using System.Globalization;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Web.Features.RecycleBin;

/// <summary>
/// Empties the recycle bin for good: what has been there longer than the retention setting (the nightly job), or what
/// an admin purges now. A record goes with what was deleted with it (<see cref="ISoftDeletable.DeletedWith"/>); links
/// to it from rows that stay are cleared first, its custom field values are deleted, its own rows (tags, emails,
/// lines, messages) go by the database's cascade, and then its files on disk (<see cref="IRecordFiles"/>: attachments). Safe to run twice or on two instances at once: each step deletes only rows still in the bin.
/// </summary>
public sealed class RecycleBinPurge(CrmDbContext db, RecordKinds kinds, IEnumerable<IRecordFiles> files, TimeProvider clock, ILogger<RecycleBinPurge> logger)
{
    private const int Batch = 200;

    public const int DefaultRetentionDays = 30;

    /// <summary>Deletes for good each record and timeline entry deleted on its own more than <paramref name="days"/> days ago, with what went with it.</summary>
    public async Task<int> PurgeOlderThanAsync(int days, string? byUserId, CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-days);
        var total = 0;
        foreach (var kind in kinds.All)
        {
            while (await kind.DeletedBeforeAsync(db, before, Batch, ct) is { Count: > 0 } ids)
            {
                var purged = await PurgeAsync(kind, ids, byUserId, ct);
                total += purged;
                if (purged == 0)
                {
                    break;
                }
            }
        }

        while (await db.Activities.IgnoreQueryFilters()
                   .Where(a => a.DeletedAt != null && a.DeletedAt < before && a.DeletedWith == null)
                   .OrderBy(a => a.Id).Select(a => a.Id).Take(Batch).ToListAsync(ct) is { Count: > 0 } entries)
        {
            var purged = await DeleteEntriesAsync(entries, ct);
            total += purged;
            if (purged == 0)
            {
                break;
            }
        }

        logger.LogInformation("Recycle bin: {Count} rows deleted more than {Days} days ago removed for good", total, days);
        return total;
    }

    /// <summary>
    /// Deletes for good the records of <paramref name="kind"/> among <paramref name="ids"/> that are in the bin on their
    /// own, with what was deleted with them; writes one "purged" entry per record in the history. Returns the rows removed.
    /// </summary>
    public async Task<int> PurgeAsync(RecordKind kind, IReadOnlyCollection<int> ids, string? byUserId, CancellationToken ct)
    {
        var keys = ids.Select(id => ISoftDeletable.DeletionKey(kind.Key, id)).ToList();
        var total = 0;

        // What depends on the records first, so that no link to a row about to go is left.
        var entries = await db.Activities.IgnoreQueryFilters()
            .Where(a => a.DeletedAt != null && a.DeletedWith != null && keys.Contains(a.DeletedWith)).Select(a => a.Id).ToListAsync(ct);
        total += await DeleteEntriesAsync(entries, ct);
        foreach (var child in kinds.All)
        {
            total += await DeleteRecordsAsync(child, await child.IdsDeletedWithAsync(db, keys, ct), ct);
        }

        var purged = await DeleteRecordsAsync(kind, ids, ct);
        if (purged > 0)
        {
            var at = clock.GetUtcNow().UtcDateTime;
            db.AuditEntries.AddRange(ids.Select(id => new AuditEntry
            {
                EntityType = kind.AuditType,
                Kind = kind.Key,
                EntityId = id,
                Action = AuditAction.Purged,
                Source = byUserId is null ? ChangeSource.System : ChangeSource.Form,
                UserId = byUserId,
                At = at,
            }));
            await db.SaveChangesAsync(ct);
        }

        return total + purged;
    }

    private async Task<int> DeleteRecordsAsync(RecordKind kind, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        var onDisk = new List<(int RecordId, string Path)>();
        foreach (var source in files)
        {
            onDisk.AddRange(await source.FilesOfAsync(db, kind, ids, ct));
        }

        await DetachAsync(kind.EntityType, ids, ct);
        if (SearchWords.KindOf(kind.EntityType) is { } wordKind)
        {
            await db.SearchWords.Where(w => w.Kind == wordKind && ids.Contains(w.RecordId)).ExecuteDeleteAsync(ct);
        }

        var deleted = await kind.DeleteForGoodAsync(db, ids, ct);

        // Custom values are keyed by record id with no foreign key: those of the rows now gone go too (not a live record's).
        var kept = await kind.ExistingAsync(db, ids, ct);
        await CustomFields.CustomFieldStore.DeleteValuesAsync(db, kind.Key, ids.Except(kept).ToList(), ct);

        // Files only of rows now gone (one restored meanwhile keeps its own); a file already gone is no failure.
        foreach (var (recordId, path) in onDisk.Where(f => !kept.Contains(f.RecordId)))
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Could not delete {File} of purged {Kind} {Id}", path, kind.Key, recordId);
            }
        }

        return deleted;
    }

    private async Task<int> DeleteEntriesAsync(IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        await DetachAsync(typeof(Activities.Activity), ids, ct);
        return await db.Activities.IgnoreQueryFilters().Where(a => a.DeletedAt != null && ids.Contains(a.Id)).ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// Clears every optional link to the rows about to go, read from the model so a new table's link is covered too: a
    /// live deal keeps its row when its company is purged, and a restrict rule (a parent company) never blocks the delete.
    /// Required links are the rows' own parts, removed by the database's cascade.
    /// </summary>
    private async Task DetachAsync(Type principal, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var principalType = db.Model.FindEntityType(principal) ?? throw new InvalidOperationException($"{principal.Name} is not in the model.");
        var list = string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));
        var links = db.Model.GetEntityTypes()
            .SelectMany(t => t.GetDeclaredForeignKeys())
            .Where(fk => fk.PrincipalEntityType == principalType && !fk.IsRequired && !fk.IsOwnership && fk.Properties.Count == 1)
            .Select(fk => (Table: fk.DeclaringEntityType.GetTableName(), Schema: fk.DeclaringEntityType.GetSchema(), Column: fk.Properties[0].GetColumnName()))
            .Where(link => link.Table is not null)
            .Distinct();
        foreach (var (table, schema, column) in links)
        {
            var name = sql.DelimitIdentifier(table!, schema);
            var field = sql.DelimitIdentifier(column);

            // Only integer ids, formatted invariantly, enter the statement.
            var statement = "UPDATE " + name + " SET " + field + " = NULL WHERE " + field + " IN (" + list + ")";
            await db.Database.ExecuteSqlRawAsync(statement, ct);
        }
    }
}
