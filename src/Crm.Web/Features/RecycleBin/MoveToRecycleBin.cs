using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.RecycleBin;

/// <summary>
/// The one way a contact or company is deleted, from its page or many at once from a list's bulk bar: the records
/// the user may edit move to the recycle bin (the save interceptor dates the row and records the deletion), and
/// come back from it whole, tags, emails and phones included, with the records that went with them
/// (<see cref="DependentRecords"/>).
/// </summary>
public sealed class MoveToRecycleBin(CrmDbContext db, DependentRecords dependents)
{
    /// <summary>The records moved; those the user sees but may not delete; the ids they do not see (or that do not exist).</summary>
    public sealed record Outcome<T>(IReadOnlyList<T> Moved, int Forbidden, int NotFound);

    public async Task<Outcome<T>> Handle<T>(IQueryable<T> records, IReadOnlyCollection<int> ids, CrmUser user, CancellationToken ct)
        where T : class, IRecord<T>
    {
        // The rows alone: a child collection loaded here would be cascade-deleted by the change tracker.
        var visible = await records.VisibleTo(user).Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        var moved = visible.Where(user.CanDelete<T>).ToList();
        if (moved.Count > 0)
        {
            db.RemoveRange(moved);
            await dependents.MoveAlongAsync(T.Kind, moved.Select(r => r.Id).ToList(), user, ct);
            await db.SaveChangesAsync(ct);
        }

        return new Outcome<T>(moved, visible.Count - moved.Count, ids.Count - visible.Count);
    }
}
