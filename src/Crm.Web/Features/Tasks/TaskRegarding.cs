using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tasks;

/// <summary>A record a task regards, as a page names and links it.</summary>
public sealed record RegardedRecord(RecordKind Kind, int Id, string Name)
{
    public string Path => Kind.DetailsPath(Id);
}

/// <summary>
/// The records tasks regard, named through each kind's summaries and only when the user may see them (as the timeline
/// names what an entry regards); and the check that a record a task is to regard exists and is visible to its author.
/// </summary>
public sealed class TaskRegarding(CrmDbContext db, RecordKinds kinds)
{
    /// <summary>The visible records among <paramref name="refs"/>, by kind key and id; one query per kind.</summary>
    public async Task<IReadOnlyDictionary<(string Kind, int Id), RegardedRecord>> NamesAsync(
        IEnumerable<(string? Kind, int? Id)> refs, CrmUser user, CancellationToken ct)
    {
        var named = new Dictionary<(string, int), RegardedRecord>();
        foreach (var group in refs.Where(r => r.Kind is not null && r.Id is not null).GroupBy(r => r.Kind!))
        {
            if (kinds.Find(group.Key) is not { } kind || kind.Key == TaskKind.Key)
            {
                continue;
            }

            var ids = group.Select(r => r.Id!.Value).Distinct().ToList();
            var visible = kind.VisibleIds(db, user);
            foreach (var s in await kind.Summaries(db).Where(s => ids.Contains(s.Id) && visible.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            {
                named[(kind.Key, s.Id)] = new RegardedRecord(kind, s.Id, s.Name);
            }
        }

        return named;
    }

    /// <summary>The record of kind <paramref name="key"/> and <paramref name="id"/>, when it is a registered kind (not a task) and the user may see it.</summary>
    public async Task<RegardedRecord?> FindAsync(string? key, int? id, CrmUser user, CancellationToken ct) =>
        key is null || id is not int recordId ? null
            : (await NamesAsync([(key, recordId)], user, ct)).GetValueOrDefault((key, recordId));
}
