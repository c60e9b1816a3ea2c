using System.Collections;
using System.Globalization;
using System.Reflection;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Workflows;

/// <summary>
/// A field a rule names: one the kind declares ("Address.City"), or one declared by the kind a record field points to
/// ("CompanyId.BillingAddress.City": the contact's company's city). Only declared fields are ever read or written.
/// </summary>
public sealed record WorkflowField(string Path, RecordKind Kind, RecordField Field, RecordField? Via)
{
    /// <summary>Fields of a related record are read, never written.</summary>
    public bool Related => Via is not null;
}

/// <summary>Finds, reads, compares and writes declared fields for the engine, its checks and its dry run.</summary>
public sealed class WorkflowFields(RecordKinds kinds, CrmDbContext db)
{
    /// <summary>Types a set-field action may write (lists, people, teams and links have their own actions or none).</summary>
    public static readonly IReadOnlySet<FieldType> Settable = new HashSet<FieldType>
    {
        FieldType.Text, FieldType.LongText, FieldType.Email, FieldType.Phone, FieldType.Url, FieldType.Choice,
        FieldType.Date, FieldType.DateTime, FieldType.Number, FieldType.Money, FieldType.YesNo,
    };

    public static readonly IReadOnlySet<ConditionOperator> Ordered = new HashSet<ConditionOperator> { ConditionOperator.GreaterThan, ConditionOperator.LessThan };

    private static readonly IReadOnlySet<FieldType> Comparable = new HashSet<FieldType> { FieldType.Number, FieldType.Money, FieldType.Date, FieldType.DateTime };

    /// <summary>The field, or null when the kind (or the kind it points to) declares no such field.</summary>
    public WorkflowField? Find(RecordKind kind, string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        if (kind.Fields.Find(path) is { } own)
        {
            return new WorkflowField(path, kind, own, null);
        }

        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || kind.Fields.Find(path[..dot]) is not { Type: FieldType.Record, RecordKind: { } target } via
            || kinds.Find(target) is not { } other || other.Fields.Find(path[(dot + 1)..]) is not { } field || field.Type == FieldType.Record)
        {
            return null;
        }

