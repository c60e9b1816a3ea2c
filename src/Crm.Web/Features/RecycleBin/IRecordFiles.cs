using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.RecycleBin;

/// <summary>
/// Files a feature keeps on disk for its records (a ticket's attachments): listed before the records are deleted for
/// good, and deleted from disk once their rows are gone, so a purge leaves nothing of the record behind.
/// </summary>
public interface IRecordFiles
{
    /// <summary>The files of the records of <paramref name="kind"/> among <paramref name="ids"/>, by record id; none for a kind without files.</summary>
    Task<IReadOnlyList<(int RecordId, string Path)>> FilesOfAsync(CrmDbContext db, RecordKind kind, IReadOnlyCollection<int> ids, CancellationToken ct);
}
