using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Crm.Web.Features.Shared;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Records;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Companies;

/// <summary>
/// What the company form posts, for create and edit alike. Only these fields bind: the team, search keys, times and
/// the id come from the server, never from the request.
/// </summary>
public sealed partial record CompanyForm : IEditorForm<CompanyForm>, IRecordForm<Company>
{
    public string? Name { get; init; }

    public string? LegalName { get; init; }

    public string? Siren { get; init; }

    public string? Siret { get; init; }

    public string? VatNumber { get; init; }

    public string? NafCode { get; init; }

    public string? Industry { get; init; }

    public CompanySize Size { get; init; }

    public string? Website { get; init; }

    public string? Phone { get; init; }

    public Address Billing { get; init; } = new();

    public Address Shipping { get; init; } = new();

    public bool ShippingSameAsBilling { get; init; }

    public CompanyStatus Status { get; init; } = CompanyStatus.Lead;

    public string? OwnerId { get; init; }

    public int? ParentCompanyId { get; init; }

    [StringLength(500, ErrorMessage = "{0} must be at most {1} characters."), Display(Name = "Tags")]
    public string? Tags { get; init; }

    /// <summary>The version the edit form was loaded with (concurrency token); ignored on create.</summary>
    public int Version { get; init; }

    public CompanyForm WithVersion(int version) => this with { Version = version };

    /// <summary>The user saw the duplicate warning and creates the company anyway.</summary>
    public bool CreateAnyway { get; init; }

    /// <summary>The SIREN given, or the one inside the SIRET.</summary>
    public string? EffectiveSiren
    {
        get
        {
            var siren = FrenchCompanyIds.Clean(Siren);
            var siret = FrenchCompanyIds.Clean(Siret);
            return siren.Length > 0 ? siren : siret.Length == 14 ? siret[..9] : null;
        }
    }

    /// <summary>Checks that need no database; each error is keyed by the field it belongs to.</summary>
    public IEnumerable<(string Field, string Message)> Check(IStringLocalizer l)
    {
        var siren = FrenchCompanyIds.Clean(Siren);
        var siret = FrenchCompanyIds.Clean(Siret);
        if (siren.Length > 0 && !FrenchCompanyIds.IsValidSiren(siren))
        {
            yield return (nameof(Siren), l["The SIREN must be 9 digits with a valid check digit."]);
        }

        if (siret.Length > 0 && !FrenchCompanyIds.IsValidSiret(siret))
        {
            yield return (nameof(Siret), l["The SIRET must be 14 digits with a valid check digit."]);
        }
        else if (siret.Length > 0 && siren.Length > 0 && !siret.StartsWith(siren, StringComparison.Ordinal))
        {
            yield return (nameof(Siret), l["The SIRET must start with the SIREN ({0}).", siren]);
        }

        var vat = FrenchCompanyIds.Clean(VatNumber);
        if (vat.Length > 0)
        {
            if (!FrenchCompanyIds.IsValidVat(vat))
            {
                yield return (nameof(VatNumber), l["This is not a valid intra-EU VAT number (e.g. FR83404833048)."]);
            }
            else if (vat.StartsWith("FR", StringComparison.Ordinal) && EffectiveSiren is { } known && !vat.EndsWith(known, StringComparison.Ordinal))
            {
                yield return (nameof(VatNumber), l["The French VAT number must end with the SIREN ({0}).", known]);
            }
        }

        if (!string.IsNullOrWhiteSpace(NafCode) && !NafPattern().IsMatch(NafCode.Trim().ToUpperInvariant()))
        {
            yield return (nameof(NafCode), l["The NAF code looks like 62.01Z."]);
        }

        if (!string.IsNullOrWhiteSpace(Website) && NormalizedWebsite(Website) is null)
        {
            yield return (nameof(Website), l["Enter a web address such as https://example.fr."]);
        }

        if (!string.IsNullOrWhiteSpace(Phone) && !Phone.Any(char.IsAsciiDigit))
        {
            yield return (nameof(Phone), l["\"{0}\" is not a phone number.", Phone]);
        }

        if (!Enum.IsDefined(Status) || !Enum.IsDefined(Size))
        {
            yield return (string.Empty, l["The request was not valid."]);
        }

        foreach (var tag in TagNames.Parse(Tags).Where(t => t.Length > TagNames.MaxLength))
        {
            yield return (nameof(Tags), l["The tag \"{0}\" is longer than {1} characters.", tag, TagNames.MaxLength]);
        }
    }

    public static CompanyForm From(Company company) => new()
    {
        Name = company.Name,
        LegalName = company.LegalName,
        Siren = company.Siren,
        Siret = company.Siret,
        VatNumber = company.VatNumber,
        NafCode = company.NafCode,
        Industry = company.Industry,
        Size = company.Size,
        Website = company.Website,
        Phone = company.Phone,
        Billing = company.BillingAddress,
        Shipping = company.ShippingAddress,
        ShippingSameAsBilling = !company.BillingAddress.IsEmpty && company.BillingAddress == company.ShippingAddress,
        Status = company.Status,
        OwnerId = company.OwnerId,
        ParentCompanyId = company.ParentCompanyId,
        Tags = TagNames.Join(company.Tags.Select(t => t.Tag!.Name)),
        Version = company.Version,
    };

    /// <summary>Copies the form onto the company; the owner's team and the tags were resolved by the caller.</summary>
    public void ApplyTo(Company company, int? ownerTeamId, IReadOnlyList<Tag> tags)
    {
        company.Name = Name?.Trim() ?? string.Empty;
        company.LegalName = Blank(LegalName);
        company.Siren = Blank(Siren);
        company.Siret = Blank(Siret);
        company.VatNumber = Blank(VatNumber);
        company.NafCode = NormalizedNaf(NafCode);
        company.Industry = Blank(Industry);
        company.Size = Size;
        company.Website = string.IsNullOrWhiteSpace(Website) ? null : NormalizedWebsite(Website);
        company.Phone = Blank(Phone);
        company.BillingAddress = Trimmed(Billing);
        company.ShippingAddress = ShippingSameAsBilling ? Trimmed(Billing) : Trimmed(Shipping);
        company.Status = Status;
        company.AssignTo(string.IsNullOrEmpty(OwnerId) ? null : OwnerId, ownerTeamId);
        company.ParentCompanyId = ParentCompanyId;
        company.Tags.RemoveAll(link => !tags.Any(tag => IsSame(tag, link)));
        foreach (var tag in tags.Where(tag => !company.Tags.Any(link => IsSame(tag, link))))
        {
            company.Tags.Add(new CompanyTag { Tag = tag });
        }

        static bool IsSame(Tag tag, CompanyTag link) => ReferenceEquals(link.Tag, tag) || (tag.Id != 0 && link.TagId == tag.Id);
    }

    /// <summary>"example.fr" becomes "https://example.fr"; anything but an http(s) address is refused (null).</summary>
    public static string? NormalizedWebsite(string value)
    {
        var text = value.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Contains('.', StringComparison.Ordinal)
            ? uri.ToString().TrimEnd('/')
            : null;
    }

    private static string? NormalizedNaf(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim().ToUpperInvariant().Replace(".", string.Empty, StringComparison.Ordinal);
        return $"{text[..2]}.{text[2..]}";
    }

    private static Address Trimmed(Address a) => new()
    {
        Line1 = Blank(a.Line1),
        Line2 = Blank(a.Line2),
        PostalCode = Blank(a.PostalCode),
        City = Blank(a.City),
        Country = Blank(a.Country),
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[0-9]{2}\\.?[0-9]{2}[A-Z]$")]
    private static partial Regex NafPattern();
}
