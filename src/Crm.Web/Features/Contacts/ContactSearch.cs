using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// The contact search of lists, the search page and the search box: prefix and accent-insensitive over first name,
/// last name, "first last" in either order, emails, phones and company name. Every test is a LIKE 'key%' on a
/// normalised, indexed column (NOCASE on SQLite), never a leading wildcard.
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

        var phrase = SearchKey.PrefixPattern(key);
        var emailPattern = SearchKey.PrefixPattern(SearchKey.NormalizeEmail(query));
        var byEmail = db.ContactEmails.Where(e => EF.Functions.Like(e.AddressKey, emailPattern, esc)).Select(e => e.ContactId);
        var byCompany = db.Companies.Where(co => EF.Functions.Like(co.NameKey, phrase, esc)).Select(co => (int?)co.Id);

        var words = key.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2)
        {
            return contacts.Where(c =>
                EF.Functions.Like(c.FirstNameKey, phrase, esc) || EF.Functions.Like(c.LastNameKey, phrase, esc)
                || EF.Functions.Like(c.EmailKey, emailPattern, esc) || byEmail.Contains(c.Id) || byCompany.Contains(c.CompanyId));
        }

        // "eloise mar", "martin elo", "jean pierre mar": the words split into a first and a last name, either way round.
        var head = SearchKey.PrefixPattern(words[0]);
        var tail = SearchKey.PrefixPattern(string.Join(' ', words[1..]));
        var init = SearchKey.PrefixPattern(string.Join(' ', words[..^1]));
        var last = SearchKey.PrefixPattern(words[^1]);
        return contacts.Where(c =>
            EF.Functions.Like(c.FirstNameKey, phrase, esc) || EF.Functions.Like(c.LastNameKey, phrase, esc) || byCompany.Contains(c.CompanyId)
            || (EF.Functions.Like(c.FirstNameKey, head, esc) && EF.Functions.Like(c.LastNameKey, tail, esc))
            || (EF.Functions.Like(c.LastNameKey, head, esc) && EF.Functions.Like(c.FirstNameKey, tail, esc))
            || (EF.Functions.Like(c.FirstNameKey, init, esc) && EF.Functions.Like(c.LastNameKey, last, esc)));
    }
}
