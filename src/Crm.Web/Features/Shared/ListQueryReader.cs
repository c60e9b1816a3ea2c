using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Crm.Web.Features.CustomFields;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Crm.Web.Features.Shared;

/// <summary>
/// Reads a list's query from a stored query string (a segment's filter), outside a request: the same properties the
/// list page binds from its URL, checked by the same data annotations, then the kind's declared and custom filters. A
/// stored filter thus means exactly what the list shows for the same query string.
/// </summary>
public static class ListQueryReader
{
    /// <summary>What places a page or a column choice; never part of what a stored filter means.</summary>
    public static readonly IReadOnlySet<string> NotFilters = new HashSet<string>(["sort", "dir", "after", "page", "size", "cols", "view", "handler"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The query, or null when a value does not bind or breaks a rule (a search longer than the list allows).</summary>
    public static TQuery? Read<TQuery>(RecordKind kind, string queryString, IReadOnlyList<CustomField> customFields)
        where TQuery : ListQuery, new()
    {
        var values = new QueryCollection(QueryHelpers.ParseQuery(queryString));
        var query = new TQuery();
        foreach (var property in Bindable(typeof(TQuery)))
        {
            if (values[property.Name] is not { Count: > 0 } raw || string.IsNullOrWhiteSpace(raw.ToString()))
            {
                continue;
            }

            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            try
            {
                property.SetValue(query, type == typeof(string) ? raw.ToString() : TypeDescriptor.GetConverter(type).ConvertFromInvariantString(raw.ToString()!));
            }
            catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException or OverflowException)
            {
                return null;
            }
        }

        if (!Validator.TryValidateObject(query, new ValidationContext(query), [], validateAllProperties: true))
        {
            return null;
        }

        query.ReadDeclared(kind, values);
        query.ReadCustom(customFields, values);
        return query;
    }

    /// <summary>The query string without what only places a page (sort, cursor, columns), keys in a stable order.</summary>
    public static string FiltersOnly(string? queryString, Func<string, string, string>? rewrite = null)
    {
        var kept = QueryHelpers.ParseQuery(queryString)
            .Where(p => !NotFilters.Contains(p.Key) && !StringValues.IsNullOrEmpty(p.Value) && !string.IsNullOrWhiteSpace(p.Value.ToString()))
            .OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, rewrite is null ? v : rewrite(p.Key, v!))));
        return QueryString.Create(kept).Value?.TrimStart('?') ?? string.Empty;
    }

    /// <summary>The keys of the query string that the list does not read (a typo, a filter since removed).</summary>
    public static IReadOnlyList<string> UnknownKeys<TQuery>(RecordKind kind, string queryString, IReadOnlyList<CustomField> customFields)
        where TQuery : ListQuery
    {
        var known = new HashSet<string>(Bindable(typeof(TQuery)).Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
        known.UnionWith(kind.ListFilters.Select(f => f.Key));
        known.UnionWith(customFields.SelectMany(f => new[] { f.Name, f.Name + CustomFieldFilter.FromSuffix, f.Name + CustomFieldFilter.ToSuffix }));
        return QueryHelpers.ParseQuery(queryString).Keys.Where(k => !known.Contains(k) && !NotFilters.Contains(k)).ToList();
    }

    private static IEnumerable<PropertyInfo> Bindable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetSetMethod() is not null && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<Microsoft.AspNetCore.Mvc.ModelBinding.BindNeverAttribute>() is null)
            .Where(p => !NotFilters.Contains(p.Name));
}
