using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Support;

/// <summary>
/// The contact a customer's request belongs to, by email address: the existing one (whatever name the form or the
/// mail gives, nothing of it is changed: anyone may type anyone's address), else a new one with that name and address.
/// Nothing tells the customer which happened.
/// </summary>
public sealed class SupportContacts(CrmDbContext db, TimeProvider clock)
{
    public async Task<int> FindOrCreateAsync(string email, string? name, string? language, CancellationToken ct)
    {
        var key = SearchKey.NormalizeEmail(email);
        var existing = await db.Contacts.Where(c => c.DeletedAt == null && (c.EmailKey == key || c.Emails.Any(e => e.AddressKey == key)))
            .OrderBy(c => c.Id).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
        if (existing is int id)
        {
            return id;
        }

        var (first, last) = SplitName(name, email);
        var now = clock.GetUtcNow().UtcDateTime;
        var contact = new Contact
        {
            FirstName = first,
            LastName = last,
            PreferredLanguage = language,
            CreatedAt = now,
            UpdatedAt = now,
        };
        contact.SetEmails([email]);
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(ct);
        return contact.Id;
    }

    /// <summary>"Marie Curie" → ("Marie", "Curie"); one word is the last name; no name, the address's local part.</summary>
    public static (string First, string Last) SplitName(string? name, string email)
    {
        var words = (name ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length switch
        {
            0 => (string.Empty, Truncate(email.Split('@')[0])),
            1 => (string.Empty, Truncate(words[0])),
            _ => (Truncate(string.Join(' ', words[..^1])), Truncate(words[^1])),
        };
    }

    private static string Truncate(string text) => text.Length <= 100 ? text : text[..100];
}
