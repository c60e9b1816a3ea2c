using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Web.Infrastructure.Records;

/// <summary>The columns of a kind take their length and nullability from its field declarations, never from a second literal.</summary>
public static class DeclaredColumns
{
    /// <summary>Call last in the kind's entity configuration, once its complex properties are mapped.</summary>
    public static void HasDeclaredColumns<T>(this EntityTypeBuilder<T> builder)
        where T : class, IRecord<T>
    {
        foreach (var field in T.Kind.Fields)
        {
            if (Column(builder.Metadata, field.Name) is not { } column)
            {
                continue; // a collection (emails, tags): its own table's configuration reads the declaration
            }

            if (field.MaxLength is int max)
            {
                column.SetMaxLength(max);
            }

            if (field.Required)
            {
                column.IsNullable = false;
            }
        }
    }

    private static IMutableProperty? Column(IMutableEntityType entity, string path)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        return dot < 0
            ? entity.FindProperty(path)
            : entity.FindComplexProperty(path[..dot])?.ComplexType.FindProperty(path[(dot + 1)..]);
    }
}
