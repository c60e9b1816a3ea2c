using System.Reflection;
using Crm.Web.Features.CustomFields;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Reports.Builder;

/// <summary>
/// A field a report may show, filter, group or sum: one of the kind's declared fields that is a column of its own
/// (tags and lists are not), or one of its live custom fields.
/// </summary>
public sealed record ReportField(string Name, string Label, FieldType Type, Type? ClrType, RecordField? Declared, CustomField? Custom)
{
    public bool IsCustom => Custom is not null;

    public bool InCents => Declared?.InCents == true || Custom?.Type == CustomFieldType.Money;

    /// <summary>Sum and average apply: numbers and money.</summary>
    public bool Summable => Type is FieldType.Number or FieldType.Money && ClrType is not null && IsNumeric(ClrType);

    /// <summary>Groups make sense on values that repeat: text, choices, people, teams, linked records, yes/no.</summary>
    public bool Groupable => Type is FieldType.Text or FieldType.Email or FieldType.Phone or FieldType.Url or FieldType.Choice
        or FieldType.User or FieldType.Team or FieldType.Record or FieldType.YesNo
        && Custom?.Type is not (CustomFieldType.MultipleChoice or CustomFieldType.LongText);

    /// <summary>The operators a filter on the field offers.</summary>
    public IReadOnlyList<FilterOperator> Operators => Type switch
    {
        FieldType.Number or FieldType.Money or FieldType.Date or FieldType.DateTime =>
            [FilterOperator.Equals, FilterOperator.AtLeast, FilterOperator.AtMost, FilterOperator.IsEmpty, FilterOperator.IsNotEmpty],
        FieldType.Choice => [FilterOperator.Equals, FilterOperator.NotEquals, FilterOperator.IsEmpty, FilterOperator.IsNotEmpty],
        FieldType.YesNo => [FilterOperator.Equals],
        FieldType.User or FieldType.Team or FieldType.Record => [FilterOperator.IsEmpty, FilterOperator.IsNotEmpty],
        _ => [FilterOperator.Equals, FilterOperator.StartsWith, FilterOperator.IsEmpty, FilterOperator.IsNotEmpty],
    };

    /// <summary>For a choice: its options (value stored, label shown), declared enum or custom options.</summary>
    public IReadOnlyList<(string Value, string Label)> Options(Microsoft.Extensions.Localization.IStringLocalizer l) =>
        Custom is { IsChoice: true } custom ? custom.Choices.Select(c => (c.Key, c.Label(CustomFieldStore.French))).ToList()
        : Declared?.Choices is { } type ? Enum.GetValues(type).Cast<Enum>().Select(e => (e.ToString(), Shared.EnumLabels.Label(l, e))).ToList()
        : [];

    public ReportValueType ValueType => Type switch
    {
        FieldType.Money => ReportValueType.Money,
        FieldType.Number => ReportValueType.Number,
        FieldType.Date => ReportValueType.Date,
        FieldType.DateTime => ReportValueType.DateTime,
        _ => ReportValueType.Text,
    };

    internal static bool IsNumeric(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(decimal) || t == typeof(short) || t == typeof(float));
}

/// <summary>The fields of a kind a report may use, in declaration order, custom fields last.</summary>
public sealed class ReportFieldList(IReadOnlyList<ReportField> fields)
{
    private readonly Dictionary<string, ReportField> _byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public IReadOnlyList<ReportField> All { get; } = fields;

    public ReportField? Find(string? name) => name is null ? null : _byName.GetValueOrDefault(name);
}

/// <summary>Reads a kind's reportable fields from its declarations, the EF model and its custom fields.</summary>
public sealed class ReportFieldCatalog(CrmDbContext db, CustomFieldStore customFields, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l)
{
    public async Task<ReportFieldList> ForAsync(RecordKind kind, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(kind.EntityType);
        var fields = new List<ReportField>();
        foreach (var field in kind.Fields)
        {
            if (field.Type == FieldType.Tags || ClrTypeOf(kind.EntityType, field.Name) is not { } clr || !IsScalar(clr))
            {
                continue;
            }

            var first = field.Name.Split('.')[0];
            var mapped = entity is null || entity.FindProperty(first) is not null || entity.FindComplexProperty(first) is not null
                || (entity.FindNavigation(first) is { } navigation && navigation.TargetEntityType.IsOwned());
            if (mapped)
            {
                fields.Add(new ReportField(field.Name, l[field.Label], field.Type, clr, field, null));
            }
        }

        foreach (var custom in await customFields.FieldsAsync(kind.Key, ct))
        {
            var declared = custom.ToRecordField();
            var clr = custom.Column switch
            {
                ValueColumn.Number => typeof(double?),
                ValueColumn.Date => typeof(DateTime?),
                _ => typeof(string),
            };
            fields.Add(new ReportField(custom.Name, custom.Label(CustomFieldStore.French), declared.Type, clr, null, custom));
        }

        return new ReportFieldList(fields);
    }

    internal static Type? ClrTypeOf(Type entity, string path)
    {
        var type = entity;
        foreach (var part in path.Split('.'))
        {
            if (type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance) is not { } property)
            {
                return null;
            }

            type = property.PropertyType;
        }

        return type;
    }

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsEnum || t == typeof(string) || t == typeof(bool) || t == typeof(DateTime) || t == typeof(DateOnly) || ReportField.IsNumeric(t);
    }
}
