using Crm.Web.Features.Companies;
using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Search;
using Crm.Web.Infrastructure.Text;

namespace Crm.Web.Features.Contacts;

public enum ContactStatus
{
    Active,
    Inactive,
    DoNotContact,
}

public enum LifecycleStage
{
    Subscriber,
    Lead,
    MarketingQualified,
    SalesQualified,
    Opportunity,
    Customer,
    Evangelist,
    Other,
}

public enum ConsentState
{
    Unknown,
    Granted,
    Denied,
    Withdrawn,
}

public sealed class Contact : IRecord<Contact>, IListed, IAssignable, ITaggable, ISearchIndexed, IWordIndexed
{
    public static RecordKind<Contact> Kind { get; } = ContactKind.Declare();

    public static string WordKind => Kind.Key;

    public int Id { get; set; }
    public string FirstName { get; set; } = string.Empty;
    public string LastName { get; set; } = string.Empty;
    public string FirstNameKey { get; private set; } = string.Empty;
    public string LastNameKey { get; private set; } = string.Empty;

    /// <summary>"last first", the sort key of lists sorted by name.</summary>
    public string SortName { get; private set; } = string.Empty;

    public string? JobTitle { get; set; }

    /// <summary>How to address the contact ("Mme", "M.", "Dr"), as written.</summary>
    public string? Civility { get; set; }

    public Address Address { get; set; } = new();

    /// <summary>Free notes about the contact (another tool's "Notes", a vCard's NOTE).</summary>
    public string? Description { get; set; }

    /// <summary>Where the contact came from ("Salon", "Site web", another tool's lead source), as written.</summary>
    public string? LeadSource { get; set; }

    /// <summary>The primary email, kept on the row for lists, search and duplicate matching.</summary>
    public string? Email { get; private set; }
    public string? EmailKey { get; private set; }

    /// <summary>The first phone as typed, and its E.164 form for matching.</summary>
    public string? Phone { get; private set; }
    public string? PhoneE164 { get; private set; }

    public List<ContactEmail> Emails { get; set; } = [];
    public List<ContactPhone> Phones { get; set; } = [];

    public int? CompanyId { get; set; }
    public Company? Company { get; set; }

    public ContactStatus Status { get; set; }
    public LifecycleStage LifecycleStage { get; set; } = LifecycleStage.Lead;
    public string? PreferredLanguage { get; set; }

    public ConsentState Consent { get; set; }
    public DateTime? ConsentAt { get; set; }
    public string? ConsentSource { get; set; }

    /// <summary>Every change of <see cref="Consent"/>, oldest first, as <see cref="SetConsent"/> wrote it.</summary>
    public List<ConsentChange> ConsentHistory { get; set; } = [];

    public string? OwnerId { get; set; }
    public AppUser? Owner { get; set; }
    public int? TeamId { get; set; }
    public Team? Team { get; set; }

    public List<ContactTag> Tags { get; set; } = [];

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastActivityAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public string? DeletedWith { get; set; }
    public int Version { get; set; }

    public string FullName => $"{FirstName} {LastName}".Trim();

    public IEnumerable<string?> WordSources() => [FirstName, LastName];

    public void RefreshSearchKeys() => RefreshSearchKeys(phoneKeysSet: false);

    /// <summary>The keys; with <paramref name="phoneKeysSet"/> the phones keep the E.164 forms their writer already computed (an import).</summary>
    public void RefreshSearchKeys(bool phoneKeysSet)
    {
        FirstNameKey = SearchKey.Normalize(FirstName);
        LastNameKey = SearchKey.Normalize(LastName);
        SortName = $"{LastNameKey} {FirstNameKey}".Trim();

        var primary = Emails.FirstOrDefault(e => e.IsPrimary) ?? Emails.FirstOrDefault();
        foreach (var e in Emails)
        {
            e.IsPrimary = ReferenceEquals(e, primary);
            e.AddressKey = SearchKey.NormalizeEmail(e.Address);
        }

        Email = primary?.Address;
        EmailKey = primary?.AddressKey;

        if (!phoneKeysSet)
        {
            foreach (var p in Phones)
            {
                p.E164 = PhoneNumber.ToE164(p.Number);
            }
        }

        var phone = Phones.FirstOrDefault();
        Phone = phone?.Number;
        PhoneE164 = phone?.E164;
    }

