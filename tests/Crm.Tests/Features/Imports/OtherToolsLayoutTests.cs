using System.Text;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Imports;

/// <summary>
/// Other tools' exports import without hand mapping (issue 13, defect 5): one file per layout, written here by code with
/// the tool's headers, goes through upload, the guessed mapping and the job, and its values land in their fields.
/// </summary>
public sealed class OtherToolsLayoutTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    public static TheoryData<string> ContactLayouts => new() { "Google Contacts", "Outlook", "HubSpot", "Salesforce", "Sellsy", "Axonaut" };

    public static TheoryData<string> CompanyLayouts => new() { "HubSpot", "Salesforce", "Sellsy", "Axonaut" };

    [Theory]
    [MemberData(nameof(ContactLayouts))]
    public async Task A_contacts_export_of_another_tool_imports_into_the_right_fields(string tool)
    {
        var s = Guid.NewGuid().ToString("N")[..8];
        // Phones decide duplicates: each run has its own, typed as people type them.
        var (m, f, o) = (Digits(), Digits(), Digits());
        var (mobile, landline) = ($"+33 6 {m[..2]} {m[2..4]} {m[4..6]} {m[6..]}", $"04 {f[..2]} {f[2..4]} {f[4..6]} {f[6..]}");
        var other = $"05 {o[..2]} {o[2..4]} {o[4..6]} {o[6..]}";
        var (_, client) = await app.UserAsync(Roles.Admin);
        var (file, separator, encoding) = tool switch
        {
            "Google Contacts" => (new (string, string)[]
            {
                ("First Name", "Éloïse"), ("Middle Name", ""), ("Last Name", $"Martin {s}"), ("Nickname", "Lili"), ("File As", ""), ("Name Prefix", "Mme"),
                ("Organization Name", $"Lumière {s}"), ("Organization Title", "Gérante"), ("Organization Department", "Direction"),
                ("Notes", "Rencontrée au salon\nRappeler en mars"), ("Labels", $"* myContacts ::: Salon {s}"),
                ("E-mail 1 - Label", "* Work"), ("E-mail 1 - Value", $"eloise.{s}@lumiere.example ::: e.martin.{s}@perso.example"),
                ("E-mail 2 - Label", "Other"), ("E-mail 2 - Value", $"lili.{s}@autre.example"), ("E-mail 3 - Value", ""),
                ("Phone 1 - Label", "Mobile"), ("Phone 1 - Value", mobile), ("Phone 2 - Label", "Work"), ("Phone 2 - Value", landline),
                ("Phone 3 - Label", "Home ::: Other"), ("Phone 3 - Value", other),
                ("Address 1 - Label", "Work"), ("Address 1 - Formatted", "3 rue de la Paix\n69002 Lyon"), ("Address 1 - Street", "3 rue de la Paix"),
                ("Address 1 - City", "Lyon"), ("Address 1 - Postal Code", "69002"), ("Address 1 - Country", "France"),
            }, ',', Encoding.UTF8),
            "Outlook" => (new (string, string)[]
            {
                ("First Name", "Éloïse"), ("Middle Name", ""), ("Last Name", $"Martin {s}"), ("Title", "Dr"), ("Suffix", ""),
                ("E-mail Address", $"eloise.{s}@lumiere.example"), ("E-mail 2 Address", $"lili.{s}@autre.example"), ("E-mail Display Name", $"Éloïse Martin (eloise.{s}@lumiere.example)"),
                ("Home Phone", ""), ("Business Phone", mobile), ("Mobile Phone", landline), ("Job Title", "Gérante"), ("Department", "Direction"),
                ("Company", $"Lumière {s}"), ("Business Street", "3 rue de la Paix"), ("Business City", "Lyon"), ("Business Postal Code", "69002"),
                ("Business Country/Region", "France"), ("Categories", $"Salon {s}"), ("Notes", "Rencontrée au salon"),
            }, ',', Encoding.UTF8),
            "HubSpot" => (new (string, string)[]
            {
                ("Record ID", "51234"), ("First Name", "Éloïse"), ("Last Name", $"Martin {s}"), ("Email", $"eloise.{s}@lumiere.example"),
                ("Phone Number", mobile), ("Mobile Phone Number", landline), ("Job Title", "Gérante"), ("Company Name", $"Lumière {s}"),
                ("Lifecycle Stage", "marketingqualifiedlead"), ("Contact owner", "Jane Someone"), ("Create Date", "2025-01-02 10:00"), ("Original Source", "Organic Search"),
                ("Street Address", "3 rue de la Paix"), ("City", "Lyon"), ("Postal Code", "69002"), ("Country/Region", "France"),
            }, ',', Encoding.UTF8),
            "Salesforce" => (new (string, string)[]
            {
                ("Contact ID", "0035g00000AbCdE"), ("Salutation", "Mme"), ("First Name", "Éloïse"), ("Last Name", $"Martin {s}"), ("Title", "Gérante"),
                ("Account Name", $"Lumière {s}"), ("Email", $"eloise.{s}@lumiere.example"), ("Phone", mobile), ("Mobile", landline),
                ("Mailing Street", "3 rue de la Paix"), ("Mailing City", "Lyon"), ("Mailing Zip/Postal Code", "69002"), ("Mailing Country", "France"),
                ("Lead Source", "Salon"), ("Description", "Rencontrée au salon"), ("Contact Owner", "Jane Someone"), ("Created Date", "2024-06-30T08:15:00.000Z"),
            }, ',', Encoding.UTF8),
            "Sellsy" => (new (string, string)[]
            {
                ("Civilité", "Mme"), ("Prénom", "Éloïse"), ("Nom", $"Martin {s}"), ("Fonction", "Gérante"), ("Email", $"eloise.{s}@lumiere.example"),
                ("Téléphone", mobile), ("Téléphone mobile", landline), ("Nom de la société", $"Lumière {s}"),
                ("Adresse", "3 rue de la Paix"), ("Code postal", "69002"), ("Ville", "Lyon"), ("Pays", "France"), ("Note", "Rencontrée au salon"),
            }, ';', CsvSniffer.Windows1252),
            "Axonaut" => (new (string, string)[]
            {
                ("Prénom", "Éloïse"), ("Nom", $"Martin {s}"), ("Email", $"eloise.{s}@lumiere.example"), ("Téléphone fixe", mobile),
                ("Téléphone portable", landline), ("Poste", "Gérante"), ("Entreprise liée", $"Lumière {s}"), ("Commentaire", "Rencontrée au salon"),
            }, ';', Encoding.UTF8),
            _ => throw new ArgumentOutOfRangeException(nameof(tool)),
        };

        var job = await app.JobAsync(await app.ImportAsync(client, "/Contacts/Import", Csv(file, separator, encoding), "export.csv"));
        Assert.Equal((ImportStatus.Completed, 1, 0), (job.Status, job.CreatedCount, job.ErrorCount));

        var contact = await app.WithDbAsync(db => db.Contacts.AsNoTracking().Include(c => c.Company).Include(c => c.Emails).Include(c => c.Phones)
            .Include(c => c.Tags).ThenInclude(t => t.Tag).SingleAsync(c => c.LastName == $"Martin {s}"));
        Assert.Equal(("Éloïse", "Gérante", $"Lumière {s}"), (contact.FirstName, contact.JobTitle, contact.Company!.Name));
        Assert.Equal($"eloise.{s}@lumiere.example", contact.Email);
        var phones = tool == "Google Contacts" ? new[] { mobile, landline, other } : new[] { mobile, landline };
        Assert.Equal(phones.Select(p => PhoneNumber.ToE164(p)), contact.Phones.OrderBy(p => p.Id).Select(p => p.E164));
        Assert.Equal(phones, contact.Phones.OrderBy(p => p.Id).Select(p => p.Number));

        switch (tool)
        {
            case "Google Contacts":
                // Every "E-mail N - Value" column, each with its " ::: " separated values.
                Assert.Equal([$"eloise.{s}@lumiere.example", $"e.martin.{s}@perso.example", $"lili.{s}@autre.example"], contact.Emails.OrderBy(e => e.Id).Select(e => e.Address));
                Assert.Equal([$"Salon {s}"], contact.Tags.Select(t => t.Tag!.Name)); // "* myContacts" is Google's own group
                Assert.Equal("Rencontrée au salon\nRappeler en mars", contact.Description);
                break;
            case "Outlook":
                Assert.Equal("Dr", contact.Civility); // Outlook's "Title" is the civility, not the job title
                Assert.Equal([$"eloise.{s}@lumiere.example", $"lili.{s}@autre.example"], contact.Emails.OrderBy(e => e.Id).Select(e => e.Address));
                Assert.Equal([$"Salon {s}"], contact.Tags.Select(t => t.Tag!.Name));
                break;
            case "HubSpot":
                Assert.Equal(LifecycleStage.MarketingQualified, contact.LifecycleStage);
                Assert.Equal(("Organic Search", new DateTime(2025, 1, 2, 9, 0, 0)), (contact.LeadSource, contact.CreatedAt)); // 10:00 in Paris
                break;
            case "Salesforce":
                Assert.Equal(("Salon", new DateTime(2024, 6, 30, 8, 15, 0)), (contact.LeadSource, contact.CreatedAt));
                break;
        }

        if (tool is not ("HubSpot" or "Axonaut"))
        {
            Assert.Equal(tool == "Outlook" ? "Dr" : "Mme", contact.Civility);
        }

        if (tool != "Axonaut")
        {
            Assert.Equal(("3 rue de la Paix", "69002", "Lyon", "France"), (contact.Address.Line1, contact.Address.PostalCode, contact.Address.City, contact.Address.Country));
        }

        if (tool != "HubSpot")
        {
            Assert.StartsWith("Rencontrée au salon", contact.Description, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(CompanyLayouts))]
    public async Task A_companies_export_of_another_tool_imports_into_the_right_fields(string tool)
    {
        var s = Guid.NewGuid().ToString("N")[..8];
        var (siren, siret) = FrenchIds();
        var vat = "FR" + FrenchCompanyIds.FrenchVatKey(siren) + siren;
        var (_, client) = await app.UserAsync(Roles.Admin);
        var (file, separator) = tool switch
        {
            "HubSpot" => (new (string, string)[]
            {
                ("Record ID", "98765"), ("Company name", $"Lumière {s}"), ("Company Domain Name", $"lumiere-{s}.example"), ("Phone Number", "04 78 00 00 00"),
                ("Industry", "Logiciel"), ("Street Address", "3 rue de la Paix"), ("City", "Lyon"), ("Postal Code", "69002"), ("Country/Region", "France"),
                ("Lifecycle Stage", "customer"), ("Company owner", "Jane Someone"), ("Create Date", "2025-01-02 10:00"),
            }, ','),
            "Salesforce" => (new (string, string)[]
            {
                ("Account ID", "0015g00000XyZaB"), ("Account Name", $"Lumière {s}"), ("Type", "Customer"), ("Phone", "04 78 00 00 00"),
                ("Website", $"lumiere-{s}.example"), ("Industry", "Logiciel"), ("Billing Street", "3 rue de la Paix"), ("Billing City", "Lyon"),
                ("Billing Zip/Postal Code", "69002"), ("Billing Country", "France"), ("Account Owner", "Jane Someone"),
            }, ','),
            "Sellsy" => (new (string, string)[]
            {
                ("Nom de la société", $"Lumière {s}"), ("SIRET", siret), ("Numéro de TVA intracommunautaire", vat), ("Code NAF", "62.01Z"),
                ("Site web", $"lumiere-{s}.example"), ("Téléphone", "04 78 00 00 00"), ("Adresse", "3 rue de la Paix"), ("Code postal", "69002"),
                ("Ville", "Lyon"), ("Pays", "France"),
            }, ';'),
            "Axonaut" => (new (string, string)[]
            {
                ("Nom de l'entreprise", $"Lumière {s}"), ("SIRET", siret), ("Numéro de TVA", vat), ("Code NAF", "62.01Z"), ("Adresse", "3 rue de la Paix"),
                ("Code postal", "69002"), ("Ville", "Lyon"), ("Pays", "France"), ("Site internet", $"lumiere-{s}.example"), ("Téléphone", "04 78 00 00 00"),
            }, ';'),
            _ => throw new ArgumentOutOfRangeException(nameof(tool)),
        };

        var job = await app.JobAsync(await app.ImportAsync(client, "/Companies/Import", Csv(file, separator, Encoding.UTF8), "export.csv"));
        Assert.Equal((ImportStatus.Completed, 1, 0), (job.Status, job.CreatedCount, job.ErrorCount));

        var company = await app.WithDbAsync(db => db.Companies.AsNoTracking().SingleAsync(c => c.Name == $"Lumière {s}"));
        Assert.Equal("04 78 00 00 00", company.Phone);
        Assert.Contains($"lumiere-{s}.example", company.Website, StringComparison.Ordinal);
        Assert.Equal(("3 rue de la Paix", "69002", "Lyon", "France"),
            (company.BillingAddress.Line1, company.BillingAddress.PostalCode, company.BillingAddress.City, company.BillingAddress.Country));
        if (tool is "Sellsy" or "Axonaut")
        {
            Assert.Equal((siret, vat, "62.01Z"), (company.Siret, company.VatNumber, company.NafCode));
        }
        else
        {
            Assert.Equal("Logiciel", company.Industry);
        }
    }

    [Fact]
    public void A_layout_places_only_the_file_of_its_tool()
    {
        var contacts = Contact.Kind.Import!;

        // "Title" is the job title in a file of no known tool, the civility in Outlook's.
        Assert.Equal(ContactImport.Columns.JobTitle, contacts.Guess(["Nom", "Title"])[1]);
        var outlook = contacts.Guess(["First Name", "Last Name", "Title", "Job Title", "E-mail Display Name"]);
        Assert.Equal((ContactImport.Columns.Civility, ContactImport.Columns.JobTitle), (outlook[2], outlook[3]));
    }

    private static string Digits() => Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] Csv(IReadOnlyList<(string Header, string Value)> row, char separator, Encoding encoding)
    {
        static string Quoted(string v) => "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var text = string.Join(separator, row.Select(c => Quoted(c.Header))) + "\r\n" + string.Join(separator, row.Select(c => Quoted(c.Value))) + "\r\n";
        return encoding.GetBytes(text);
    }

    /// <summary>A fresh SIREN and a SIRET of it, both with their Luhn key.</summary>
    private static (string Siren, string Siret) FrenchIds()
    {
        var siren = WithLuhnKey(Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (siren, WithLuhnKey(siren + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static string WithLuhnKey(string digits)
    {
        for (var key = 0; key < 10; key++)
        {
            var candidate = digits + key.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var sum = candidate.Reverse().Select((c, i) => (c - '0') * (i % 2 == 1 ? 2 : 1)).Sum(d => d > 9 ? d - 9 : d);
            if (sum % 10 == 0)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No Luhn key.");
    }
}
