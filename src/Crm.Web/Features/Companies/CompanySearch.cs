using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Search;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Companies;

/// <summary>
/// Company search, accent- and case-insensitive: every word of the query starts some word of the name or legal name
/// ("dumont" finds "Plomberie Dumont"); for digits also a phone, SIREN or SIRET prefix. Indexed prefixes only.
/// </summary>
public static class CompanySearch
{
    public static IQueryable<Company> Matching(this IQueryable<Company> companies, CrmDbContext db, string? query)
    {
        var key = SearchKey.Normalize(query);
        if (key.Length == 0)
        {
            return companies;
        }

        var byName = SearchWords.RecordsMatching<Company>(db, SearchWords.Terms(key));
        if (key.Any(char.IsLetter))
        {
            return companies.Where(c => byName.Contains(c.Id));
        }

        const string esc = SearchKey.LikeEscape;
        var digits = new string(key.Where(char.IsDigit).ToArray());
        var ids = SearchKey.PrefixPattern(digits.Length > 0 ? digits : key);
        var phone = PhoneNumber.SearchPrefix(key) is { } p ? SearchKey.PrefixPattern(p) : null;
        return companies.Where(c =>
            byName.Contains(c.Id) || EF.Functions.Like(c.Siren, ids, esc) || EF.Functions.Like(c.Siret, ids, esc)
            || (phone != null && EF.Functions.Like(c.PhoneE164, phone, esc)));
    }
}
