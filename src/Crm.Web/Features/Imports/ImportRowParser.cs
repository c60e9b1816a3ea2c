using System.Globalization;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Imports;

public sealed record ParsedContact(
    string FirstName,
    string LastName,
    string? JobTitle,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Phones,
    string? CompanyName,
    IReadOnlyList<string> Tags,
    ContactStatus? Status,
    string? OwnerEmail,
    string? Language);

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
    CompanyStatus? Status,
    IReadOnlyList<string> Tags,
    string? OwnerEmail);

/// <summary>
/// Turns a source row into the values of a contact or company and says what is wrong with it, in the user's language.
/// The preview and the import job share it, so the preview shows exactly what the import will do.
/// Phones are kept as typed: an unparseable number is not an error.
/// </summary>
public sealed class ImportRowParser(IReadOnlyDictionary<string, int> columns, IStringLocalizer l)
{
    public static ImportRowParser From(IReadOnlyDictionary<int, string> mapping, IStringLocalizer l) =>
        new(mapping.GroupBy(m => m.Value).ToDictionary(g => g.Key, g => g.Min(m => m.Key), StringComparer.Ordinal), l);

    public bool Maps(string field) => columns.ContainsKey(field);

    private string? Get(SourceRow row, string field) => columns.TryGetValue(field, out var column) ? row.Cell(column) : null;

    private static List<string> SplitList(string? value, params char[] separators) =>
        value is null ? [] : value.Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public (ParsedContact Contact, List<string> Errors) ParseContact(SourceRow row)
    {
        var errors = new List<string>();
        var first = Get(row, ImportFields.FirstName);
        var last = Get(row, ImportFields.LastName);
        if (last is null && Get(row, ImportFields.FullName) is { } full)
        {
            var space = full.LastIndexOf(' ');
            (first, last) = space > 0 ? (first ?? full[..space].Trim(), full[(space + 1)..]) : (first, full);
        }

        if (last is null)
        {
            errors.Add(l["The last name is missing."]);
        }

        var emails = SplitList(Get(row, ImportFields.Email), ';', ',');
        foreach (var email in emails.Where(e => !IsEmail(e)))
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not a valid email address."], email));
        }

        var phones = SplitList(Get(row, ImportFields.Phone), ';').Concat(SplitList(Get(row, ImportFields.Mobile), ';')).Distinct().ToList();
        ContactStatus? status = null;
        if (Get(row, ImportFields.Status) is { } statusText)
        {
            status = ParseContactStatus(statusText);
            if (status is null)
            {
                errors.Add(string.Format(CultureInfo.CurrentCulture, l["Unknown status \"{0}\"."], statusText));
            }
        }

