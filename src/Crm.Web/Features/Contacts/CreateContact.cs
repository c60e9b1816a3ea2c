using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Contacts;

/// <summary>Creates a contact, after warning about likely duplicates unless the user chose to create it anyway.</summary>
public static class CreateContact
{
    public sealed record Result(int? Id, IReadOnlyList<FieldError> Errors, IReadOnlyList<DuplicateCandidate> Duplicates)
    {
        public bool Created => Id is not null;
    }

    public sealed class Handler(CrmDbContext db, ContactFormChecks checks, ContactDuplicates duplicates, TagNames tagNames, TimeProvider clock)
    {
        public async Task<Result> HandleAsync(ContactForm form, CrmUser user, CancellationToken ct)
        {
            var (errors, ownerTeam) = await checks.CheckAsync(form, user, currentOwnerId: null, currentCompanyId: null, ct);
            if (errors.Count > 0)
            {
                return new Result(null, errors, []);
            }

            if (!form.CreateAnyway)
            {
                var probe = new ContactProbe(form.FirstName, form.LastName, form.CleanEmails, form.CleanPhones, form.CompanyId);
                var candidates = await duplicates.FindAsync(probe, user, ct);
                if (candidates.Count > 0)
                {
                    return new Result(null, [], candidates);
                }
            }

            var contact = new Contact();
            var tags = await tagNames.FindOrCreateAsync(TagNames.Parse(form.Tags), ct);
            form.ApplyTo(contact, ownerTeam, tags, clock.GetUtcNow().UtcDateTime);
            db.Contacts.Add(contact);
            await db.SaveChangesAsync(ct);
            return new Result(contact.Id, [], []);
        }
    }
}
