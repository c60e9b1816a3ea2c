using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Activities;

/// <summary>The names of the records entries are attached to, for pages that list entries of many records (the bin, the dashboard).</summary>
public static class AttachedRecordNames
{
    /// <summary>One query per kind among the records; the caller has filtered the entries through <see cref="ActivityAccess"/>.</summary>
    public static async Task<Dictionary<AttachedRecord, string>> ReadAsync(CrmDbContext db, RecordKinds kinds, IEnumerable<AttachedRecord> records, CancellationToken ct)
    {
        var names = new Dictionary<AttachedRecord, string>();
        foreach (var group in records.Distinct().GroupBy(r => r.Kind))
        {
            if (kinds.Find(group.Key) is not { } kind)
            {
                continue;
            }

            var ids = group.Select(r => r.Id).ToList();
            foreach (var summary in await kind.Summaries(db).Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            {
                names[new AttachedRecord(kind.Key, summary.Id)] = summary.Name;
            }
        }

        return names;
    }
}
