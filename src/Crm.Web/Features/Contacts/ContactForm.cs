using Crm.Web.Features.Shared;
using System.ComponentModel.DataAnnotations;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// What the contact form posts, for create and edit alike. Only these fields bind: owner team, consent date,
/// search keys, times and the id come from the server, never from the request.
/// </summary>
public sealed record ContactForm : IEditorForm<ContactForm>, IRecordForm<Contact>
{
    public const int MaxEmails = 10;
    public const int MaxPhones = 10;

    public string? Civility { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? JobTitle { get; init; }

    public List<string?> Emails { get; init; } = [];

    /// <summary>Index in <see cref="Emails"/> of the primary address.</summary>
    public int PrimaryEmail { get; init; }

    public List<string?> Phones { get; init; } = [];

    public int? CompanyId { get; init; }

    public Address Address { get; init; } = new();

    public string? Description { get; init; }

    public ContactStatus Status { get; init; } = ContactStatus.Active;

    public LifecycleStage LifecycleStage { get; init; } = LifecycleStage.Lead;

    public string? LeadSource { get; init; }

    public string? OwnerId { get; init; }

    public string? PreferredLanguage { get; init; }

    public ConsentState Consent { get; init; }

    public string? ConsentSource { get; init; }

    [StringLength(500, ErrorMessage = "{0} must be at most {1} characters."), Display(Name = "Tags")]
    public string? Tags { get; init; }

    /// <summary>The version the edit form was loaded with (concurrency token); ignored on create.</summary>
    public int Version { get; init; }

    public ContactForm WithVersion(int version) => this with { Version = version };

    /// <summary>The user saw the duplicate warning and creates the contact anyway.</summary>
    public bool CreateAnyway { get; init; }

    public IReadOnlyList<string> CleanEmails => Emails.Select(e => e?.Trim()).Where(e => !string.IsNullOrEmpty(e)).Select(e => e!).ToList();

    public IReadOnlyList<string> CleanPhones => Phones.Select(p => p?.Trim()).Where(p => !string.IsNullOrEmpty(p)).Select(p => p!).ToList();

    public string? PrimaryEmailAddress =>
        PrimaryEmail >= 0 && PrimaryEmail < Emails.Count && !string.IsNullOrWhiteSpace(Emails[PrimaryEmail]) ? Emails[PrimaryEmail]!.Trim() : CleanEmails is [var first, ..] ? first : null;

    /// <summary>Checks that need no database; each error is keyed by the field it belongs to.</summary>
    public IEnumerable<(string Field, string Message)> Check(IStringLocalizer l)
    {
        var emails = CleanEmails;
        foreach (var email in emails.Where(e => !EmailAddresses.IsValid(e)))
        {
            yield return (nameof(Emails), l["\"{0}\" is not a valid email address.", email]);
        }

        if (emails.Count > MaxEmails)
        {
            yield return (nameof(Emails), l["At most {0} email addresses.", MaxEmails]);
        }

        var phones = CleanPhones;
        foreach (var phone in phones.Where(p => p.Length > Contact.Kind.Fields.MaxLength(nameof(Contact.Phones)) || !p.Any(char.IsAsciiDigit)))
        {
            yield return (nameof(Phones), l["\"{0}\" is not a phone number.", phone]);
        }

        if (phones.Count > MaxPhones)
        {
            yield return (nameof(Phones), l["At most {0} phone numbers.", MaxPhones]);
        }

        if (!string.IsNullOrEmpty(PreferredLanguage) && PreferredLanguage is not ("fr" or "en"))
        {
            yield return (nameof(PreferredLanguage), l["Choose French or English."]);
        }

        if (!Enum.IsDefined(Status) || !Enum.IsDefined(LifecycleStage) || !Enum.IsDefined(Consent))
        {
            yield return (string.Empty, l["The request was not valid."]);
        }

        foreach (var tag in TagNames.Parse(Tags).Where(t => t.Length > TagNames.MaxLength))
        {
            yield return (nameof(Tags), l["The tag \"{0}\" is longer than {1} characters.", tag, TagNames.MaxLength]);
        }
    }

    public static ContactForm From(Contact contact) => new()
    {
        Civility = contact.Civility,
        FirstName = contact.FirstName,
        LastName = contact.LastName,
        JobTitle = contact.JobTitle,
        Emails = contact.Emails.Select(e => (string?)e.Address).ToList(),
        PrimaryEmail = Math.Max(0, contact.Emails.FindIndex(e => e.IsPrimary)),
        Phones = contact.Phones.Select(p => (string?)p.Number).ToList(),
        CompanyId = contact.CompanyId,
        Address = contact.Address,
        Description = contact.Description,
        Status = contact.Status,
        LifecycleStage = contact.LifecycleStage,
        LeadSource = contact.LeadSource,
        OwnerId = contact.OwnerId,
        PreferredLanguage = contact.PreferredLanguage,
        Consent = contact.Consent,
        ConsentSource = contact.ConsentSource,
        Tags = TagNames.Join(contact.Tags.Select(t => t.Tag!.Name)),
        Version = contact.Version,
    };

    /// <summary>Copies the form onto the contact; the owner's team and the tags were resolved by the caller.</summary>
    public void ApplyTo(Contact contact, int? ownerTeamId, IReadOnlyList<Tag> tags, DateTime now)
    {
        contact.Civility = Blank(Civility);
        contact.FirstName = FirstName?.Trim() ?? string.Empty;
        contact.LastName = LastName?.Trim() ?? string.Empty;
        contact.JobTitle = Blank(JobTitle);
        contact.SetEmails(CleanEmails, PrimaryEmailAddress);
        contact.SetPhones(CleanPhones);
        contact.CompanyId = CompanyId;
        contact.Address = new()
        {
            Line1 = Blank(Address.Line1), Line2 = Blank(Address.Line2), PostalCode = Blank(Address.PostalCode), City = Blank(Address.City), Country = Blank(Address.Country),
        };
        contact.Description = Blank(Description);
        contact.Status = Status;
        contact.LifecycleStage = LifecycleStage;
        contact.LeadSource = Blank(LeadSource);
        contact.PreferredLanguage = Blank(PreferredLanguage);
        var source = Blank(ConsentSource);
        if (Consent != contact.Consent)
        {
            contact.SetConsent(Consent, now, source);
        }
        else if (Consent != ConsentState.Unknown)
        {
            contact.ConsentSource = source;
        }

        contact.OwnerId = string.IsNullOrEmpty(OwnerId) ? null : OwnerId;
        contact.TeamId = ownerTeamId;
        contact.Tags.RemoveAll(link => !tags.Any(tag => IsSame(tag, link)));
        foreach (var tag in tags.Where(tag => !contact.Tags.Any(link => IsSame(tag, link))))
        {
            contact.Tags.Add(new ContactTag { Tag = tag });
        }

        static bool IsSame(Tag tag, ContactTag link) => ReferenceEquals(link.Tag, tag) || (tag.Id != 0 && link.TagId == tag.Id);
    }

    /// <summary>The E.164 form shown as a hint beside a typed number, when it parses.</summary>
    public static string? E164Hint(string? typed) => PhoneNumber.ToE164(typed);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
