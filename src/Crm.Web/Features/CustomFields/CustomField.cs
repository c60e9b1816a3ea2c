using System.Text.Json;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Features.CustomFields;

/// <summary>The types an admin may give a custom field (docs/decisions/0015-custom-fields-storage.md).</summary>
public enum CustomFieldType
{
    Text,
    LongText,
    Number,
    Money,
    Date,
    YesNo,
    Choice,
    MultipleChoice,
    Url,
    Email,
    Phone,
}

/// <summary>An option of a choice field: its stored key, and its labels.</summary>
public sealed record CustomFieldChoice(string Key, string En, string Fr)
{
    public string Label(bool french) => french && Fr.Length > 0 ? Fr : En;
}

/// <summary>
/// A field an admin added to a kind of record (/Admin/Fields): one more entry of the kind's declared fields
/// (<see cref="ToRecordField"/>), its values stored per record in <see cref="CustomFieldValue"/>. Removing one stamps
/// <see cref="DeletedAt"/> and keeps its values; a field removed more than <see cref="RestorableDays"/> days ago is purged.
/// </summary>
public sealed class CustomField
{
    public const int MaxKeyLength = 60;
    public const int MaxLabelLength = 100;
    public const int MaxHelpLength = 300;
    public const int MaxSectionLength = 60;
    public const int MaxDefaultLength = 400;
    public const int MaxChoices = 50;
    public const int RestorableDays = 30;

    /// <summary>The prefix of a custom field's name among the kind's fields (forms, list columns, filters, history).</summary>
    public const string Prefix = "cf.";

    public int Id { get; set; }

    /// <summary>The record kind's key ("contacts").</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>Stable name (lower case letters, digits, dashes), unique per kind: it names the field in query strings and imports.</summary>
    public string Key { get; set; } = string.Empty;

    public CustomFieldType Type { get; set; }
    public string LabelEn { get; set; } = string.Empty;
    public string LabelFr { get; set; } = string.Empty;
    public string? HelpEn { get; set; }
    public string? HelpFr { get; set; }
    public bool Required { get; set; }

    /// <summary>The value a new record's form starts with, as an admin would type it in English (invariant).</summary>
    public string? DefaultValue { get; set; }

    /// <summary>The options of a choice field, as JSON (<see cref="CustomFieldChoice"/>).</summary>
    public string? ChoicesJson { get; set; }

    public int Position { get; set; }
    public string? SectionEn { get; set; }
    public string? SectionFr { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }

    public string Name => Prefix + Key;

    public string Label(bool french) => french && LabelFr.Length > 0 ? LabelFr : LabelEn;

    public string? Help(bool french) => french && !string.IsNullOrEmpty(HelpFr) ? HelpFr : HelpEn;

    public string? Section(bool french) => french && !string.IsNullOrEmpty(SectionFr) ? SectionFr : SectionEn;

    public IReadOnlyList<CustomFieldChoice> Choices =>
        _choices ??= string.IsNullOrEmpty(ChoicesJson) ? [] : JsonSerializer.Deserialize<List<CustomFieldChoice>>(ChoicesJson) ?? [];

    private IReadOnlyList<CustomFieldChoice>? _choices;

    public void SetChoices(IReadOnlyList<CustomFieldChoice> choices)
    {
        ChoicesJson = choices.Count == 0 ? null : JsonSerializer.Serialize(choices);
        _choices = null;
    }

    public bool IsChoice => Type is CustomFieldType.Choice or CustomFieldType.MultipleChoice;

    /// <summary>Text types: searched by the list's search box and filtered by exact (normalised) value.</summary>
    public bool IsText => Type is CustomFieldType.Text or CustomFieldType.LongText or CustomFieldType.Url or CustomFieldType.Email or CustomFieldType.Phone;

    /// <summary>Which value column holds the field's values (and which index filters and sorts on it).</summary>
    public ValueColumn Column => Type switch
    {
        CustomFieldType.Number or CustomFieldType.Money or CustomFieldType.YesNo => ValueColumn.Number,
        CustomFieldType.Date => ValueColumn.Date,
        _ => ValueColumn.Text,
    };

