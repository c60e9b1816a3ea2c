using System.Text.Json;
using Crm.Web.Infrastructure.Data;

namespace Crm.Web.Features.Duplicates;

/// <summary>
/// What a merge took and moved, written as the usual {field, old, new} list so history pages read it like any change:
/// "MergedId" names the record merged in, then each value taken from it, then how many related records moved. These two
/// entries are the merge's change events: the kept record has one, the merged-away record one saying where it went
/// (the save interceptor adds no update or delete entry of its own for either).
/// </summary>
public sealed class MergeAudit(string entityType, int survivorId, int mergedId) : Infrastructure.Records.IMergeAudit
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

    private readonly List<(string EntityType, int Id, string Field)> _repointed = [];

    /// <summary>
    /// Records moved in bulk (ExecuteUpdate, no change tracking) from the merged record to the survivor: each gets its own
    /// change event, as a consumer of that kind of record must hear that its link changed.
    /// </summary>
    public void Repointed(string type, IEnumerable<int> ids, string field) =>
        _repointed.AddRange(ids.Select(id => (type, id, field)));

    public IEnumerable<AuditEntry> Entries(string? userId, DateTime now) =>
    [
        .. _repointed.Select(r => new AuditEntry
        {
            EntityType = r.EntityType, EntityId = r.Id, Action = AuditAction.Updated, Source = ChangeSource.Merge, UserId = userId, At = now,
            Changes = JsonSerializer.Serialize(new[]
            {
                new RecordSaveInterceptor.FieldChange(r.Field, mergedId.ToString(System.Globalization.CultureInfo.InvariantCulture), survivorId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            }),
        }),
        new AuditEntry
        {
            EntityType = entityType, EntityId = survivorId, Action = AuditAction.Merged, Source = ChangeSource.Merge, UserId = userId, At = now,
            Changes = JsonSerializer.Serialize(_changes),
        },
        new AuditEntry
        {
            EntityType = entityType, EntityId = mergedId, Action = AuditAction.Merged, Source = ChangeSource.Merge, UserId = userId, At = now,
            Changes = JsonSerializer.Serialize(new[] { new RecordSaveInterceptor.FieldChange(Infrastructure.Records.RecordKind.MergedIntoField, null, survivorId.ToString(System.Globalization.CultureInfo.InvariantCulture)) }),
        },
    ];
}
