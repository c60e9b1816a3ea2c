using System.Text.Json;
using Crm.Web.Infrastructure.Data;

namespace Crm.Web.Features.Duplicates;

/// <summary>
/// What a merge took and moved, written as the usual {field, old, new} list so history pages read it like any change:
/// "MergedId" names the record merged in, then each value taken from it, then how many related records moved. These two
/// entries are the merge's change events: the kept record has one, the merged-away record one saying where it went
/// (the save interceptor adds no update or delete entry of its own for either).
/// </summary>
public sealed class MergeAudit(string entityType, int survivorId, int mergedId)
{
    private readonly List<RecordSaveInterceptor.FieldChange> _changes = [new("MergedId", null, mergedId.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    public void Took(string field, string? old, string? taken)
    {
        if (!string.Equals(old, taken, StringComparison.Ordinal))
        {
            _changes.Add(new(field, old, taken));
        }
    }

    public void Moved(string what, int count)
    {
        if (count > 0)
        {
            _changes.Add(new("Moved" + what, null, count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    public IEnumerable<AuditEntry> Entries(string? userId, DateTime now) =>
    [
        new AuditEntry
        {
            EntityType = entityType, EntityId = survivorId, Action = AuditAction.Merged, Source = ChangeSource.Merge, UserId = userId, At = now,
            Changes = JsonSerializer.Serialize(_changes),
        },
        new AuditEntry
        {
            EntityType = entityType, EntityId = mergedId, Action = AuditAction.Merged, Source = ChangeSource.Merge, UserId = userId, At = now,
            Changes = JsonSerializer.Serialize(new[] { new RecordSaveInterceptor.FieldChange("MergedInto", null, survivorId.ToString(System.Globalization.CultureInfo.InvariantCulture)) }),
        },
    ];
}
