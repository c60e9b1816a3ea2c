using Crm.Web.Features.RecycleBin;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tickets;

/// <summary>The attachment files of tickets' messages, for the recycle bin's purge to delete with the tickets.</summary>
public sealed class TicketAttachmentFiles(TicketAttachmentStore store) : IRecordFiles
{
    public async Task<IReadOnlyList<(int RecordId, string Path)>> FilesOfAsync(CrmDbContext db, RecordKind kind, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        if (kind.EntityType != typeof(Ticket) || ids.Count == 0)
        {
            return [];
        }

        var files = await db.TicketAttachments.AsNoTracking()
            .Join(db.TicketMessages.IgnoreQueryFilters(), a => a.MessageId, m => m.Id, (a, m) => new { m.TicketId, a.StoredName })
            .Where(f => ids.Contains(f.TicketId))
            .ToListAsync(ct);
        return files.Select(f => (f.TicketId, store.PathOf(f.StoredName))).ToList();
    }
}
