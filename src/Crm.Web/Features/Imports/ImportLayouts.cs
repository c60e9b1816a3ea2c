namespace Crm.Web.Features.Imports;

/// <summary>
/// The export layout of another tool: the headers that identify it, and where each of its columns goes. A column set
/// to null is left unmapped on purpose (another meaning than the same word has elsewhere, or a value the CRM does not
/// take, such as another tool's user names as owners).
/// </summary>
public sealed record ImportLayout(string Tool, string Kind, string[] Identifying, IReadOnlyDictionary<string, string?> Columns)
{
    /// <summary>Whether the file's headers (as <see cref="ImportField.HeaderKey"/>s) are this tool's: any identifying header is there.</summary>
    public bool Matches(IReadOnlySet<string> headerKeys) => Identifying.Any(h => headerKeys.Contains(ImportField.HeaderKey(h)));

    /// <summary>The column key for a header (found: true), null when the layout leaves it unmapped; not found when the layout does not name it.</summary>
    public bool TryMap(string headerKey, out string? field) => _byKey.Value.TryGetValue(headerKey, out field);

    private readonly Lazy<Dictionary<string, string?>> _byKey = new(() =>
        Columns.ToDictionary(c => ImportField.HeaderKey(c.Key), c => c.Value, StringComparer.Ordinal));
}

/// <summary>
/// Other tools' export layouts, as data: headers are written as the tools write them and compared as
/// <see cref="ImportField.HeaderKey"/>s. A layout's columns take precedence over the kind's own header words; the rest of
/// the file is guessed as usual. Multi-valued cells use <c> ::: </c> (Google) or <c>;</c>, read by the importers.
/// </summary>
public static class ImportLayouts
{
    private const string Contacts = "contacts";
    private const string Companies = "companies";

