using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Companies;

/// <summary>Company search: name prefix (accent-insensitive), or for digits a phone, SIREN or SIRET prefix. Indexed prefixes only.</summary>
public static class CompanySearch
{
    public static IQueryable<Company> Matching(this IQueryable<Company> companies, string? query)
    {
        var key = SearchKey.Normalize(query);
        if (key.Length == 0)
        {
            return companies;
        }

        const string esc = SearchKey.LikeEscape;
        var name = SearchKey.PrefixPattern(key);
        if (key.Any(char.IsLetter))
        {
            return companies.Where(c => EF.Functions.Like(c.NameKey, name, esc));
        }

        var digits = new string(key.Where(char.IsDigit).ToArray());
        var ids = SearchKey.PrefixPattern(digits.Length > 0 ? digits : key);
        var phone = PhoneNumber.SearchPrefix(key) is { } p ? SearchKey.PrefixPattern(p) : null;
        return companies.Where(c =>
            EF.Functions.Like(c.NameKey, name, esc) || EF.Functions.Like(c.Siren, ids, esc) || EF.Functions.Like(c.Siret, ids, esc)
            || (phone != null && EF.Functions.Like(c.PhoneE164, phone, esc)));
    }
}