    /// <summary>Replaces the emails with the given list; the first one is primary unless another is named.</summary>
    public void SetEmails(IEnumerable<string> addresses, string? primary = null)
    {
        var wanted = addresses.Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        Emails.RemoveAll(e => !wanted.Contains(e.Address, StringComparer.OrdinalIgnoreCase));
        foreach (var address in wanted.Where(a => !Emails.Any(e => e.Address.Equals(a, StringComparison.OrdinalIgnoreCase))))
        {
            Emails.Add(new ContactEmail { Address = address });
        }

        var primaryAddress = primary ?? wanted.FirstOrDefault();
        foreach (var e in Emails)
        {
            e.IsPrimary = e.Address.Equals(primaryAddress, StringComparison.OrdinalIgnoreCase);
        }

        Emails.Sort((a, b) => wanted.IndexOf(a.Address).CompareTo(wanted.IndexOf(b.Address)));
        RefreshSearchKeys();
    }

    public void SetPhones(IEnumerable<string> numbers)
    {
        var wanted = numbers.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct().ToList();
        Phones.RemoveAll(p => !wanted.Contains(p.Number));
        foreach (var number in wanted.Where(n => !Phones.Any(p => p.Number == n)))
        {
            Phones.Add(new ContactPhone { Number = number });
        }

        Phones.Sort((a, b) => wanted.IndexOf(a.Number).CompareTo(wanted.IndexOf(b.Number)));
        RefreshSearchKeys();
    }

    public void SetConsent(ConsentState state, DateTime at, string? source)
    {
        if (state == Consent)
        {
            return;
        }

        Consent = state;
        ConsentAt = state == ConsentState.Unknown ? null : at;
        ConsentSource = source;
        var kept = source is { Length: > ConsentChange.MaxSourceLength } ? source[..ConsentChange.MaxSourceLength] : source;
        ConsentHistory.Add(new ConsentChange { State = state, At = at, Source = kept });
    }

    public void AssignTo(string? ownerId, int? teamId)
    {
        OwnerId = ownerId;
        TeamId = teamId;
    }

    public bool HasTag(int tagId) => Tags.Any(t => t.TagId == tagId);

    public void AddTag(Tag tag) => Tags.Add(new ContactTag { Tag = tag });

    public bool HasTag(Tag tag) => Tags.Any(t => ReferenceEquals(t.Tag, tag));

    public void AddTag(int tagId) => Tags.Add(new ContactTag { TagId = tagId });

    public void TouchActivity(DateTime at)
    {
        if (LastActivityAt is null || at > LastActivityAt)
        {
            LastActivityAt = at;
        }
    }
}

public sealed class ContactEmail : IRecordValue
{
    string IRecordValue.Field => nameof(Contact.Emails);
    string IRecordValue.Value => Address;

    public int Id { get; set; }
    public int ContactId { get; set; }
    public string Address { get; set; } = string.Empty;
    public string AddressKey { get; set; } = string.Empty;
    public bool IsPrimary { get; set; }
}

public sealed class ContactPhone : IRecordValue
{
    string IRecordValue.Field => nameof(Contact.Phones);
    string IRecordValue.Value => Number;

    public int Id { get; set; }
    public int ContactId { get; set; }

    /// <summary>As typed, shown as is.</summary>
    public string Number { get; set; } = string.Empty;

    /// <summary>Normalised for matching; null when the text is not a possible number.</summary>
    public string? E164 { get; set; }
}

public sealed class ContactTag : ITagLink
{
    public int ContactId { get; set; }
    public int TagId { get; set; }
    public Tag? Tag { get; set; }
}
