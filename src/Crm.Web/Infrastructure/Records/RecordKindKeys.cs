namespace Crm.Web.Infrastructure.Records;

/// <summary>
/// The key change events give each kind of record, from its entity type name: a registered kind's own key, else (for
/// entries of what is not a kind of record yet, such as activities) the type's plural.
/// </summary>
public static class RecordKindKeys
{
    public static string Of(string entityType) =>
        RecordKinds.DeclaredFor(entityType)?.Key ?? (entityType == "Activity" ? "activities" : entityType.ToLowerInvariant());
}
