using Crm.Web.Features.RecycleBin;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Shared;

/// <summary>Moves one record of any kind to the recycle bin, as the bulk delete does for each (<see cref="MoveToRecycleBin"/>).</summary>
public sealed class DeleteRecord(CrmDbContext db, MoveToRecycleBin bin)
{
    /// <summary>The record's name for the message, or why it was not deleted.</summary>
    public async Task<Outcome<string>> Handle<T>(int id, CrmUser user, CancellationToken ct)
        where T : class, IRecord<T>
    {
        var result = await bin.Handle(db.Set<T>(), [id], user, ct);
        return result.Moved is [var record] ? Outcome.Done(T.Kind.NameOf(record))
            : result.Forbidden > 0 ? Outcome.Forbidden
            : Outcome.NotFound;
    }
}
