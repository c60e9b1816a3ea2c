namespace Crm.Web.Infrastructure.Records;

/// <summary>
/// The key change events give each kind of record, from its entity type name: the one place that knows them until the
/// record kit's descriptors replace this table. The keys are the ones the recycle bin uses in its addresses.
/// </summary>
public static class RecordKindKeys
{
    private static readonly Dictionary<string, string> ByEntityType = new(StringComparer.Ordinal)
    {
        ["Contact"] = "contacts",
        ["Company"] = "companies",
        ["Activity"] = "activities",
    };

    public static string Of(string entityType) =>
        ByEntityType.TryGetValue(entityType, out var key) ? key : entityType.ToLowerInvariant();
}
