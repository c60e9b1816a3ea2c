using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace Crm.Web.Features.SavedViews;

/// <summary>
/// The query string a view keeps (filters, search, sort, columns; never the position, nor which view was open). A view belongs to the list of a
/// registered kind of record, named by the kind's key.
/// </summary>
public static class SavedViewLists
{
    public static string Clean(string? queryString)
    {
        var builder = new QueryBuilder();
        foreach (var (key, values) in QueryHelpers.ParseQuery(queryString))
        {
            if (key.Equals("after", StringComparison.OrdinalIgnoreCase) || key.Equals("page", StringComparison.OrdinalIgnoreCase)
                || key.Equals("view", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in values.Where(v => !string.IsNullOrEmpty(v)))
            {
                builder.Add(key, value!);
            }
        }

        return builder.ToQueryString().Value ?? string.Empty;
    }
}
