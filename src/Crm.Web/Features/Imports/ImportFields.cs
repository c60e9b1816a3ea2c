using Crm.Web.Infrastructure.Text;

namespace Crm.Web.Features.Imports;

/// <summary>A field of a contact or company that a column can be mapped to, with the headers that name it in French and English files.</summary>
public sealed record ImportField(string Key, string Label, bool Required, params string[] Headers);

/// <summary>What an import can fill: a kind of record, named by its key.</summary>
public static class ImportTargets
{
    public const string Contacts = Crm.Web.Features.Contacts.ContactKind.Key;
    public const string Companies = Crm.Web.Features.Companies.CompanyKind.Key;

    public static bool IsValid(string? target) => target is Contacts or Companies;
}

/// <summary>The fields an import fills, and the guess of which column goes to which field.</summary>
public static class ImportFields
{
    public const string FirstName = "FirstName";
    public const string LastName = "LastName";
    public const string FullName = "FullName";
    public const string Email = "Email";
    public const string Phone = "Phone";
    public const string Mobile = "Mobile";
    public const string JobTitle = "JobTitle";
    public const string Company = "Company";
    public const string Tags = "Tags";
    public const string Status = "Status";
    public const string Owner = "Owner";
    public const string Language = "Language";
    public const string Name = "Name";
    public const string LegalName = "LegalName";
    public const string Siret = "Siret";
    public const string Siren = "Siren";
    public const string Vat = "Vat";
    public const string Naf = "Naf";
    public const string Industry = "Industry";
    public const string Website = "Website";
    public const string Street = "Street";
    public const string PostalCode = "PostalCode";
    public const string City = "City";
    public const string Country = "Country";

    // Headers are compared by SearchKey with everything but letters and digits removed: "E-mail" = "email", "Code postal" = "codepostal".
    public static readonly IReadOnlyList<ImportField> ContactFields =
    [
        new(FirstName, "First name", false, "prenom", "firstname", "first", "givenname", "forename", "prenoms"),
        new(LastName, "Last name", true, "nom", "lastname", "last", "surname", "familyname", "nomdefamille", "nomdusage"),
        new(FullName, "Full name (first and last)", false, "nomcomplet", "fullname", "name", "contact", "nomprenom", "prenomnom", "displayname"),
        new(Email, "Email", false, "email", "mail", "courriel", "adresseemail", "emailaddress", "adressemail", "adressecourriel", "adresseelectronique", "emailprincipal", "primaryemail"),
        new(Phone, "Phone", false, "telephone", "tel", "phone", "phonenumber", "telephonefixe", "telfixe", "fixe", "businessphone", "workphone", "telephonebureau", "telbureau", "telephoneprofessionnel"),
        new(Mobile, "Mobile", false, "portable", "mobile", "mobilephone", "cell", "cellphone", "telportable", "telephoneportable", "telephonemobile", "telmobile", "gsm"),
        new(JobTitle, "Job title", false, "fonction", "poste", "jobtitle", "title", "titre", "role", "intituledeposte"),
        new(Company, "Company", false, "societe", "entreprise", "company", "companyname", "organisation", "organization", "raisonsociale", "account", "accountname", "compte", "employeur", "nomdelentreprise", "nomdelasociete"),
        new(Tags, "Tags", false, "tags", "tag", "etiquettes", "etiquette", "labels", "categories", "motscles"),
        new(Status, "Status", false, "statut", "status", "etat"),
        new(Owner, "Owner (user email)", false, "proprietaire", "owner", "responsable", "commercial", "owneremail", "assignedto", "attribuea"),
        new(Language, "Preferred language", false, "langue", "language", "preferredlanguage", "languepreferee"),
    ];

    public static readonly IReadOnlyList<ImportField> CompanyFields =
    [
        new(Name, "Name", true, "nom", "name", "societe", "entreprise", "company", "companyname", "nomdelentreprise", "nomdelasociete", "organisation", "organization", "account", "accountname", "compte", "enseigne"),
        new(LegalName, "Legal name", false, "raisonsociale", "legalname", "denomination", "denominationsociale"),
        new(Siret, "SIRET", false, "siret", "numerosiret", "nsiret"),
        new(Siren, "SIREN", false, "siren", "numerosiren", "nsiren"),
        new(Vat, "VAT number", false, "tva", "numerotva", "tvaintracom", "tvaintracommunautaire", "ntva", "vat", "vatnumber", "vatid"),
        new(Naf, "NAF code", false, "naf", "codenaf", "ape", "codeape", "nafcode", "nafape", "codenafape"),
        new(Industry, "Industry", false, "secteur", "secteurdactivite", "industry", "activite", "industrie"),
        new(Website, "Website", false, "siteweb", "site", "website", "web", "url", "siteinternet"),
        new(Phone, "Phone", false, "telephone", "tel", "phone", "phonenumber", "standard"),
        new(Street, "Street address", false, "adresse", "address", "rue", "street", "adresse1", "address1", "addressline1", "billingstreet", "adressedefacturation"),
        new(PostalCode, "Postal code", false, "codepostal", "cp", "postalcode", "zip", "zipcode", "postcode", "billingpostalcode"),
        new(City, "City", false, "ville", "city", "commune", "town", "localite", "billingcity"),
        new(Country, "Country", false, "pays", "country", "billingcountry"),
        new(Status, "Status", false, "statut", "status", "etat"),
        new(Tags, "Tags", false, "tags", "tag", "etiquettes", "etiquette", "labels", "categories", "motscles"),
        new(Owner, "Owner (user email)", false, "proprietaire", "owner", "responsable", "commercial", "owneremail", "assignedto", "attribuea"),
    ];

    public static IReadOnlyList<ImportField> For(string target) => target == ImportTargets.Companies ? CompanyFields : ContactFields;

    public static string HeaderKey(string? header) =>
        new(SearchKey.Normalize(header).Where(char.IsLetterOrDigit).ToArray());

    /// <summary>Column index → field key for every header that names a field; a field goes to the first column naming it.</summary>
    public static Dictionary<int, string> Guess(string target, IReadOnlyList<string> headers)
    {
        var fields = For(target);
        var mapping = new Dictionary<int, string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Count; i++)
        {
            var key = HeaderKey(headers[i]);
            var field = fields.FirstOrDefault(f => f.Headers.Contains(key, StringComparer.Ordinal) || HeaderKey(f.Key) == key);
            if (field is not null && used.Add(field.Key))
            {
                mapping[i] = field.Key;
            }
        }

        return mapping;
    }
}