        return new WorkflowField(path, other, field, via);
    }

    /// <summary>The fields conditions may name on records of the kind: its own, then those of the kinds it points to.</summary>
    public IEnumerable<WorkflowField> Conditionable(RecordKind kind)
    {
        foreach (var field in kind.Fields)
        {
            yield return new WorkflowField(field.Name, kind, field, null);
        }

        foreach (var via in kind.Fields.Where(f => f is { Type: FieldType.Record, RecordKind: not null }))
        {
            if (kinds.Find(via.RecordKind) is not { } other)
            {
                continue;
            }

            foreach (var field in other.Fields.Where(f => f.Type != FieldType.Record))
            {
                yield return new WorkflowField($"{via.Name}.{field.Name}", other, field, via);
            }
        }
    }

    public static bool CanSet(RecordKind kind, RecordField field) =>
        Settable.Contains(field.Type) && field.InHistory && SetterOf(kind.EntityType, field.Name) is not null;

    public static bool CanCompare(RecordField field, ConditionOperator op) => !Ordered.Contains(op) || Comparable.Contains(field.Type);

    /// <summary>The record of a kind by id, tracked (null when there is none, or it is in the recycle bin).</summary>
    public async Task<object?> LoadAsync(RecordKind kind, int id, CancellationToken ct)
    {
        var record = await db.FindAsync(kind.EntityType, [id], ct);
        return record is ISoftDeletable { DeletedAt: not null } ? null : record;
    }

    /// <summary>The field's value on the record, as the engine compares it: a scalar, or a list's values joined by "; ".</summary>
    public async Task<object?> ReadAsync(object record, WorkflowField field, CancellationToken ct)
    {
        var target = record;
        if (field.Via is { } via)
        {
            var id = ValueOf(record, via.Name);
            if (id is null)
            {
                return null;
            }

            target = await LoadAsync(field.Kind, Convert.ToInt32(id, CultureInfo.InvariantCulture), ct);
            if (target is null)
            {
                return null;
            }
        }

        var name = field.Field.Name;
        var property = target.GetType().GetProperty(name.Split('.')[0]);
        if (property is not null && property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
        {
            var collection = db.Entry(target).Collection(property.Name);
            if (!collection.IsLoaded)
            {
                await collection.LoadAsync(ct);
            }

            var items = ((IEnumerable?)property.GetValue(target))?.Cast<object>().ToList() ?? [];
            if (items.OfType<ITagLink>().Select(t => t.TagId).ToList() is { Count: > 0 } tagIds)
            {
                var names = await db.Tags.AsNoTracking().Where(t => tagIds.Contains(t.Id)).OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(ct);
                return string.Join("; ", names);
            }

            var values = items.OfType<IRecordValue>().Select(v => v.Value).ToList();
            return values.Count == 0 ? null : string.Join("; ", values);
        }

        return ValueOf(target, name);
    }

    private static object? ValueOf(object record, string path)
    {
        object? value = record;
        foreach (var part in path.Split('.'))
        {
            if (value is null)
            {
                return null;
            }

            var property = value.GetType().GetProperty(part)
                ?? throw new WorkflowException("The field {0} no longer exists on {1}.", permanent: true, path, record.GetType().Name);
            value = property.GetValue(value);
        }

        return value;
    }

    /// <summary>How a value shows in the run log and the dry run: raw and culture-free, as change events store it.</summary>
    public static string? Show(object? value) => value switch
    {
        null => null,
        string s => s,
        _ => RecordSaveInterceptor.Format(value),
    };

    /// <summary>Whether the value passes the test; throws <see cref="WorkflowException"/> when the rule's value cannot be read as the field's type.</summary>
    public static bool Test(RecordField field, object? actual, ConditionOperator op, string? expected)
    {
        var text = Show(actual)?.Trim();
        var empty = string.IsNullOrEmpty(text);
        switch (op)
        {
            case ConditionOperator.IsEmpty:
                return empty;
            case ConditionOperator.IsNotEmpty:
                return !empty;
            case ConditionOperator.Contains:
                return !empty && text!.Contains((expected ?? string.Empty).Trim(), StringComparison.OrdinalIgnoreCase);
        }

        if (Comparable.Contains(field.Type) || field.Type == FieldType.YesNo)
        {
            var wanted = Parse(field, expected);
            var have = empty ? null : Normalise(field, actual);
            int? order = have is null || wanted is null ? null : ((IComparable)have).CompareTo(wanted);
            return op switch
            {
                ConditionOperator.Equals => order == 0 || (have is null && wanted is null),
                ConditionOperator.NotEquals => !(order == 0 || (have is null && wanted is null)),
                ConditionOperator.GreaterThan => order > 0,
                ConditionOperator.LessThan => order < 0,
                _ => false,
            };
        }

        var same = string.Equals(text ?? string.Empty, (expected ?? string.Empty).Trim(), StringComparison.OrdinalIgnoreCase);
        return op switch
        {
            ConditionOperator.Equals => same,
            ConditionOperator.NotEquals => !same,
            _ => false,
        };
    }

    /// <summary>A rule's value read as the field's type (null for none); throws when it cannot be.</summary>
    public static object? Parse(RecordField field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        var parsed = field.Type switch
        {
            FieldType.Number or FieldType.Money => decimal.TryParse(value.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : (object?)null,
            FieldType.Date => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null,
            FieldType.DateTime => DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            FieldType.YesNo => bool.TryParse(value, out var b) ? b : null,
            FieldType.Choice when field.Choices is { } choices => Enum.GetNames(choices).FirstOrDefault(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase)),
            _ => value,
        };
        return parsed ?? throw new WorkflowException("“{0}” is not a valid value for {1}.", permanent: true, value, field.Label);
    }

    private static object? Normalise(RecordField field, object? actual) => field.Type switch
    {
        FieldType.Money when field.InCents => Convert.ToDecimal(actual, CultureInfo.InvariantCulture) / 100m,
        FieldType.Number or FieldType.Money => Convert.ToDecimal(actual, CultureInfo.InvariantCulture),
        FieldType.Date => actual switch { DateOnly d => d, DateTime t => DateOnly.FromDateTime(t), _ => null },
        FieldType.DateTime => actual switch { DateTime t => t, DateOnly d => d.ToDateTime(TimeOnly.MinValue), _ => null },
        FieldType.YesNo => actual as bool?,
        _ => actual,
    };

    /// <summary>Writes a declared, settable field of the record with the value typed by its declaration.</summary>
    public static void Set(object record, RecordKind kind, string path, string? value)
    {
        var field = kind.Fields.Find(path) ?? throw new WorkflowException("The field {0} is not declared on {1}.", permanent: true, path, kind.Key);
        if (!CanSet(kind, field))
        {
            throw new WorkflowException("The field {0} cannot be set by a rule.", permanent: true, field.Label);
        }

        SetPath(record, path.Split('.'), field, kind, value);
    }

    /// <summary>
    /// Sets the last part of the path; a value object on the way (an address, an immutable record) is copied, changed and
    /// put back, so EF sees a new value rather than one changed in place.
    /// </summary>
    private static void SetPath(object holder, string[] parts, RecordField field, RecordKind kind, string? value)
    {
        var property = holder.GetType().GetProperty(parts[0])
            ?? throw new WorkflowException("The field {0} no longer exists on {1}.", permanent: true, field.Name, kind.Key);
        if (parts.Length == 1)
        {
            property.SetValue(holder, Typed(field, property.PropertyType, value));
            return;
        }

        var child = property.GetValue(holder) ?? throw new WorkflowException("The field {0} no longer exists on {1}.", permanent: true, field.Name, kind.Key);
        var copy = child.GetType().GetMethod("<Clone>$")?.Invoke(child, null) ?? child;
        SetPath(copy, parts[1..], field, kind, value);
        property.SetValue(holder, copy);
    }

    private static object? Typed(RecordField field, Type type, string? value)
    {
        var parsed = Parse(field, value);
        if (parsed is null)
        {
            if (field.Required)
            {
                throw new WorkflowException("{0} cannot be empty.", permanent: true, field.Label);
            }

            return type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;
        }

        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (parsed is string text && field.MaxLength is int max && text.Length > max)
        {
            throw new WorkflowException("{0} accepts at most {1} characters.", permanent: true, field.Label, max);
        }

        return target switch
        {
            _ when target.IsEnum => Enum.Parse(target, (string)parsed, ignoreCase: true),
            _ when target == typeof(DateTime) => parsed is DateOnly d ? d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : parsed,
            _ when target == typeof(DateOnly) => parsed is DateTime t ? DateOnly.FromDateTime(t) : parsed,
            _ when target == typeof(string) => parsed.ToString(),
            _ when target == typeof(bool) => parsed,
            _ => Convert.ChangeType(field.InCents ? (decimal)parsed * 100m : parsed, target, CultureInfo.InvariantCulture),
        };
    }

    private static MethodInfo? SetterOf(Type type, string path)
    {
        var parts = path.Split('.');
        PropertyInfo? property = null;
        foreach (var part in parts)
        {
            property = type.GetProperty(part);
            if (property is null)
            {
                return null;
            }

            type = property.PropertyType;
        }

        return property?.GetSetMethod();
    }
}
