using System.Globalization;
using Crm.Web.Features.Imports;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Companies;

/// <summary>A company's values read from an import row.</summary>
public sealed record ParsedCompany(
    string Name,
    string? LegalName,
    string? Siret,
    string? Siren,
    string? Vat,
    string? Naf,
    string? Industry,
    string? Website,
    string? Phone,
    string? Street,
    string? PostalCode,
    string? City,
    string? Country,
    CompanyStatus? Status)
{
    public string? Street2 { get; init; }

    public Address Shipping { get; init; } = new();

    public CompanySize? Size { get; init; }

    /// <summary>The parent company the row names, found among the companies the user sees or earlier rows of the file.</summary>
    public KnownRecord<Company>? Parent { get; init; }
}

/// <summary>
/// How companies are imported: the columns (with the French and English headers that name them) and the row importer.
/// A row is a duplicate of a company the user can see with the same SIRET, the same SIREN, or the same name.
/// </summary>
public static class CompanyImport
{
    /// <summary>The keys of the columns, stored in a job's mapping.</summary>
    public static class Columns
    {
        public const string Name = "Name";
        public const string LegalName = "LegalName";
        public const string Siret = "Siret";
        public const string Siren = "Siren";
        public const string Vat = "Vat";
        public const string Naf = "Naf";
        public const string Industry = "Industry";
        public const string Website = "Website";
        public const string Phone = "Phone";
        public const string Street = "Street";
        public const string PostalCode = "PostalCode";
        public const string City = "City";
        public const string Country = "Country";
        public const string Status = "Status";
        public const string Street2 = "Street2";
        public const string ShippingStreet = "ShippingStreet";
        public const string ShippingStreet2 = "ShippingStreet2";
        public const string ShippingPostalCode = "ShippingPostalCode";
        public const string ShippingCity = "ShippingCity";
        public const string ShippingCountry = "ShippingCountry";
        public const string Size = "Size";
        public const string Parent = "Parent";
    }

    public static RecordImport<Company> Declare() => new()
    {
        Title = "Import companies",
        ListLink = "Go to companies",
        MatchRule = "A company matches when it has the same SIRET, SIREN or name.",
        PreviewHeaders = ["Name", "SIRET", "VAT number", "City", "Phone"],
        Create = context => new Importer(context),
        Layouts = ImportLayouts.Of(CompanyKind.Key),
        Fields =
        [
            ImportField.Id(),
            new(Columns.Name, "Name", "nom", "name", "societe", "entreprise", "company", "companyname", "nomdelentreprise", "nomdelasociete", "organisation", "organization", "account", "accountname", "compte", "enseigne")
            {
                Field = nameof(Company.Name), Required = true, Missing = "Choose the column that holds the company name.",
            },
            new(Columns.LegalName, "Legal name", "raisonsociale", "legalname", "denomination", "denominationsociale") { Field = nameof(Company.LegalName) },
            new(Columns.Siret, "SIRET", "siret", "numerosiret", "nsiret") { Field = nameof(Company.Siret) },
            new(Columns.Siren, "SIREN", "siren", "numerosiren", "nsiren") { Field = nameof(Company.Siren) },
            new(Columns.Vat, "VAT number", "tva", "numerotva", "tvaintracom", "tvaintracommunautaire", "ntva", "vat", "vatnumber", "vatid", "ndetvaintracommunautaire") { Field = nameof(Company.VatNumber) },
            new(Columns.Naf, "NAF code", "naf", "codenaf", "ape", "codeape", "nafcode", "nafape", "codenafape") { Field = nameof(Company.NafCode) },
            new(Columns.Industry, "Industry", "secteur", "secteurdactivite", "industry", "activite", "industrie") { Field = nameof(Company.Industry) },
            new(Columns.Website, "Website", "siteweb", "site", "website", "web", "url", "siteinternet") { Field = nameof(Company.Website) },
            new(Columns.Phone, "Phone", "telephone", "tel", "phone", "phonenumber", "standard") { Field = nameof(Company.Phone) },
            new(Columns.Street, "Street address", "adresse", "address", "rue", "street", "adresse1", "address1", "addressline1", "billingstreet", "adressedefacturation", "billingaddress")
            {
                Field = "BillingAddress.Line1",
            },
            new(Columns.PostalCode, "Postal code", "codepostal", "cp", "postalcode", "zip", "zipcode", "postcode", "billingpostalcode", "codepostaldefacturation") { Field = "BillingAddress.PostalCode" },
            new(Columns.City, "City", "ville", "city", "commune", "town", "localite", "billingcity", "villedefacturation") { Field = "BillingAddress.City" },
            new(Columns.Country, "Country", "pays", "country", "billingcountry", "paysdefacturation") { Field = "BillingAddress.Country" },
            new(Columns.Street2, "Address line 2", "addressline2", "address2", "adresse2", "complementdadresse", "billingaddressline2", "adressedefacturationligne2")
            {
                Field = "BillingAddress.Line2",
            },
            new(Columns.ShippingStreet, "Shipping street address", "shippingaddress", "shippingstreet", "adressedelivraison") { Field = "ShippingAddress.Line1" },
            new(Columns.ShippingStreet2, "Shipping address line 2", "shippingaddressline2", "adressedelivraisonligne2", "complementdadressedelivraison")
            {
                Field = "ShippingAddress.Line2",
            },
            new(Columns.ShippingPostalCode, "Shipping postal code", "shippingpostalcode", "shippingzippostalcode", "codepostaldelivraison") { Field = "ShippingAddress.PostalCode" },
            new(Columns.ShippingCity, "Shipping city", "shippingcity", "villedelivraison") { Field = "ShippingAddress.City" },
            new(Columns.ShippingCountry, "Shipping country", "shippingcountry", "paysdelivraison") { Field = "ShippingAddress.Country" },
            ImportField.Status(nameof(Company.Status)),
            ImportField.Tags(nameof(Company.Tags)),
            ImportField.Owner(nameof(Company.OwnerId)),
            ImportField.Team(nameof(Company.TeamId)),
            new(Columns.Size, "Size", "size", "taille", "effectif", "effectifs", "companysize", "headcount", "numberofemployees", "employees", "nombredesalaries", "nombredemployes", "tranchedeffectif", "trancheeffectif")
            {
                Field = nameof(Company.Size),
            },
            new(Columns.Parent, "Parent company (by name)", "parentcompany", "societemere", "maisonmere", "entreprisemere", "parentaccount", "groupe", "filialede")
            {
                Field = nameof(Company.ParentCompanyId),
            },
        ],
    };

