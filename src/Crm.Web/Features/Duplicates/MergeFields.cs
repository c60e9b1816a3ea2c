using System.Globalization;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Duplicates;

/// <summary>Reads and writes a declared field of a record by its name, a property path such as "BillingAddress.City".</summary>
public static class MergeFields
{
    public static object? Get(object record, string path)
    {
        object? value = record;
        foreach (var name in path.Split('.'))
        {
            if (value is null)
            {
                return null;
            }

            var property = value.GetType().GetProperty(name) ?? throw new InvalidOperationException($"{record.GetType().Name} has no field '{path}'.");
            value = property.GetValue(value);
        }

        return value;
    }

    /// <summary>Sets a tracked record's field through EF, so that a complex type's column (an address line) is tracked too.</summary>
    public static void Set(CrmDbContext db, object record, string path, object? value)
    {
        var entry = db.Entry(record);
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            entry.Property(path).CurrentValue = value;
        }
        else
        {
            entry.ComplexProperty(path[..dot]).Property(path[(dot + 1)..]).CurrentValue = value;
        }
    }

    /// <summary>A value as the history stores it (invariant, round-trip dates, enum names).</summary>
    public static string? Raw(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Whether a value says nothing: null, blank, or an enum's "Unknown".</summary>
    public static bool IsEmpty(object? value) => value switch
    {
        null => true,
        string s => string.IsNullOrWhiteSpace(s),
        Enum e => e.ToString() == "Unknown",
        _ => false,
    };
}
