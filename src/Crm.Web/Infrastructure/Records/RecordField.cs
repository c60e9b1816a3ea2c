namespace Crm.Web.Infrastructure.Records;

/// <summary>How a field's value is typed, validated and shown (forms, imports, exports, history).</summary>
public enum FieldType
{
    Text,
    LongText,
    Email,
    Phone,
    Url,
    Choice,
    User,
    Team,
    Record,
    Date,
    DateTime,
    Money,
    Number,
    YesNo,

    /// <summary>A list of tags, stored as tag ids.</summary>
    Tags,
}

/// <summary>What a merge does with the field when the two records disagree.</summary>
public enum MergeRule
{
    /// <summary>The user picks the value of one record (the preview offers both).</summary>
    Choose,

    /// <summary>The values of both records are kept (emails, phones, tags).</summary>
    Union,

    /// <summary>Not offered: the record kept keeps its own (derived or system values).</summary>
    KeepSurvivor,
}

/// <summary>
/// One field of a kind, declared once (docs/decisions/0007-record-kit.md): the EF configuration (length, required),
/// form validation, the import parser, the history and the merge read it, so adding a field is one declaration plus
/// its form markup. Admin-defined custom fields (a later issue) are more entries of the same shape, stored per record.
/// </summary>
public sealed record RecordField(string Name, string Label, FieldType Type)
{
    /// <summary>Longest value accepted, in characters; enforced by the column, the form and the import alike.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Longest text a form accepts when users type it formatted (spaces in a SIRET), before it is cleaned.</summary>
    public int? InputLength { get; init; }

    public bool Required { get; init; }

    /// <summary>For <see cref="FieldType.Choice"/>: the enum whose labels the history and forms show.</summary>
    public Type? Choices { get; init; }

    /// <summary>For <see cref="FieldType.Record"/>: the key of the kind the value points to.</summary>
    public string? RecordKind { get; init; }

    /// <summary>
    /// For <see cref="FieldType.Record"/>: the record pointed to takes this one into the recycle bin when it is deleted,
    /// and brings it back when restored (a company's contacts and deals); otherwise the link just points at a deleted record.
    /// </summary>
    public bool DeletedWithRecord { get; init; }

    public MergeRule Merge { get; init; } = MergeRule.Choose;

    /// <summary>
    /// For a chosen field taken together with others from one record (owner and team, an address's lines): the name of
    /// the choice they share; null, the field is its own choice.
    /// </summary>
    public string? MergeChoice { get; init; }

    /// <summary>Shown in the history when it changes; derived and technical fields are not.</summary>
    public bool InHistory { get; init; } = true;

    /// <summary>For <see cref="FieldType.Money"/>: the value is stored in cents (an integer column, exact and sortable on every provider).</summary>
    public bool InCents { get; init; }

    /// <summary>For <see cref="FieldType.Money"/>: the field holding the value's currency code; null, the company currency.</summary>
    public string? CurrencyField { get; init; }
}

/// <summary>A kind's fields in declaration order, found by name (a property path such as "BillingAddress.City").</summary>
public sealed class RecordFields : IReadOnlyList<RecordField>
{
    private readonly List<RecordField> _fields;
    private readonly Dictionary<string, RecordField> _byName;

    public RecordFields(IEnumerable<RecordField> fields)
    {
        _fields = fields.ToList();
        _byName = _fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    public RecordField this[string name] =>
        _byName.TryGetValue(name, out var field) ? field : throw new KeyNotFoundException($"No field '{name}' is declared.");

    public RecordField this[int index] => _fields[index];

    public int Count => _fields.Count;

    public RecordField? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The declared maximum length of a text field (throws when the declaration has none: a mistake).</summary>
    public int MaxLength(string name) => this[name].MaxLength ?? throw new InvalidOperationException($"Field '{name}' declares no maximum length.");

    public IEnumerator<RecordField> GetEnumerator() => _fields.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