    public static CompanyStatus? ReadStatus(string key) => key switch
    {
        "lead" or "piste" => CompanyStatus.Lead,
        "prospect" => CompanyStatus.Prospect,
        "customer" or "client" or "cliente" => CompanyStatus.Customer,
        "partner" or "partenaire" => CompanyStatus.Partner,
        "inactive" or "inactif" => CompanyStatus.Inactive,
        _ => null,
    };

    /// <summary>
    /// A size as Crm's export writes it in either language ("10-49 employees", "10 à 49 salariés"), or a headcount
    /// ("42", "1 500"), put in its band.
    /// </summary>
    public static CompanySize? ReadSize(string text)
    {
        var digits = text.Where(c => !char.IsWhiteSpace(c)).ToArray();
        if (digits.Length > 0 && digits.All(char.IsAsciiDigit) && int.TryParse(digits, CultureInfo.InvariantCulture, out var headcount))
        {
            return headcount switch
            {
                0 => CompanySize.Unknown,
                < 10 => CompanySize.Micro,
                < 50 => CompanySize.Small,
                < 250 => CompanySize.Medium,
                < 5000 => CompanySize.Large,
                _ => CompanySize.Enterprise,
            };
        }

        return ImportField.HeaderKey(text) switch
        {
            "unknownsize" or "effectifinconnu" or "unknown" or "inconnu" => CompanySize.Unknown,
            "19employees" or "1a9salaries" or "19" or "micro" or "microentreprise" => CompanySize.Micro,
            "1049employees" or "10a49salaries" or "1049" or "small" or "petite" => CompanySize.Small,
            "50249employees" or "50a249salaries" or "50249" or "medium" or "moyenne" => CompanySize.Medium,
            "2504999employees" or "250a4999salaries" or "2504999" or "large" or "eti" => CompanySize.Large,
            "5000employees" or "5000salariesetplus" or "5000" or "enterprise" or "grandeentreprise" => CompanySize.Enterprise,
            _ => null,
        };
    }

    private sealed class Importer(ImportContext context) : RowImporter<Company, ParsedCompany>(context)
    {
        /// <summary>Parent of each company the user sees, to refuse a row that would make a company its own ancestor.</summary>
        private readonly Dictionary<int, int?> _parents = [];

        private readonly Lookup<KnownRecord<Company>> _bySiret = new();
        private readonly Lookup<KnownRecord<Company>> _bySiren = new();
        private readonly Lookup<KnownRecord<Company>> _byName = new();

        protected override IEnumerable<IBatchLookup> Lookups => [_bySiret, _bySiren, _byName];