    /// <summary>The field as one more entry of the kind's declarations, as the kit's other capabilities read fields.</summary>
    public RecordField ToRecordField() => new(Name, LabelEn, Type switch
    {
        CustomFieldType.LongText => FieldType.LongText,
        CustomFieldType.Number => FieldType.Number,
        CustomFieldType.Money => FieldType.Money,
        CustomFieldType.Date => FieldType.Date,
        CustomFieldType.YesNo => FieldType.YesNo,
        CustomFieldType.Choice or CustomFieldType.MultipleChoice => FieldType.Choice,
        CustomFieldType.Url => FieldType.Url,
        CustomFieldType.Email => FieldType.Email,
        CustomFieldType.Phone => FieldType.Phone,
        _ => FieldType.Text,
    })
    {
        Required = Required,
        MaxLength = Type == CustomFieldType.LongText ? CustomFieldValue.MaxLongTextLength : CustomFieldValue.MaxTextLength,
        InCents = Type == CustomFieldType.Money,
    };
}

public enum ValueColumn
{
    Text,
    Number,
    Date,
}

/// <summary>
/// One value of a custom field on one record. Typed columns so that filters and sorts seek an index
/// (FieldId, value, RecordId) on both providers; a multiple choice has one row per option chosen.
/// </summary>
public sealed class CustomFieldValue
{
    public const int MaxTextLength = 400;
    public const int MaxLongTextLength = 4000;
    public const int MaxKeyLength = 200;

    public long Id { get; set; }
    public int FieldId { get; set; }

    /// <summary>The record's id in its kind's table (the field says which kind).</summary>
    public int RecordId { get; set; }

    /// <summary>The text as typed (text types), the option's key (choices).</summary>
    public string? Text { get; set; }

    /// <summary>The normalised text (SearchKey), cut to <see cref="MaxKeyLength"/>: what filters, search and sorts read.</summary>
    public string? TextKey { get; set; }

    /// <summary>Numbers; money in cents; yes/no as 1 or 0.</summary>
    public double? Number { get; set; }

    /// <summary>A date (midnight, UTC kind: a calendar day, not an instant).</summary>
    public DateTime? Date { get; set; }
}

public sealed class CustomFieldConfiguration : IEntityTypeConfiguration<CustomField>
{
    public void Configure(EntityTypeBuilder<CustomField> builder)
    {
        builder.ToTable("CustomFields");
        builder.Property(f => f.Kind).HasMaxLength(32).IsRequired();
        builder.Property(f => f.Key).HasMaxLength(CustomField.MaxKeyLength).IsRequired();
        builder.Property(f => f.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.LabelEn).HasMaxLength(CustomField.MaxLabelLength).IsRequired();
        builder.Property(f => f.LabelFr).HasMaxLength(CustomField.MaxLabelLength).IsRequired();
        builder.Property(f => f.HelpEn).HasMaxLength(CustomField.MaxHelpLength);
        builder.Property(f => f.HelpFr).HasMaxLength(CustomField.MaxHelpLength);
        builder.Property(f => f.DefaultValue).HasMaxLength(CustomField.MaxDefaultLength);
        builder.Property(f => f.ChoicesJson).HasMaxLength(8000);
        builder.Property(f => f.SectionEn).HasMaxLength(CustomField.MaxSectionLength);
        builder.Property(f => f.SectionFr).HasMaxLength(CustomField.MaxSectionLength);
        builder.Ignore(f => f.Choices);
        // One name per kind, removed fields included: restoring one must not clash with a newer field of the same name.
        builder.HasIndex(f => new { f.Kind, f.Key }).IsUnique();
        builder.HasIndex(f => new { f.Kind, f.DeletedAt, f.Position });
    }
}

public sealed class CustomFieldValueConfiguration : IEntityTypeConfiguration<CustomFieldValue>
{
    public void Configure(EntityTypeBuilder<CustomFieldValue> builder)
    {
        builder.ToTable("CustomFieldValues");
        builder.Property(v => v.Text).HasMaxLength(CustomFieldValue.MaxLongTextLength);
        builder.Property(v => v.TextKey).HasMaxLength(CustomFieldValue.MaxKeyLength);
        builder.HasOne<CustomField>().WithMany().HasForeignKey(v => v.FieldId).OnDelete(DeleteBehavior.Cascade);
        // Filters are an EXISTS seeking (FieldId, value); sorts read the same index in order; a record's values come by (RecordId, FieldId).
        builder.HasIndex(v => new { v.FieldId, v.TextKey, v.RecordId });
        builder.HasIndex(v => new { v.FieldId, v.Number, v.RecordId });
        builder.HasIndex(v => new { v.FieldId, v.Date, v.RecordId });
        builder.HasIndex(v => new { v.RecordId, v.FieldId });
    }
}
