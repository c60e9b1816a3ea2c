using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Search;
using Crm.Web.Infrastructure.Text;

namespace Crm.Web.Features.Companies;

public enum CompanyStatus
{
    Lead,
    Prospect,
    Customer,
    Partner,
    Inactive,
}

public enum CompanySize
{
    Unknown,
    Micro,      // 1-9
    Small,      // 10-49
    Medium,     // 50-249
    Large,      // 250-4999
    Enterprise, // 5000+
}

public sealed class Company : IRecord<Company>, IListed, IAssignable, ITaggable, ISearchIndexed, IWordIndexed
{
    public static RecordKind<Company> Kind { get; } = CompanyKind.Declare();

    public static string WordKind => Kind.Key;

    public int Id { get; set; }
    public string Name { get; set; } = string.Empty;
    public string NameKey { get; private set; } = string.Empty;
    public string? LegalName { get; set; }
    public string? Siren { get; set; }
    public string? Siret { get; set; }
    public string? VatNumber { get; set; }
    public string? NafCode { get; set; }
    public string? Industry { get; set; }
    public CompanySize Size { get; set; }
    public string? Website { get; set; }

    /// <summary>The website's domain, for duplicate matching.</summary>
    public string? DomainKey { get; private set; }
    public string? Phone { get; set; }
    public string? PhoneE164 { get; private set; }
    public Address BillingAddress { get; set; } = new();
    public Address ShippingAddress { get; set; } = new();
    public CompanyStatus Status { get; set; } = CompanyStatus.Lead;

    public string? OwnerId { get; set; }
    public AppUser? Owner { get; set; }
    public int? TeamId { get; set; }
    public Team? Team { get; set; }

    public int? ParentCompanyId { get; set; }
    public Company? ParentCompany { get; set; }

    public List<CompanyTag> Tags { get; set; } = [];

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastActivityAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public string? DeletedWith { get; set; }
    public int Version { get; set; }

    public IEnumerable<string?> WordSources() => [Name, LegalName];

    public void RefreshSearchKeys()
    {
        NameKey = SearchKey.Normalize(Name);
        PhoneE164 = PhoneNumber.ToE164(Phone);
        DomainKey = WebsiteDomain.Of(Website);
        Siren = string.IsNullOrWhiteSpace(Siren) ? null : FrenchCompanyIds.Clean(Siren);
        Siret = string.IsNullOrWhiteSpace(Siret) ? null : FrenchCompanyIds.Clean(Siret);
        VatNumber = string.IsNullOrWhiteSpace(VatNumber) ? null : FrenchCompanyIds.Clean(VatNumber);
        if (Siren is null && Siret is { Length: 14 })
        {
            Siren = Siret[..9];
        }
    }

    public void AssignTo(string? ownerId, int? teamId)
    {
        OwnerId = ownerId;
        TeamId = teamId;
    }

    public bool HasTag(int tagId) => Tags.Any(t => t.TagId == tagId);

    public void AddTag(Tag tag) => Tags.Add(new CompanyTag { Tag = tag });

    public bool HasTag(Tag tag) => Tags.Any(t => ReferenceEquals(t.Tag, tag));

    public void AddTag(int tagId) => Tags.Add(new CompanyTag { TagId = tagId });

    public void TouchActivity(DateTime at)
    {
        if (LastActivityAt is null || at > LastActivityAt)
        {
            LastActivityAt = at;
        }
    }
}

public sealed class CompanyTag : ITagLink
{
    public int CompanyId { get; set; }
    public int TagId { get; set; }
    public Tag? Tag { get; set; }
}