        protected override ParsedCompany Parse(SourceRow row, List<string> errors)
        {
            var name = Parser.Get(row, Columns.Name);
            if (name is null)
            {
                errors.Add(L["The company name is missing."]);
            }

            var siret = Parser.Get(row, Columns.Siret);
            if (siret is not null && !FrenchCompanyIds.IsValidSiret(siret))
            {
                errors.Add(string.Format(CultureInfo.CurrentCulture, L["\"{0}\" is not a valid SIRET (14 digits with a valid key)."], siret));
            }

            var siren = Parser.Get(row, Columns.Siren);
            if (siren is not null && !FrenchCompanyIds.IsValidSiren(siren))
            {
                errors.Add(string.Format(CultureInfo.CurrentCulture, L["\"{0}\" is not a valid SIREN (9 digits with a valid key)."], siren));
            }

            var vat = Parser.Get(row, Columns.Vat);
            if (vat is not null && !FrenchCompanyIds.IsValidVat(vat))
            {
                errors.Add(string.Format(CultureInfo.CurrentCulture, L["\"{0}\" is not a valid intra-EU VAT number."], vat));
            }

            // Shown as a link on the company page: only an http(s) address may go in, never a javascript: one.
            var websiteText = Parser.Get(row, Columns.Website);
            var website = websiteText is null ? null : CompanyForm.NormalizedWebsite(websiteText);
            if (websiteText is not null && website is null)
            {
                errors.Add(string.Format(CultureInfo.CurrentCulture, L["\"{0}\" is not a web address (http or https)."], websiteText));
            }

            var status = Parser.Status(row, Columns.Status, ReadStatus, errors);
            CompanySize? size = null;
            if (Parser.Get(row, Columns.Size) is { } sizeText && (size = ReadSize(sizeText)) is null)
            {
                errors.Add(string.Format(CultureInfo.CurrentCulture, L["\"{0}\" is not a company size: write a headcount or a band such as 10-49 employees."], sizeText));
            }

            KnownRecord<Company>? parent = null;
            if (Parser.Get(row, Columns.Parent) is { } parentName)
            {
                parent = SearchKey.Normalize(parentName) == SearchKey.Normalize(name) ? null : _byName.Find(SearchKey.Normalize(parentName));
                if (SearchKey.Normalize(parentName) == SearchKey.Normalize(name))
                {
                    errors.Add(L["This company cannot be its own parent, directly or through its subsidiaries."]);
                }
                else if (parent is null)
                {
                    errors.Add(string.Format(CultureInfo.CurrentCulture, L["No company is named \"{0}\" (a parent company must exist or come earlier in the file)."], parentName));
                }
            }

            var company = new ParsedCompany(name ?? string.Empty, Parser.Get(row, Columns.LegalName), siret, siren, vat,
                Parser.Get(row, Columns.Naf), Parser.Get(row, Columns.Industry), website, Parser.Get(row, Columns.Phone),
                Parser.Get(row, Columns.Street), Parser.Get(row, Columns.PostalCode), Parser.Get(row, Columns.City), Parser.Get(row, Columns.Country),
                status)
            {
                Street2 = Parser.Get(row, Columns.Street2),
                Shipping = new()
                {
                    Line1 = Parser.Get(row, Columns.ShippingStreet), Line2 = Parser.Get(row, Columns.ShippingStreet2), PostalCode = Parser.Get(row, Columns.ShippingPostalCode),
                    City = Parser.Get(row, Columns.ShippingCity), Country = Parser.Get(row, Columns.ShippingCountry),
                },
                Size = size,
                Parent = parent,
            };

            var fields = Company.Kind.Fields;
            Parser.Length(errors, fields[nameof(Company.Name)], company.Name);
            Parser.Length(errors, fields[nameof(Company.LegalName)], company.LegalName);
            Parser.Length(errors, fields[nameof(Company.NafCode)], company.Naf);
            Parser.Length(errors, fields[nameof(Company.Industry)], company.Industry);
            Parser.Length(errors, fields[nameof(Company.Website)], company.Website);
            Parser.Length(errors, fields[nameof(Company.Phone)], company.Phone);
            Parser.Length(errors, fields["BillingAddress.Line1"], company.Street);
            Parser.Length(errors, fields["BillingAddress.PostalCode"], company.PostalCode);
            Parser.Length(errors, fields["BillingAddress.City"], company.City);
            Parser.Length(errors, fields["BillingAddress.Country"], company.Country);
            Parser.Length(errors, fields["BillingAddress.Line2"], company.Street2);
            Parser.Length(errors, fields["ShippingAddress.Line1"], company.Shipping.Line1);
            Parser.Length(errors, fields["ShippingAddress.Line2"], company.Shipping.Line2);
            Parser.Length(errors, fields["ShippingAddress.PostalCode"], company.Shipping.PostalCode);
            Parser.Length(errors, fields["ShippingAddress.City"], company.Shipping.City);
            Parser.Length(errors, fields["ShippingAddress.Country"], company.Shipping.Country);
            return company;
        }

