using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure.Records;
using System.Xml.Linq;
using Crm.Tests.Infrastructure.Localization;

namespace Crm.Tests.Features.Imports;

public sealed class HeaderGuessingTests
{
    private static RecordImport Contacts => Contact.Kind.Import!;

    private static RecordImport Companies => Company.Kind.Import!;

    /// <summary>Export columns no import column takes (what the CRM computes, or fields an import does not fill yet).</summary>
    private static readonly HashSet<string> NotImported = new(StringComparer.Ordinal)
    {
        "Company id", "Created", "Last activity",
        "Parent company id",
    };

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public void Every_importable_column_of_a_kinds_own_export_is_recognised_in_either_language(string language)
    {
        var french = XDocument.Load(Path.Combine(ResourceCompletenessTests.RepositoryRoot(), "src", "Crm.Web", "Resources", "SharedResource.fr.resx")).Root!
            .Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!, StringComparer.Ordinal);
        foreach (var kind in new RecordKind[] { Contact.Kind, Company.Kind })
        {
            var headers = kind.ExportHeaders;
            var mapping = kind.Importing!.Guess(headers.Select(h => language == "fr" ? french[h] : h).ToList());

            var missed = headers.Where((h, i) => !NotImported.Contains(h) && !mapping.ContainsKey(i));
            Assert.Empty(missed);
            Assert.Equal(mapping.Count, mapping.Values.Distinct().Count());
        }
    }

    [Fact]
    public void French_contact_headers_map_to_their_fields_whatever_the_accents_and_case()
    {
        var mapping = Contacts.Guess(
            ["Prénom", "NOM", "E-mail", "Société", "Téléphone", "Portable", "Fonction", "Étiquettes", "Statut", "Colonne inconnue"]);
        Assert.Equal(
            ["FirstName", "LastName", "Email", "Company", "Phone", "Mobile", "JobTitle", "Tags", "Status"],
            Enumerable.Range(0, 9).Select(i => mapping[i]));
        Assert.False(mapping.ContainsKey(9));
    }

    [Fact]
    public void English_contact_headers_map_to_their_fields()
    {
        var mapping = Contacts.Guess(["First Name", "Last Name", "Email", "Company", "Phone", "Mobile", "Job Title", "Tags"]);
        Assert.Equal(
            ["FirstName", "LastName", "Email", "Company", "Phone", "Mobile", "JobTitle", "Tags"],
            mapping.OrderBy(m => m.Key).Select(m => m.Value));
    }

    [Theory]
    [InlineData("Courriel", ContactImport.Columns.Email)]
    [InlineData("Poste", ContactImport.Columns.JobTitle)]
    [InlineData("Entreprise", ContactImport.Columns.Company)]
    [InlineData("Mobile", ContactImport.Columns.Mobile)]
    [InlineData("status", ContactImport.Columns.Status)]
    public void Synonyms_are_recognised_for_contacts(string header, string field) =>
        Assert.Equal(field, Contacts.Guess([header])[0]);

    [Fact]
    public void Company_headers_map_nom_to_the_company_name()
    {
        var mapping = Companies.Guess(["Nom", "SIRET", "SIREN", "TVA", "Site web", "Code postal", "Ville", "Statut"]);
        Assert.Equal(
            ["Name", "Siret", "Siren", "Vat", "Website", "PostalCode", "City", "Status"],
            mapping.OrderBy(m => m.Key).Select(m => m.Value));
    }

    [Fact]
    public void The_mapping_offers_every_field_a_contact_or_a_company_has()
    {
        foreach (var kind in new RecordKind[] { Contact.Kind, Company.Kind })
        {
            var filled = kind.Importing!.Fields.Select(f => f.Field).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var missed = kind.Fields.Select(f => f.Name).Where(name => !filled.Contains(name)).ToList();
            Assert.True(missed.Count == 0, $"{kind.Key}: no import column fills {string.Join(", ", missed)}");
        }
    }

    [Fact]
    public void Consent_and_team_columns_are_recognised_in_either_language()
    {
        Assert.Equal(
            [ContactImport.Columns.Consent, ContactImport.Columns.ConsentDate, ContactImport.Columns.ConsentSource, ImportField.TeamKey],
            Contacts.Guess(["Consentement marketing", "Date du consentement", "Origine du consentement", "Équipe"]).OrderBy(m => m.Key).Select(m => m.Value));
        Assert.Equal(
            [ContactImport.Columns.Consent, ContactImport.Columns.ConsentDate, ContactImport.Columns.ConsentSource, ImportField.TeamKey, ContactImport.Columns.LeadSource],
            Contacts.Guess(["Marketing consent", "Consent date", "Consent source", "Team", "Source"]).OrderBy(m => m.Key).Select(m => m.Value));
    }

    [Fact]
    public void A_field_named_twice_goes_to_the_first_column_only()
    {
        var mapping = Contacts.Guess(["Fonction", "Poste"]);
        Assert.Equal(ContactImport.Columns.JobTitle, mapping[0]);
        Assert.False(mapping.ContainsKey(1));
    }

    [Fact]
    public void Emails_phones_and_tags_go_to_every_column_that_names_them()
    {
        var mapping = Contacts.Guess(["Email", "E-mail", "Téléphone", "Téléphone fixe", "Tags", "Étiquettes"]);
        Assert.Equal(
            [ContactImport.Columns.Email, ContactImport.Columns.Email, ContactImport.Columns.Phone, ContactImport.Columns.Phone, ImportField.TagsKey, ImportField.TagsKey],
            mapping.OrderBy(m => m.Key).Select(m => m.Value));
    }
}
