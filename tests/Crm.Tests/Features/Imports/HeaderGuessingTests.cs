using Crm.Web.Features.Imports;

namespace Crm.Tests.Features.Imports;

public sealed class HeaderGuessingTests
{
    [Fact]
    public void French_contact_headers_map_to_their_fields_whatever_the_accents_and_case()
    {
        var mapping = ImportFields.Guess(ImportTargets.Contacts,
            ["Prénom", "NOM", "E-mail", "Société", "Téléphone", "Portable", "Fonction", "Étiquettes", "Statut", "Colonne inconnue"]);
        Assert.Equal(
            [ImportFields.FirstName, ImportFields.LastName, ImportFields.Email, ImportFields.Company, ImportFields.Phone, ImportFields.Mobile, ImportFields.JobTitle, ImportFields.Tags, ImportFields.Status],
            Enumerable.Range(0, 9).Select(i => mapping[i]));
        Assert.False(mapping.ContainsKey(9));
    }

    [Fact]
    public void English_contact_headers_map_to_their_fields()
    {
        var mapping = ImportFields.Guess(ImportTargets.Contacts, ["First Name", "Last Name", "Email", "Company", "Phone", "Mobile", "Job Title", "Tags"]);
        Assert.Equal(
            [ImportFields.FirstName, ImportFields.LastName, ImportFields.Email, ImportFields.Company, ImportFields.Phone, ImportFields.Mobile, ImportFields.JobTitle, ImportFields.Tags],
            mapping.OrderBy(m => m.Key).Select(m => m.Value));
    }

    [Theory]
    [InlineData("Courriel", ImportFields.Email)]
    [InlineData("Poste", ImportFields.JobTitle)]
    [InlineData("Entreprise", ImportFields.Company)]
    [InlineData("Mobile", ImportFields.Mobile)]
    [InlineData("status", ImportFields.Status)]
    public void Synonyms_are_recognised_for_contacts(string header, string field) =>
        Assert.Equal(field, ImportFields.Guess(ImportTargets.Contacts, [header])[0]);

    [Fact]
    public void Company_headers_map_nom_to_the_company_name()
    {
        var mapping = ImportFields.Guess(ImportTargets.Companies, ["Nom", "SIRET", "SIREN", "TVA", "Site web", "Code postal", "Ville", "Statut"]);
        Assert.Equal(
            [ImportFields.Name, ImportFields.Siret, ImportFields.Siren, ImportFields.Vat, ImportFields.Website, ImportFields.PostalCode, ImportFields.City, ImportFields.Status],
            mapping.OrderBy(m => m.Key).Select(m => m.Value));
    }

    [Fact]
    public void A_field_named_twice_goes_to_the_first_column_only()
    {
        var mapping = ImportFields.Guess(ImportTargets.Contacts, ["Email", "E-mail"]);
        Assert.Equal(ImportFields.Email, mapping[0]);
        Assert.False(mapping.ContainsKey(1));
    }
}
