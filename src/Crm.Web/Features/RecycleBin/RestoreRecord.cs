using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.RecycleBin;

/// <summary>
/// Brings a deleted record of any registered kind back with what went to the bin with it, in one save; the save
/// interceptor records each as Restored in the history.
/// </summary>
public sealed class RestoreRecord(CrmDbContext db, DeletedRecords deleted, DependentRecords dependents, ChangeScope changes)
{
    /// <summary>The restored record's name and page, or null when the user may not restore it or it is not in the bin.</summary>
    public async Task<(string Name, string Url)?> Handle(string? key, int id, CrmUser user, CancellationToken ct)
    {
        var kind = deleted.KindOf(key);
        using var scope = changes.Begin(ChangeSource.Restore);
        return await kind.RestoreAsync(db, user, id, token => dependents.RestoreAlongAsync(ISoftDeletable.DeletionKey(kind.Key, id), token), ct) is { } name ? (name, kind.DetailsPath(id)) : null;
    }
}
