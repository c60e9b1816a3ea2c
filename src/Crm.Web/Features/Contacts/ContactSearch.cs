using Crm.Web.Features.Companies;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Search;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// The contact search of lists, the search page and the search box, accent- and case-insensitive: every word of the
/// query starts some word of the contact's names ("silva" finds "Da Silva", "martin elo" finds "Éloïse Martin"), or
/// of its company's names; a one-word query also matches email prefixes; digits match phones. Every test is an
/// indexed prefix range (the word index, or a normalised NOCASE column on SQLite), never a leading wildcard.
/// </summary>
public static class ContactSearch
{
    public static IQueryable<Contact> Matching(this IQueryable<Contact> contacts, CrmDbContext db, string? query)
    {
        var key = SearchKey.Normalize(query);
        if (key.Length == 0)
        {
            return contacts;
        }

        const string esc = SearchKey.LikeEscape;
        if (!key.Any(char.IsLetter) && PhoneNumber.SearchPrefix(key) is { } phone)
        {
            var phonePattern = SearchKey.PrefixPattern(phone);
            var byPhone = db.ContactPhones.Where(p => EF.Functions.Like(p.E164, phonePattern, esc)).Select(p => p.ContactId);
            return contacts.Where(c => EF.Functions.Like(c.PhoneE164, phonePattern, esc) || byPhone.Contains(c.Id));
        }

        var terms = SearchWords.Terms(key);
        var byName = SearchWords.RecordsMatching<Contact>(db, terms);
        var companyIds = SearchWords.RecordsMatching<Company>(db, terms);
        var byCompany = db.Companies.Where(co => companyIds.Contains(co.Id)).Select(co => (int?)co.Id);
        if (key.Contains(' ', StringComparison.Ordinal))
        {
            return contacts.Where(c => byName.Contains(c.Id) || byCompany.Contains(c.CompanyId));
        }

        var emailPattern = SearchKey.PrefixPattern(SearchKey.NormalizeEmail(query));
        var byEmail = db.ContactEmails.Where(e => EF.Functions.Like(e.AddressKey, emailPattern, esc)).Select(e => e.ContactId);
        return contacts.Where(c =>
            byName.Contains(c.Id) || EF.Functions.Like(c.EmailKey, emailPattern, esc) || byEmail.Contains(c.Id) || byCompany.Contains(c.CompanyId));
    }
}
