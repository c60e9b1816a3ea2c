using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// Creates and edits contacts for the shared record editor. Create warns about likely duplicates unless the user chose
/// to create anyway; edit carries the version the form was loaded with, so a contact changed meanwhile is not
/// overwritten and the user is shown who changed what.
/// </summary>
public sealed class ContactEditor(CrmDbContext db, ContactFormChecks checks, ContactDuplicates duplicates, TagNames tagNames, RecordHistory history, RecordChoices choices, TimeProvider clock)
    : IRecordEditor<ContactForm>
{
    public RecordEditorTexts Texts { get; } = new("New contact", "Create contact", "Contact created.", "This contact may already exist:");

    public ContactForm New(CrmUser user, IQueryCollection query) =>
        new() { OwnerId = user.Id, CompanyId = int.TryParse(query["companyId"], out var companyId) ? companyId : null, Emails = [null], Phones = [null] };

    public string NameOf(ContactForm form) => $"{form.FirstName} {form.LastName}".Trim();

    /// <summary>With a blank email and phone line to add one.</summary>
    public async Task<Outcome<ContactForm>> LoadAsync(int id, CrmUser user, CancellationToken ct)
    {
        var contact = await Contacts(user).AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (RecordEditing.Refuses(contact, user, out var refused))
        {
            return refused;
        }

        var form = ContactForm.From(contact);
        return Outcome.Done(form with { Emails = [.. form.Emails, null], Phones = [.. form.Phones, null] });
    }

    public async Task<Outcome<int>> CreateAsync(ContactForm form, CrmUser user, CancellationToken ct)
    {
        var (errors, ownerTeam) = await checks.CheckAsync(form, user, currentOwnerId: null, currentCompanyId: null, ct);
        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }

        if (!form.CreateAnyway)
        {
            var probe = new ContactProbe(form.FirstName, form.LastName, form.CleanEmails, form.CleanPhones, form.CompanyId);
            var candidates = await duplicates.FindAsync(probe, user, ct);
            if (candidates.Count > 0)
            {
                return Outcome.PossibleDuplicates([.. candidates.Select(d => new PossibleDuplicate(d.Id, $"{d.FirstName} {d.LastName}", d.CompanyName, ReasonOf(d.Reason)))]);
            }
        }

        var contact = new Contact();
        var tags = await tagNames.FindOrCreateAsync(TagNames.Parse(form.Tags), ct);
        form.ApplyTo(contact, ownerTeam, tags, clock.GetUtcNow().UtcDateTime);
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(ct);
        return Outcome.Done(contact.Id);
    }

    public async Task<Outcome<int>> SaveAsync(int id, ContactForm form, CrmUser user, CancellationToken ct) =>
        await RecordEditing.SaveAsync(db, history, await Contacts(user).FirstOrDefaultAsync(c => c.Id == id, ct), form.Version, user, async contact =>
        {
            var (errors, ownerTeam) = await checks.CheckAsync(form, user, contact.OwnerId, contact.CompanyId, ct);
            if (errors.Count == 0)
            {
                form.ApplyTo(contact, ownerTeam, await tagNames.FindOrCreateAsync(TagNames.Parse(form.Tags), ct), clock.GetUtcNow().UtcDateTime);
            }

            return errors;
        }, ct);

    public async Task<RecordFormChoices> ChoicesAsync(ContactForm form, int? id, CrmUser user, CancellationToken ct) =>
        new(await choices.OwnersAsync<Contact>(user, ct, id is null ? null : form.OwnerId),
            await choices.CompaniesAsync(user, null, form.CompanyId, null, ct));

    private IQueryable<Contact> Contacts(CrmUser user) =>
        db.Contacts.VisibleTo(user).Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Tags).ThenInclude(t => t.Tag).AsSplitQuery();

    private static string ReasonOf(DuplicateReason reason) => reason switch
    {
        DuplicateReason.SameEmail => "Same email",
        DuplicateReason.SamePhone => "Same phone",
        _ => "Similar name at the same company",
    };
}