        protected override IReadOnlyList<string?> PreviewValues(ParsedCompany c) => [c.Name, c.Siret, c.Vat, c.City, c.Phone];

        protected override async Task LoadMatchesAsync(IQueryable<Company> visible, CancellationToken ct)
        {
            await foreach (var c in visible.OrderBy(c => c.Id).Select(c => new { c.Id, c.NameKey, c.Siret, c.Siren, c.OwnerId, c.TeamId, c.ParentCompanyId })
                               .AsAsyncEnumerable().WithCancellation(ct))
            {
                _parents[c.Id] = c.ParentCompanyId;
                var record = Known(c.Id, c.OwnerId, c.TeamId, c.NameKey);
                _bySiret.Load(c.Siret, record);
                _bySiren.Load(c.Siren, record);
                _byName.Load(c.NameKey, record);
            }
        }

        protected override string NameKey(ParsedCompany company) => SearchKey.Normalize(company.Name);

        private static (string? Siret, string? Siren, string Name) Keys(ParsedCompany company)
        {
            var siret = company.Siret is null ? null : FrenchCompanyIds.Clean(company.Siret);
            var siren = company.Siren is null ? siret?[..9] : FrenchCompanyIds.Clean(company.Siren);
            return (siret, siren, SearchKey.Normalize(company.Name));
        }

        protected override RecordMatch<Company>? FindMatch(ParsedCompany company)
        {
            var (siret, siren, name) = Keys(company);
            return _bySiret.Find(siret) is { } a ? new(a, L["Same SIRET"])
                : _bySiren.Find(siren) is { } b ? new(b, L["Same SIREN"])
                : _byName.Find(name) is { } c ? new(c, L["Same name"])
                : null;
        }

        protected override void Register(KnownRecord<Company> record, ParsedCompany company, bool created)
        {
            var (siret, siren, name) = Keys(company);
            _bySiret.Register(siret, record);
            _bySiren.Register(siren, record);
            _byName.Register(name, record);
        }

        protected override Company Create(ParsedCompany p, ImportOwner owner)
        {
            var company = new Company { Name = p.Name, OwnerId = owner.Id, TeamId = owner.TeamId };
            Update(company, p, owner);
            return company;
        }

        protected override IQueryable<Company> ForUpdate(IQueryable<Company> records) => records.Include(c => c.Tags);

        protected override void Update(Company company, ParsedCompany p, ImportOwner owner)
        {
            company.Name = p.Name;
            company.LegalName = p.LegalName ?? company.LegalName;
            company.Siret = p.Siret ?? company.Siret;
            company.Siren = p.Siren ?? company.Siren;
            company.VatNumber = p.Vat ?? company.VatNumber;
            company.NafCode = p.Naf ?? company.NafCode;
            company.Industry = p.Industry ?? company.Industry;
            company.Website = p.Website ?? company.Website;
            company.Phone = p.Phone ?? company.Phone;
            company.Status = p.Status ?? company.Status;
            company.BillingAddress = Filled(company.BillingAddress, new() { Line1 = p.Street, Line2 = p.Street2, PostalCode = p.PostalCode, City = p.City, Country = p.Country });
            company.ShippingAddress = Filled(company.ShippingAddress, p.Shipping);
            company.Size = p.Size ?? company.Size;
            if (p.Parent is { } parent && !IsAncestor(company.Id, parent))
            {
                if (parent.Entity is { } pending)
                {
                    company.ParentCompany = pending;
                }
                else
                {
                    company.ParentCompany = null;
                    company.ParentCompanyId = parent.Id;
                }
            }
        }

        /// <summary>Whether the company (0: a new one, the ancestor of none) is the parent or one of its ancestors.</summary>
        private bool IsAncestor(int companyId, KnownRecord<Company> parent)
        {
            if (companyId == 0 || parent.Entity is not null)
            {
                return false;
            }

            var seen = new HashSet<int>();
            for (int? id = parent.Id; id is int current && seen.Add(current); id = _parents.GetValueOrDefault(current))
            {
                if (current == companyId)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The address with the row's non-empty parts put in; the same instance when the row has none (nothing changes).</summary>
        private static Address Filled(Address address, Address row) =>
            (row.Line1 ?? row.Line2 ?? row.PostalCode ?? row.City ?? row.Country) is null
                ? address
                : address with
                {
                    Line1 = row.Line1 ?? address.Line1,
                    Line2 = row.Line2 ?? address.Line2,
                    PostalCode = row.PostalCode ?? address.PostalCode,
                    City = row.City ?? address.City,
                    Country = row.Country ?? address.Country,
                };
    }
}
