using Crm.Web.Features.Activities;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.RecycleBin;

/// <summary>
/// What goes into the recycle bin with a record and comes back with it (docs/decisions/0017-recycle-bin-and-retention.md):
/// the records of any kind that depend on it (through a field declared <see cref="RecordField.DeletedWithRecord"/>, or
/// regarding it) and that the user may delete, their own dependents in turn, and the timeline entries logged on any of
/// them. Each carries the deleted record's key in <see cref="ISoftDeletable.DeletedWith"/>; what was in the bin already
/// is left alone, so it does not come back with the record.
/// </summary>
public sealed class DependentRecords(CrmDbContext db, RecordKinds kinds, TimeProvider clock)
{
    /// <summary>Marks, tracked and unsaved, the dependents of the records of <paramref name="kind"/> being deleted.</summary>
    public async Task MoveAlongAsync(RecordKind kind, IReadOnlyCollection<int> ids, CrmUser user, CancellationToken ct)
    {
        var at = clock.GetUtcNow().UtcDateTime;
        var seen = new HashSet<(string, int)>(ids.Select(id => (kind.Key, id)));
        var level = new List<(string Kind, Dictionary<int, string> RootOf)>
        {
            (kind.Key, ids.ToDictionary(id => id, id => ISoftDeletable.DeletionKey(kind.Key, id))),
        };

        while (level.Count > 0)
        {
            var next = new List<(string, Dictionary<int, string>)>();
            foreach (var (parentKind, rootOf) in level)
            {
                var parentIds = rootOf.Keys.ToList();
                foreach (var child in kinds.All)
                {
                    var moved = new Dictionary<int, string>();
                    foreach (var (row, id, dependsOn) in await child.DependentsAsync(db, user, parentKind, parentIds, ct))
                    {
                        if (seen.Add((child.Key, id)))
                        {
                            Mark(row, at, rootOf[dependsOn]);
                            moved[id] = rootOf[dependsOn];
                        }
                    }

                    if (moved.Count > 0)
                    {
                        next.Add((child.Key, moved));
                    }
                }

                // The entries logged on a deleted record belong to its page: nobody could reach them without it.
                var keys = parentIds.Select(id => (int?)id).ToList();
                foreach (var entry in await db.Activities.Where(Activity.LoggedOnOneOf(parentKind, keys)).ToListAsync(ct))
                {
                    Mark(entry, at, rootOf[entry.LoggedOn.Id]);
                }
            }

            level = next;
        }
    }

    /// <summary>Marks, tracked and unsaved, what went to the bin with the record keyed, to come back with it.</summary>
    public async Task RestoreAlongAsync(string deletionKey, CancellationToken ct)
    {
        string[] keys = [deletionKey];
        foreach (var kind in kinds.All)
        {
            foreach (var row in await kind.DeletedWithAsync(db, keys, ct))
            {
                Unmark(row);
            }
        }

        foreach (var entry in await db.Activities.IgnoreQueryFilters().Where(a => a.DeletedAt != null && a.DeletedWith == deletionKey).ToListAsync(ct))
        {
            Unmark(entry);
        }
    }

    private static void Mark(ISoftDeletable row, DateTime at, string key)
    {
        row.DeletedAt = at;
        row.DeletedWith = key;
    }

    private static void Unmark(ISoftDeletable row)
    {
        row.DeletedAt = null;
        row.DeletedWith = null;
    }
}
