using System.Net;
using System.Text;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Imports;

public sealed class ImportFlowTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static byte[] Windows1252(string text) => CsvSniffer.Windows1252.GetBytes(text);

    [Fact]
    public async Task A_French_semicolon_1252_csv_goes_from_upload_to_result_with_errors_reported_by_row()
    {
        var (salesId, client) = await app.UserAsync(Roles.Sales, "Équipe Lyon");
        var company = $"Café Noël {Guid.NewGuid():N}"[..20];
        var csv = Windows1252(
            "Prénom;Nom;E-mail;Société;Téléphone;Fonction;Tags\r\n" +
            $"Éloïse;Martin;eloise.flow@cafe-noel.fr;{company};06 12 34 56 78;Gérante;VIP, Salon 2026\r\n" +
            $"Paul;Durand;pas-un-email;{company};;;\r\n" +
            "Jeanne;;jeanne.flow@exemple.fr;;;;\r\n" +
            $"Jean;Dupont-Flow;;{company};poste 12;\"Chef\r\nde rayon\";\r\n");

        var upload = await client.UploadAsync("/Contacts/Import", csv, "contacts.csv");
        var id = ImportTestHelpers.JobId(upload);

        var map = WebUtility.HtmlDecode(await client.GetStringAsync($"/Imports/Map/{id}"));
        Assert.Contains("<option value=\"FirstName\" selected=\"selected\">", map, StringComparison.Ordinal);
        Assert.Contains("Éloïse", map, StringComparison.Ordinal);

        var mapped = await client.PostFormAsync($"/Imports/Map/{id}", new()
        {
            ["Columns[0]"] = "FirstName", ["Columns[1]"] = "LastName", ["Columns[2]"] = "Email", ["Columns[3]"] = "Company",
            ["Columns[4]"] = "Phone", ["Columns[5]"] = "JobTitle", ["Columns[6]"] = "Tags", ["Duplicates"] = "Skip",
        });
        Assert.Equal($"/Imports/Preview/{id}", mapped.Headers.Location!.OriginalString);

        var preview = WebUtility.HtmlDecode(await client.GetStringAsync($"/Imports/Preview/{id}"));
        Assert.Contains("\"pas-un-email\" is not a valid email address.", preview, StringComparison.Ordinal);
        Assert.Contains("The last name is missing.", preview, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Contacts.CountAsync(c => c.Email == "eloise.flow@cafe-noel.fr")));

        var run = await client.PostFormAsync($"/Imports/Run/{id}", [], $"/Imports/Preview/{id}");
        Assert.Equal($"/Imports/Status/{id}", run.Headers.Location!.OriginalString);

        var job = await app.JobAsync(id);
        Assert.Equal(ImportStatus.Completed, job.Status);
        Assert.Equal((4, 4, 2, 0, 0, 2), (job.TotalRows, job.ProcessedRows, job.CreatedCount, job.UpdatedCount, job.SkippedCount, job.ErrorCount));

        var eloise = await app.WithDbAsync(db => db.Contacts.AsNoTracking().Include(c => c.Company).Include(c => c.Tags).ThenInclude(t => t.Tag)
            .SingleAsync(c => c.Email == "eloise.flow@cafe-noel.fr"));
        Assert.Equal(("Éloïse", "Martin", "Gérante"), (eloise.FirstName, eloise.LastName, eloise.JobTitle));
        Assert.Equal(company, eloise.Company!.Name);
        Assert.Equal("+33612345678", eloise.PhoneE164);
        Assert.Equal(["Salon 2026", "VIP"], eloise.Tags.Select(t => t.Tag!.Name).Order());
        Assert.Equal(salesId, eloise.OwnerId);
        Assert.NotNull(eloise.TeamId);

        var dupont = await app.WithDbAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.LastName == "Dupont-Flow"));
        Assert.Equal("poste 12", dupont.Phone);
        Assert.Null(dupont.PhoneE164);
        Assert.Equal("Chef\r\nde rayon", dupont.JobTitle);
        Assert.Equal(eloise.CompanyId, dupont.CompanyId);

        var status = await client.GetStringAsync($"/Imports/Status/{id}");
        Assert.Contains("/Imports/Errors/" + id, status, StringComparison.Ordinal);
        Assert.Contains("data-import-progress", status, StringComparison.Ordinal);

        var progress = await client.GetStringAsync($"/Imports/Progress/{id}");
        Assert.Contains("\"finished\":true", progress, StringComparison.Ordinal);
        Assert.Contains("\"created\":2", progress, StringComparison.Ordinal);

        var errors = await client.GetAsync($"/Imports/Errors/{id}");
        Assert.Equal(HttpStatusCode.OK, errors.StatusCode);
        var bytes = await errors.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["Row;Reason", "3;\"\"\"pas-un-email\"\" is not a valid email address.\"", "4;The last name is missing."], lines);
    }

    [Fact]
    public async Task A_malformed_file_gets_a_clear_message_and_creates_nothing()
    {
        var (_, client) = await app.UserAsync(Roles.Sales);
        var jobsBefore = await app.WithDbAsync(db => db.ImportJobs.CountAsync());
        var contactsBefore = await app.WithDbAsync(db => db.Contacts.CountAsync());
        var uploads = Directory.GetFiles(Path.Combine(app.DataDirectory, "uploads")).Length;

        var response = await client.UploadAsync("/Contacts/Import", Encoding.UTF8.GetBytes("Nom,Email\nMartin,\"m@x.fr\nDurand,d@x.fr\n"), "broken.csv");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("The file is malformed: a quote (\") opened on line 2 is never closed.", html, StringComparison.Ordinal);
        Assert.Equal(jobsBefore, await app.WithDbAsync(db => db.ImportJobs.CountAsync()));
        Assert.Equal(contactsBefore, await app.WithDbAsync(db => db.Contacts.CountAsync()));
        Assert.Equal(uploads, Directory.GetFiles(Path.Combine(app.DataDirectory, "uploads")).Length);
    }

    [Theory]
    [InlineData(new byte[0], "The file is empty.")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x00, 0x00 }, "neither a CSV text file")]
    [InlineData(new byte[] { 0x4E, 0x6F, 0x6D, 0x3B, 0x45, 0x6D, 0x61, 0x69, 0x6C, 0x0D, 0x0A }, "no data")]
    public async Task Empty_corrupt_or_header_only_files_are_refused_with_a_message(byte[] content, string message)
    {
        var (_, client) = await app.UserAsync(Roles.Sales);
        var jobsBefore = await app.WithDbAsync(db => db.ImportJobs.CountAsync());
        var response = await client.UploadAsync("/Contacts/Import", content, "file.xlsx");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(jobsBefore, await app.WithDbAsync(db => db.ImportJobs.CountAsync()));
    }

    [Fact]
    public async Task Duplicates_are_skipped_updated_or_created_as_chosen()
    {
        var (_, client) = await app.UserAsync(Roles.Manager);
        var email = $"dup-{Guid.NewGuid():N}@exemple.fr";
        await app.WithDbAsync(async db =>
        {
            var existing = new Contact { FirstName = "Claire", LastName = "Lefèvre" };
            existing.SetEmails([email]);
            db.Contacts.Add(existing);
            await db.SaveChangesAsync();
        });
        byte[] File(string title) => Encoding.UTF8.GetBytes($"First Name,Last Name,Email,Job Title\nClaire,Lefevre,{email.ToUpperInvariant()},{title}\n");

        var skip = await app.JobAsync(await app.ImportAsync(client, "/Contacts/Import", File("Skipped"), "a.csv", DuplicateHandling.Skip));
        Assert.Equal((0, 0, 1), (skip.CreatedCount, skip.UpdatedCount, skip.SkippedCount));
        Assert.Null(await app.WithDbAsync(db => db.Contacts.Where(c => c.EmailKey == email).Select(c => c.JobTitle).SingleAsync()));

        var update = await app.JobAsync(await app.ImportAsync(client, "/Contacts/Import", File("Acheteuse"), "b.csv", DuplicateHandling.Update));
        Assert.Equal((0, 1, 0), (update.CreatedCount, update.UpdatedCount, update.SkippedCount));
        Assert.Equal("Acheteuse", await app.WithDbAsync(db => db.Contacts.Where(c => c.EmailKey == email).Select(c => c.JobTitle).SingleAsync()));

        var create = await app.JobAsync(await app.ImportAsync(client, "/Contacts/Import", File("Copie"), "c.csv", DuplicateHandling.Create));
        Assert.Equal((1, 0, 0), (create.CreatedCount, create.UpdatedCount, create.SkippedCount));
        Assert.Equal(2, await app.WithDbAsync(db => db.Contacts.CountAsync(c => c.EmailKey == email)));
    }

    [Fact]
    public async Task A_file_that_repeats_a_person_creates_them_once_when_skipping()
    {
        var (_, client) = await app.UserAsync(Roles.Admin);
        var phone = "06 98 76 " + Random.Shared.Next(10, 99) + " " + Random.Shared.Next(10, 99);
        var csv = Encoding.UTF8.GetBytes($"Nom;Prénom;Portable\nRepeat;Anne;{phone}\nRepeat;Anne-Marie;{phone.Replace(" ", "", StringComparison.Ordinal)}\n");
        var job = await app.JobAsync(await app.ImportAsync(client, "/Contacts/Import", csv, "repeat.csv"));
        Assert.Equal((1, 1), (job.CreatedCount, job.SkippedCount));
    }

    [Fact]
    public async Task A_quote_that_protected_a_formula_leading_value_is_dropped_on_import()
    {
        var (_, client) = await app.UserAsync(Roles.Admin);
        var last = $"Apostrophe{Guid.NewGuid():N}"[..20];
        var csv = Encoding.UTF8.GetBytes($"Nom;Prénom;Téléphone;Fonction\n{last};Anne;'+33 6 41 22 33 44;l'Acheteuse\n");

        var job = await app.JobAsync(await app.ImportAsync(client, "/Contacts/Import", csv, "quoted.csv"));

        Assert.Equal(1, job.CreatedCount);
        var anne = await app.WithDbAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.LastName == last));
        Assert.Equal(("+33 6 41 22 33 44", "+33641223344", "l'Acheteuse"), (anne.Phone, anne.PhoneE164, anne.JobTitle));
    }

    [Fact]
    public async Task Companies_are_matched_by_siret_and_invalid_ids_are_errors()
    {
        var (_, client) = await app.UserAsync(Roles.Admin);
        var csv = Encoding.UTF8.GetBytes(
            "Raison sociale,Nom,SIRET,TVA,Code postal,Ville,Statut\n" +
            "Danone SA,Danone,55203253400646,FR27552032534,75009,Paris,Client\n" +
            "Bad,Mauvais SIRET,12345678901234,,,,\n" +
            "Bad,Mauvaise TVA,,FR00123456789,,,\n" +
            "Danone,Danone (bis),552 032 534 00646,,,Lyon,\n");
        var id = await app.ImportAsync(client, "/Companies/Import", csv, "companies.csv", DuplicateHandling.Update);
        var job = await app.JobAsync(id);
        // The last row names the company of row 2 by its SIRET (spaces ignored): a repeat of the file, not an update.
        Assert.Equal((1, 0, 1, 2), (job.CreatedCount, job.UpdatedCount, job.SkippedCount, job.ErrorCount));

        var danone = await app.WithDbAsync(db => db.Companies.AsNoTracking().SingleAsync(c => c.Siret == "55203253400646"));
        Assert.Equal(("Danone", "Paris", "75009"), (danone.Name, danone.BillingAddress.City, danone.BillingAddress.PostalCode));
        Assert.Equal(Crm.Web.Features.Companies.CompanyStatus.Customer, danone.Status);

        var errors = Encoding.UTF8.GetString(await client.GetByteArrayAsync($"/Imports/Errors/{id}"));
        Assert.Contains("3;\"\"\"12345678901234\"\" is not a valid SIRET", errors, StringComparison.Ordinal);
        Assert.Contains("4;\"\"\"FR00123456789\"\" is not a valid intra-EU VAT number.\"", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_imported_website_must_be_a_web_address_so_no_javascript_link_reaches_the_company_page()
    {
        var (_, client) = await app.UserAsync(Roles.Admin);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var csv = Encoding.UTF8.GetBytes(
            "Nom,Site web\n" +
            $"Evil {tag},javascript:alert(document.cookie)\n" +
            $"Good {tag},www.example.fr\n");
        var id = await app.ImportAsync(client, "/Companies/Import", csv, "websites.csv");
        var job = await app.JobAsync(id);
        Assert.Equal((1, 1), (job.CreatedCount, job.ErrorCount));

        Assert.False(await app.WithDbAsync(db => db.Companies.AnyAsync(c => c.Name == $"Evil {tag}")));
        Assert.Equal("https://www.example.fr", await app.WithDbAsync(db => db.Companies.Where(c => c.Name == $"Good {tag}").Select(c => c.Website).SingleAsync()));
        var errors = Encoding.UTF8.GetString(await client.GetByteArrayAsync($"/Imports/Errors/{id}"));
        Assert.Contains("is not a web address", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vcard_file_with_several_contacts_is_imported_through_the_same_steps()
    {
        var (_, client) = await app.UserAsync(Roles.Sales);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var vcf = Encoding.UTF8.GetBytes(
            $"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Vcard{marker};Éloïse\r\nFN:Éloïse Vcard\r\nEMAIL:e.{marker}@exemple.fr\r\nTEL;TYPE=CELL:0611223344\r\nORG:Vcard Org {marker}\r\nTITLE:Gérante\r\nEND:VCARD\r\n" +
            $"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Paul Vcard{marker}\r\nEMAIL:not-an-email\r\nEND:VCARD\r\n");
        var id = await app.ImportAsync(client, "/Contacts/Import", vcf, "carnet.vcf");
        var job = await app.JobAsync(id);
        Assert.Equal((2, 1, 1), (job.TotalRows, job.CreatedCount, job.ErrorCount));
        var eloise = await app.WithDbAsync(db => db.Contacts.AsNoTracking().Include(c => c.Company).SingleAsync(c => c.LastName == "Vcard" + marker));
        Assert.Equal(("Éloïse", "Gérante", "+33611223344", $"Vcard Org {marker}"), (eloise.FirstName, eloise.JobTitle, eloise.PhoneE164, eloise.Company!.Name));
        Assert.Contains("10;", Encoding.UTF8.GetString(await client.GetByteArrayAsync($"/Imports/Errors/{id}")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vcard_file_is_refused_on_the_companies_page()
    {
        var (_, client) = await app.UserAsync(Roles.Sales);
        var response = await client.UploadAsync("/Companies/Import", Encoding.UTF8.GetBytes("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A B\r\nEND:VCARD\r\n"), "a.vcf");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("import it from the contacts page", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mapping_must_name_the_last_name_column()
    {
        var (_, client) = await app.UserAsync(Roles.Sales);
        var id = ImportTestHelpers.JobId(await client.UploadAsync("/Contacts/Import", Encoding.UTF8.GetBytes("Nom;Prénom\nMartin;Éloïse\n"), "a.csv"));
        var response = await client.PostFormAsync($"/Imports/Map/{id}", new() { ["Columns[0]"] = "", ["Columns[1]"] = "FirstName", ["Duplicates"] = "Skip" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Choose the column that holds the last name", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var twice = await client.PostFormAsync($"/Imports/Map/{id}", new() { ["Columns[0]"] = "LastName", ["Columns[1]"] = "LastName", ["Duplicates"] = "Skip" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        Assert.Contains("is chosen for more than one column", WebUtility.HtmlDecode(await twice.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_user_gets_404_on_every_page_of_a_job_and_an_admin_sees_it()
    {
        var (_, owner) = await app.UserAsync(Roles.Sales, "Équipe A");
        var (_, colleague) = await app.UserAsync(Roles.Sales, "Équipe A");
        var (_, manager) = await app.UserAsync(Roles.Manager);
        var id = await app.ImportAsync(owner, "/Contacts/Import", Encoding.UTF8.GetBytes("Nom,Email\nVisible,not-an-email\n"), "a.csv");

        foreach (var client in new[] { colleague, manager })
        {
            foreach (var url in new[] { $"/Imports/Map/{id}", $"/Imports/Preview/{id}", $"/Imports/Status/{id}", $"/Imports/Progress/{id}", $"/Imports/Errors/{id}" })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
            }
        }

        var admin = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/Imports/Status/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/Imports/Errors/{id}")).StatusCode);
    }

    [Theory]
    [InlineData(Roles.Support)]
    [InlineData(Roles.Marketing)]
    public async Task Read_only_roles_cannot_import(string role)
    {
        var (_, client) = await app.UserAsync(role);
        foreach (var page in new[] { "/Contacts/Import", "/Companies/Import" })
        {
            var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        var (_, sales) = await app.UserAsync(Roles.Sales);
        var html = await sales.GetStringAsync("/Contacts/Import");
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes("Nom\nX\n")), "file", "a.csv" },
            { new StringContent(FormPosting.AntiforgeryToken(html)), "__RequestVerificationToken" },
        };
        var jobs = await app.WithDbAsync(db => db.ImportJobs.CountAsync());
        var post = await client.PostAsync("/Contacts/Import", form);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", post.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(jobs, await app.WithDbAsync(db => db.ImportJobs.CountAsync()));
    }

    [Fact]
    public async Task Running_a_job_twice_imports_it_once()
    {
        var (_, client) = await app.UserAsync(Roles.Admin);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var id = await app.ImportAsync(client, "/Contacts/Import", Encoding.UTF8.GetBytes($"Nom\nTwice{marker}\n"), "a.csv");
        await app.WithScopeAsync(async sp =>
        {
            await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<RunImport>(sp).Run(id, CancellationToken.None);
        });
        Assert.Equal(1, await app.WithDbAsync(db => db.Contacts.CountAsync(c => c.LastName == "Twice" + marker)));
        Assert.Equal(1, (await app.JobAsync(id)).CreatedCount);
    }
}
