using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace Crm.Web.Features.SavedViews;

/// <summary>The lists a view can be saved for, and the query string a view keeps (filters, search, sort; never the position).</summary>
public static class SavedViewLists
{
    public const string Contacts = "contacts";
    public const string Companies = "companies";

    private static readonly Dictionary<string, string> Paths = new(StringComparer.Ordinal)
    {
        [Contacts] = "/Contacts",
        [Companies] = "/Companies",
    };

    public static bool IsKnown(string? list) => list is not null && Paths.ContainsKey(list);

    public static string PathOf(string list) => Paths[list];

    public static string Clean(string? queryString)
    {
        var builder = new QueryBuilder();
        foreach (var (key, values) in QueryHelpers.ParseQuery(queryString))
        {
            if (key.Equals("after", StringComparison.OrdinalIgnoreCase) || key.Equals("page", StringComparison.OrdinalIgnoreCase))
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
