using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Primitives;

namespace Crm.Web.Features.Shared;

/// <summary>Links of a list page: the current query string with some keys changed. Changing anything but the position restarts at the first page.</summary>
public static class ListLinks
{
    private static readonly string[] PositionKeys = ["after", "page"];

    public static string With(this IQueryCollection query, string path, params (string Key, string? Value)[] changes)
    {
        var keepPosition = changes.Any(c => PositionKeys.Contains(c.Key, StringComparer.OrdinalIgnoreCase));
        var values = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in query)
        {
            if (!keepPosition && PositionKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            values[key] = value;
        }

        if (keepPosition)
        {
            foreach (var key in PositionKeys)
            {
                values.Remove(key);
            }
        }

        foreach (var (key, value) in changes)
        {
            if (string.IsNullOrEmpty(value))
            {
                values.Remove(key);
            }
            else
            {
                values[key] = value;
            }
        }

        var builder = new QueryBuilder();
        foreach (var (key, value) in values.Where(v => !StringValues.IsNullOrEmpty(v.Value)))
        {
            builder.Add(key, (IEnumerable<string>)value!);
        }

        return path + builder.ToQueryString();
    }

    /// <summary>The query string of the view, without the position: what a saved view or an export keeps.</summary>
    public static string Filters(this IQueryCollection query) => With(query, string.Empty);

    /// <summary>A column header's link: the same column flips the direction, another column starts with its natural one.</summary>
    public static string SortLink(this IQueryCollection query, string path, ListQuery current, string column) =>
        current.SortKey == column
            ? query.With(path, ("sort", column), ("dir", current.Descending ? "asc" : "desc"))
            : query.With(path, ("sort", column), ("dir", null));
}
