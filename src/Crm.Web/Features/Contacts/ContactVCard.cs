using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>A visible contact as a vCard, with a file name fit for a download.</summary>
public static class ContactVCard
{
    public sealed record File(string FileName, byte[] Content);

    public sealed class Handler(CrmDbContext db)
    {
        public async Task<File?> HandleAsync(int id, CrmUser user, CancellationToken ct)
        {
            var contact = await db.Contacts.AsNoTracking().VisibleTo(user)
                .Where(c => c.Id == id)
                .Select(c => new
                {
                    c.Id, c.FirstName, c.LastName, c.JobTitle, c.PreferredLanguage, c.UpdatedAt, c.Civility, c.Address, c.Description,
                    Company = c.Company != null ? c.Company.Name : null,
                    Emails = c.Emails.OrderByDescending(e => e.IsPrimary).ThenBy(e => e.Id).Select(e => new { e.Address, e.IsPrimary }).ToList(),
                    Phones = c.Phones.OrderBy(p => p.Id).Select(p => new { p.Number, p.E164 }).ToList(),
                    Tags = c.Tags.Select(t => t.Tag!.Name).ToList(),
                })
                .AsSplitQuery()
                .FirstOrDefaultAsync(ct);
            if (contact is null)
            {
                return null;
            }

            var card = new VCardContact(
                contact.FirstName, contact.LastName, contact.Company, contact.JobTitle,
                contact.Emails.Select(e => (e.Address, e.IsPrimary)).ToList(),
                contact.Phones.Select(p => (p.Number, p.E164)).ToList(),
                contact.PreferredLanguage, contact.Tags,
                $"urn:crm:contact:{contact.Id}", contact.UpdatedAt)
            {
                Civility = contact.Civility, Address = contact.Address, Note = contact.Description,
            };
            var name = new string($"{contact.FirstName} {contact.LastName}".Trim().Select(ch => char.IsLetterOrDigit(ch) || ch is ' ' or '-' ? ch : '_').ToArray()).Trim();
            return new File((name.Length > 0 ? name : "contact") + ".vcf", VCardWriter.ToBytes(card));
        }
    }
}
