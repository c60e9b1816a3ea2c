using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>What a new or imported contact looks like, for finding likely duplicates.</summary>
public sealed record ContactProbe(string? FirstName, string? LastName, IReadOnlyList<string> Emails, IReadOnlyList<string> Phones, int? CompanyId, int? ExcludeId = null);

public enum DuplicateReason
{
    SameEmail,
    SamePhone,
    SimilarNameSameCompany,
}

public sealed record DuplicateCandidate(int Id, string FirstName, string LastName, string? Email, string? CompanyName, DuplicateReason Reason);

/// <summary>
/// Likely duplicates of a contact: the same normalised email or E.164 phone, or a similar name at the same company.
/// Only contacts the user may see are returned.
/// </summary>
public sealed class ContactDuplicates(CrmDbContext db)
{
    public async Task<IReadOnlyList<DuplicateCandidate>> FindAsync(ContactProbe probe, CrmUser user, CancellationToken ct)
    {
        var found = new Dictionary<int, DuplicateCandidate>();
        var visible = db.Contacts.AsNoTracking().VisibleTo(user).Where(c => probe.ExcludeId == null || c.Id != probe.ExcludeId);

        var emailKeys = probe.Emails.Select(SearchKey.NormalizeEmail).Where(e => e.Length > 0).Distinct().ToList();
        if (emailKeys.Count > 0)
        {
            var byEmail = await visible
                .Where(c => db.ContactEmails.Any(e => e.ContactId == c.Id && emailKeys.Contains(e.AddressKey)))
                .Select(c => new DuplicateCandidate(c.Id, c.FirstName, c.LastName, c.Email, c.Company != null ? c.Company.Name : null, DuplicateReason.SameEmail))
                .Take(10).ToListAsync(ct);
            byEmail.ForEach(c => found.TryAdd(c.Id, c));
        }

        var phones = probe.Phones.Select(p => PhoneNumber.ToE164(p)).OfType<string>().Distinct().ToList();
        if (phones.Count > 0)
        {
            var byPhone = await visible
                .Where(c => db.ContactPhones.Any(p => p.ContactId == c.Id && p.E164 != null && phones.Contains(p.E164)))
                .Select(c => new DuplicateCandidate(c.Id, c.FirstName, c.LastName, c.Email, c.Company != null ? c.Company.Name : null, DuplicateReason.SamePhone))
                .Take(10).ToListAsync(ct);
            byPhone.ForEach(c => found.TryAdd(c.Id, c));
        }

        var lastKey = SearchKey.Normalize(probe.LastName);
        if (probe.CompanyId is int companyId && lastKey.Length > 0)
        {
            var firstKey = SearchKey.Normalize(probe.FirstName);
            var sameName = await visible
                .Where(c => c.CompanyId == companyId && c.LastNameKey == lastKey)
                .Select(c => new { c.Id, c.FirstName, c.LastName, c.FirstNameKey, c.Email, CompanyName = c.Company!.Name })
                .Take(50).ToListAsync(ct);
            foreach (var c in sameName.Where(c => NameSimilarity.Similar(c.FirstNameKey, firstKey)))
            {
                found.TryAdd(c.Id, new DuplicateCandidate(c.Id, c.FirstName, c.LastName, c.Email, c.CompanyName, DuplicateReason.SimilarNameSameCompany));
            }
        }

        return found.Values.ToList();
    }
}