    public static IReadOnlyList<ImportLayout> All { get; } =
    [
        new("Google Contacts", Contacts, ["E-mail 1 - Value", "Phone 1 - Value", "Group Membership", "Organization 1 - Name", "Organization Name"], new Dictionary<string, string?>
        {
            ["Given Name"] = "FirstName", ["Family Name"] = "LastName", ["Name"] = "FullName", ["File As"] = null, ["Nickname"] = null,
            // A contact with more emails or phones than the last export's others gets more columns: "E-mail 2 - Value"...
            ["E-mail 1 - Value"] = "Email", ["E-mail 2 - Value"] = "Email", ["E-mail 3 - Value"] = "Email", ["E-mail 4 - Value"] = "Email",
            ["E-mail 5 - Value"] = "Email", ["E-mail 6 - Value"] = "Email",
            ["Phone 1 - Value"] = "Phone", ["Phone 2 - Value"] = "Phone", ["Phone 3 - Value"] = "Phone", ["Phone 4 - Value"] = "Phone",
            ["Phone 5 - Value"] = "Phone", ["Phone 6 - Value"] = "Phone",
            ["Organization Name"] = "Company", ["Organization 1 - Name"] = "Company",
            ["Organization Title"] = "JobTitle", ["Organization 1 - Title"] = "JobTitle",
            ["Labels"] = "Tags", ["Group Membership"] = "Tags",
            ["Notes"] = "Description", ["Name Prefix"] = "Civility",
            ["Address 1 - Street"] = "Street", ["Address 1 - City"] = "City", ["Address 1 - Postal Code"] = "PostalCode", ["Address 1 - Country"] = "Country",
        }),
        new("Outlook", Contacts, ["E-mail Display Name", "Business Street", "Home Street", "E-mail 2 Address"], new Dictionary<string, string?>
        {
            // Outlook's "Title" is the civility; the job title is "Job Title".
            ["Title"] = "Civility", ["Job Title"] = "JobTitle", ["E-mail Address"] = "Email", ["E-mail 2 Address"] = "Email", ["E-mail 3 Address"] = "Email",
            ["Business Phone"] = "Phone", ["Business Phone 2"] = "Phone", ["Home Phone"] = "Phone", ["Mobile Phone"] = "Mobile",
            ["Company"] = "Company", ["Categories"] = "Tags", ["Notes"] = "Description",
            ["Business Street"] = "Street", ["Business City"] = "City", ["Business Postal Code"] = "PostalCode", ["Business Country/Region"] = "Country",
        }),
        new("HubSpot", Contacts, ["Record ID", "Contact owner", "Associated Company", "Mobile Phone Number"], new Dictionary<string, string?>
        {
            ["Record ID"] = null, ["Contact owner"] = null, ["Email"] = "Email", ["Phone Number"] = "Phone", ["Mobile Phone Number"] = "Mobile",
            ["Job Title"] = "JobTitle", ["Company Name"] = "Company", ["Associated Company"] = "Company",
            ["Street Address"] = "Street", ["City"] = "City", ["Postal Code"] = "PostalCode", ["Country/Region"] = "Country",
            ["Original Source"] = "LeadSource", ["Create Date"] = "Created",
        }),
        new("Salesforce", Contacts, ["Account Name", "Mailing Street", "Contact Owner", "Salutation"], new Dictionary<string, string?>
        {
            ["Salutation"] = "Civility", ["Title"] = "JobTitle", ["Account Name"] = "Company", ["Contact Owner"] = null, ["Contact ID"] = null,
            ["Email"] = "Email", ["Phone"] = "Phone", ["Mobile"] = "Mobile", ["Description"] = "Description",
            ["Mailing Street"] = "Street", ["Mailing City"] = "City", ["Mailing Zip/Postal Code"] = "PostalCode", ["Mailing Country"] = "Country",
            ["Lead Source"] = "LeadSource", ["Created Date"] = "Created",
        }),
        new("Sellsy", Contacts, ["Nom de la société", "Téléphone mobile"], new Dictionary<string, string?>
        {
            ["Civilité"] = "Civility", ["Nom"] = "LastName", ["Prénom"] = "FirstName", ["Fonction"] = "JobTitle", ["Email"] = "Email",
            ["Téléphone"] = "Phone", ["Téléphone mobile"] = "Mobile", ["Nom de la société"] = "Company", ["Note"] = "Description",
            ["Adresse"] = "Street", ["Code postal"] = "PostalCode", ["Ville"] = "City", ["Pays"] = "Country",
        }),
        new("Axonaut", Contacts, ["Téléphone portable", "Entreprise liée", "Nom de l'entreprise"], new Dictionary<string, string?>
        {
            ["Prénom"] = "FirstName", ["Nom"] = "LastName", ["Poste"] = "JobTitle", ["Email"] = "Email", ["Téléphone fixe"] = "Phone",
            ["Téléphone portable"] = "Mobile", ["Entreprise liée"] = "Company", ["Nom de l'entreprise"] = "Company", ["Commentaire"] = "Description",
        }),
        new("HubSpot", Companies, ["Record ID", "Company owner", "Company Domain Name"], new Dictionary<string, string?>
        {
            ["Record ID"] = null, ["Company owner"] = null, ["Company name"] = "Name", ["Company Domain Name"] = "Website", ["Phone Number"] = "Phone",
            ["Industry"] = "Industry", ["Street Address"] = "Street", ["City"] = "City", ["Postal Code"] = "PostalCode", ["Country/Region"] = "Country",
        }),
        new("Salesforce", Companies, ["Account Owner", "Billing Zip/Postal Code", "Account ID"], new Dictionary<string, string?>
        {
            ["Account Owner"] = null, ["Account ID"] = null, ["Account Name"] = "Name", ["Phone"] = "Phone", ["Website"] = "Website", ["Industry"] = "Industry",
            ["Billing Street"] = "Street", ["Billing City"] = "City", ["Billing Zip/Postal Code"] = "PostalCode", ["Billing Country"] = "Country",
        }),
        new("Sellsy", Companies, ["Nom de la société", "Numéro de TVA intracommunautaire"], new Dictionary<string, string?>
        {
            ["Nom de la société"] = "Name", ["SIRET"] = "Siret", ["Numéro de TVA intracommunautaire"] = "Vat", ["Code NAF"] = "Naf", ["Site web"] = "Website",
            ["Téléphone"] = "Phone", ["Adresse"] = "Street", ["Code postal"] = "PostalCode", ["Ville"] = "City", ["Pays"] = "Country",
        }),
        new("Axonaut", Companies, ["Nom de l'entreprise", "Numéro de TVA"], new Dictionary<string, string?>
        {
            ["Nom de l'entreprise"] = "Name", ["SIRET"] = "Siret", ["Numéro de TVA"] = "Vat", ["Code NAF"] = "Naf", ["Site internet"] = "Website",
            ["Téléphone"] = "Phone", ["Adresse"] = "Street", ["Code postal"] = "PostalCode", ["Ville"] = "City", ["Pays"] = "Country",
        }),
    ];

    /// <summary>The layouts of one kind, by its key.</summary>
    public static IReadOnlyList<ImportLayout> Of(string kind) => All.Where(l => l.Kind == kind).ToList();
}
