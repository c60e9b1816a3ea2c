using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Search;
using Crm.Web.Infrastructure.Text;

namespace Crm.Web.Features.Deals;

/// <summary>Deal search, accent- and case-insensitive: every word of the query starts some word of the deal's name. Indexed prefixes only.</summary>
public static class DealSearch
{
    public static IQueryable<Deal> Matching(this IQueryable<Deal> deals, CrmDbContext db, string? query)
    {
        var key = SearchKey.Normalize(query);
        if (key.Length == 0)
        {
            return deals;
        }

        var byName = SearchWords.RecordsMatching<Deal>(db, SearchWords.Terms(key));
        return deals.Where(d => byName.Contains(d.Id));
    }
}