        var owner = Get(row, ImportFields.Owner);
        if (owner is not null && !IsEmail(owner))
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, l["The owner \"{0}\" is not a user's email address."], owner));
        }

        var tags = SplitList(Get(row, ImportFields.Tags), ',', ';');
        var contact = new ParsedContact(first ?? string.Empty, last ?? string.Empty, Get(row, ImportFields.JobTitle), emails, phones,
            Get(row, ImportFields.Company), tags, status, owner, Get(row, ImportFields.Language));

        Length(errors, Contact.Kind.Fields[nameof(Contact.FirstName)], contact.FirstName);
        Length(errors, Contact.Kind.Fields[nameof(Contact.LastName)], contact.LastName);
        Length(errors, Contact.Kind.Fields[nameof(Contact.JobTitle)], contact.JobTitle);
        Length(errors, Company.Kind.Fields[nameof(Company.Name)], contact.CompanyName, l["Company"]);
        Length(errors, Contact.Kind.Fields[nameof(Contact.PreferredLanguage)], contact.Language);
        emails.ForEach(e => Length(errors, Contact.Kind.Fields[nameof(Contact.Emails)], e));
        phones.ForEach(p => Length(errors, Contact.Kind.Fields[nameof(Contact.Phones)], p));
        tags.ForEach(t => Length(errors, Contact.Kind.Fields[nameof(Contact.Tags)], t));
        return (contact, errors);
    }

    public (ParsedCompany Company, List<string> Errors) ParseCompany(SourceRow row)
    {
        var errors = new List<string>();
        var name = Get(row, ImportFields.Name);
        if (name is null)
        {
            errors.Add(l["The company name is missing."]);
        }

        var siret = Get(row, ImportFields.Siret);
        if (siret is not null && !FrenchCompanyIds.IsValidSiret(siret))
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not a valid SIRET (14 digits with a valid key)."], siret));
        }

        var siren = Get(row, ImportFields.Siren);
        if (siren is not null && !FrenchCompanyIds.IsValidSiren(siren))
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not a valid SIREN (9 digits with a valid key)."], siren));
        }

        var vat = Get(row, ImportFields.Vat);
        if (vat is not null && !FrenchCompanyIds.IsValidVat(vat))
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not a valid intra-EU VAT number."], vat));
        }

        // Shown as a link on the company page: only an http(s) address may go in, never a javascript: one.
        var websiteText = Get(row, ImportFields.Website);
        var website = websiteText is null ? null : CompanyForm.NormalizedWebsite(websiteText);
        if (websiteText is not null && website is null)
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, l["\"{0}\" is not a web address (http or https)."], websiteText));
        }

        CompanyStatus? status = null;
        if (Get(row, ImportFields.Status) is { } statusText)
        {
            status = ParseCompanyStatus(statusText);
            if (status is null)
            {
                errors.Add(string.Format(CultureInfo.CurrentCulture, l["Unknown status \"{0}\"."], statusText));
            }
        }

        var owner = Get(row, ImportFields.Owner);
        if (owner is not null && !IsEmail(owner))
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, l["The owner \"{0}\" is not a user's email address."], owner));
        }

        var company = new ParsedCompany(name ?? string.Empty, Get(row, ImportFields.LegalName), siret, siren, vat,
            Get(row, ImportFields.Naf), Get(row, ImportFields.Industry), website, Get(row, ImportFields.Phone),
            Get(row, ImportFields.Street), Get(row, ImportFields.PostalCode), Get(row, ImportFields.City), Get(row, ImportFields.Country),
            status, SplitList(Get(row, ImportFields.Tags), ',', ';'), owner);

        Length(errors, Company.Kind.Fields[nameof(Company.Name)], company.Name);
        Length(errors, Company.Kind.Fields[nameof(Company.LegalName)], company.LegalName);
        Length(errors, Company.Kind.Fields[nameof(Company.NafCode)], company.Naf);
        Length(errors, Company.Kind.Fields[nameof(Company.Industry)], company.Industry);
        Length(errors, Company.Kind.Fields[nameof(Company.Website)], company.Website);
        Length(errors, Company.Kind.Fields[nameof(Company.Phone)], company.Phone);
        Length(errors, Company.Kind.Fields["BillingAddress.Line1"], company.Street);
        Length(errors, Company.Kind.Fields["BillingAddress.PostalCode"], company.PostalCode);
        Length(errors, Company.Kind.Fields["BillingAddress.City"], company.City);
        Length(errors, Company.Kind.Fields["BillingAddress.Country"], company.Country);
        company.Tags.ToList().ForEach(t => Length(errors, Company.Kind.Fields[nameof(Company.Tags)], t));
        return (company, errors);
    }

    /// <summary>A value longer than its declared field allows is an error of the row, named by the field's label.</summary>
    private void Length(List<string> errors, RecordField field, string? value, string? label = null)
    {
        if (value is not null && field.MaxLength is int max && value.Length > max)
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, l["{0} is longer than {1} characters."], label ?? l[field.Label], max));
        }
    }

    public static bool IsEmail(string value) => EmailAddresses.IsValid(value);

    private static string Key(string value) => ImportFields.HeaderKey(value);

    public static ContactStatus? ParseContactStatus(string text) => Key(text) switch
    {
        "active" or "actif" => ContactStatus.Active,
        "inactive" or "inactif" => ContactStatus.Inactive,
        "donotcontact" or "nepascontacter" or "nepasrelancer" or "optout" => ContactStatus.DoNotContact,
        _ => Enum.TryParse<ContactStatus>(text, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(text, out _) ? s : null,
    };

    public static CompanyStatus? ParseCompanyStatus(string text) => Key(text) switch
    {
        "lead" or "piste" => CompanyStatus.Lead,
        "prospect" => CompanyStatus.Prospect,
        "customer" or "client" or "cliente" => CompanyStatus.Customer,
        "partner" or "partenaire" => CompanyStatus.Partner,
        "inactive" or "inactif" => CompanyStatus.Inactive,
        _ => null,
    };
}
