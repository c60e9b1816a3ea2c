using Crm.Web.Features.Activities;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.WebForms;

/// <summary>
/// A submission of a public web form (/Forms/{slug}). Every error is found at once. The contact is found with the
/// duplicate rules (the same email, else the same phone; a name alone never matches: two people share names): a
/// known contact only gets what it lacks (a public form may not overwrite what someone typed into the CRM), a new one
/// is created with the form's owner and lead source. Consent ticked is recorded with the time and "Web form: name", the
/// form's tag is added, the submission is left on the contact's timeline as a note. The save goes through the save
/// interceptor, so its change events are published and workflow rules run on them.
/// </summary>
public sealed class WebFormSubmission(CrmDbContext db, TagNames tagNames, TimeProvider clock, IEnumerable<IWebFormListener> listeners, IStringLocalizer<SharedResource> l)
{
    /// <summary>The values posted, by <see cref="WebFormFields"/> key, and whether the consent box was ticked.</summary>
    public sealed record Posted(IReadOnlyDictionary<string, string?> Values, bool Consent);

    /// <summary>What happened: the contact, and whether it was created (false: an existing one matched).</summary>
    public sealed record Outcome(int ContactId, bool Created);

    /// <summary>The errors of the submission, keyed by field: required fields left empty, lengths, email and phone formats.</summary>
    public IReadOnlyList<FieldError> Check(WebForm form, Posted posted)
    {
        var errors = new List<FieldError>();
        foreach (var key in form.FieldKeys)
        {
            var field = WebFormFields.All[key];
            var value = Value(posted, key);
            if (value is null)
            {
                if (form.RequiredKeys.Contains(key))
                {
                    errors.Add(new(key, l["Fill in {0}.", l[field.Label]]));
                }
            }
            else if (value.Length > field.MaxLength)
            {
                errors.Add(new(key, l["{0} must be at most {1} characters.", l[field.Label], field.MaxLength]));
            }
            else if (key == WebFormFields.Email && !EmailAddresses.IsValid(value))
            {
                errors.Add(new(key, l["\"{0}\" is not a valid email address.", value]));
            }
            else if (key == WebFormFields.Phone && PhoneNumber.ToE164(value) is null)
            {
                errors.Add(new(key, l["\"{0}\" is not a phone number.", value]));
            }
        }

        return errors;
    }

    /// <summary>Creates or completes the contact; call after <see cref="Check"/> found nothing.</summary>
    public async Task<Outcome> SubmitAsync(WebForm form, Posted posted, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var email = Value(posted, WebFormFields.Email);
        var phone = Value(posted, WebFormFields.Phone);
        var contact = await MatchAsync(email, phone, ct);
        var created = contact is null;
        if (contact is null)
        {
            contact = new Contact { LeadSource = Truncate(form.ConsentSource, 100), LifecycleStage = LifecycleStage.Lead };
            if (form.OwnerId is { } ownerId)
            {
                contact.AssignTo(ownerId, await db.Users.Where(u => u.Id == ownerId).Select(u => u.TeamId).FirstOrDefaultAsync(ct));
            }

            db.Contacts.Add(contact);
        }

        // Only what the contact lacks: a public form cannot change what is already known about someone.
        if (contact.FirstName.Length == 0 && Value(posted, WebFormFields.FirstName) is { } first)
        {
            contact.FirstName = first;
        }

        if (contact.LastName.Length == 0 && Value(posted, WebFormFields.LastName) is { } last)
        {
            contact.LastName = last;
        }

        contact.JobTitle ??= Value(posted, WebFormFields.JobTitle);
        contact.Address = contact.Address with { City = contact.Address.City ?? Value(posted, WebFormFields.City) };
        if (email is not null && !contact.Emails.Any(e => e.AddressKey == SearchKey.NormalizeEmail(email)))
        {
            contact.SetEmails([.. contact.Emails.Select(e => e.Address), email], contact.Email);
        }

        if (phone is not null && !contact.Phones.Any(p => p.E164 == PhoneNumber.ToE164(phone)))
        {
            contact.SetPhones([.. contact.Phones.Select(p => p.Number), phone]);
        }

        if (form.ConsentText is not null && posted.Consent)
        {
            contact.SetConsent(ConsentState.Granted, now, form.ConsentSource);
        }

        if (form.TagName is not null && await tagNames.FindOrCreateAsync(form.TagName, ct) is { } tag && !contact.HasTag(tag) && (tag.Id == 0 || !contact.HasTag(tag.Id)))
        {
            contact.AddTag(tag);
        }

        contact.TouchActivity(now);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await db.SaveChangesAsync(token);
            db.Activities.Add(new Activity
            {
                Kind = ActivityKind.Note,
                Subject = Truncate(form.ConsentSource, 200),
                Body = string.Join('\n', form.FieldKeys.Select(k => (Key: k, Value: Value(posted, k))).Where(v => v.Value is not null)
                    .Select(v => l["{0}: {1}", l[WebFormFields.All[v.Key].Label], v.Value!].Value)
                    .Append(form.ConsentText is null ? string.Empty : l["{0}: {1}", form.ConsentText, posted.Consent ? l["Yes"] : l["No"]].Value)
                    .Where(line => line.Length > 0)),
                OccurredAt = now,
                ContactId = contact.Id,
                CompanyId = contact.CompanyId,
            });
            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
        }, ct);
        var outcome = new Outcome(contact.Id, created);
        foreach (var listener in listeners)
        {
            await listener.SubmittedAsync(form, outcome, ct);
        }

        return outcome;
    }

    /// <summary>The contact with this email (primary or not), else with this phone; never by name.</summary>
    private async Task<Contact?> MatchAsync(string? email, string? phone, CancellationToken ct)
    {
        var contacts = db.Contacts.Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Tags);
        if (email is not null)
        {
            var key = SearchKey.NormalizeEmail(email);
            if (await contacts.Where(c => c.EmailKey == key || c.Emails.Any(e => e.AddressKey == key)).OrderBy(c => c.Id).FirstOrDefaultAsync(ct) is { } byEmail)
            {
                return byEmail;
            }
        }

        if (phone is not null && PhoneNumber.ToE164(phone) is { } e164)
        {
            return await contacts.Where(c => c.PhoneE164 == e164 || c.Phones.Any(p => p.E164 == e164)).OrderBy(c => c.Id).FirstOrDefaultAsync(ct);
        }

        return null;
    }

    private static string? Value(Posted posted, string key) =>
        posted.Values.TryGetValue(key, out var value) && value?.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <summary>
/// What another feature does with a web form's submission once the contact is saved (campaigns: add the contact to the
/// form's campaign as a responder). Registered with <c>services.AddScoped&lt;IWebFormListener, …&gt;()</c>; none by default.
/// </summary>
public interface IWebFormListener
{
    Task SubmittedAsync(WebForm form, WebFormSubmission.Outcome outcome, CancellationToken ct);
}
