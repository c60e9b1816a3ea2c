namespace Crm.Web.Infrastructure.Records;

/// <summary>A record with an owner and a team: what record visibility (ARCHITECTURE §4) is keyed on.</summary>
public interface IOwned
{
    string? OwnerId { get; }
    int? TeamId { get; }
}

/// <summary>Deleted rows stay in the table with a date (recycle bin); queries filter them out.</summary>
public interface ISoftDeletable
{
    public const int DeletedWithLength = 48;

    DateTime? DeletedAt { get; set; }

    /// <summary>
    /// For a row moved to the recycle bin along with the record it depends on (a company's contacts, a contact's
    /// activities): that record's <see cref="DeletionKey"/>; it comes back and is purged with it. Null for a row deleted on
    /// its own (docs/decisions/0017-recycle-bin-and-retention.md).
    /// </summary>
    string? DeletedWith { get; set; }

    /// <summary>The key the dependents of a deleted record carry in <see cref="DeletedWith"/>: "companies:12".</summary>
    public static string DeletionKey(string kind, int id) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{kind}:{id}");
}

/// <summary>A row that may regard one record of any kind (a task about a deal): that record's kind key and id.</summary>
public interface IRegarding
{
    string? RecordKind { get; }
    int? RecordId { get; }
}

/// <summary>Field-level history is recorded for these entities (who, when, old, new).</summary>
public interface IAudited
{
    int Id { get; }
}

/// <summary>Creation and update times, set by the save interceptor, and an optimistic concurrency token.</summary>
public interface ITracked
{
    DateTime CreatedAt { get; set; }
    DateTime UpdatedAt { get; set; }
    int Version { get; set; }
}

/// <summary>
/// A link between an audited record and a tag: adding or removing one is recorded as a "Tags" change of the record.
/// The record is the principal of the link's foreign key to an <see cref="IAudited"/> type.
/// </summary>
public interface ITagLink
{
    int TagId { get; }
}

/// <summary>
/// One of the values a record holds several of in a table of its own (a contact's emails and phones). Adding, changing
/// or removing one changes the record: its version and "updated" date move, and its history records the field's list
/// before and after, whichever path wrote it (form, import, merge). The record is the principal of the value's foreign
/// key to an <see cref="IAudited"/> type.
/// </summary>
public interface IRecordValue
{
    /// <summary>The record's declared field that lists the values (the history shows it with the field's label).</summary>
    string Field { get; }

    string Value { get; }
}

/// <summary>A row that names who wrote it: the save interceptor fills <see cref="ByUserId"/> with the acting user when left empty.</summary>
public interface IWrittenBy
{
    string? ByUserId { get; set; }
}
