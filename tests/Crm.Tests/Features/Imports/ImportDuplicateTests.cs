using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Imports;

/// <summary>
/// The preview and the job take one decision per row (rows of the same file included), the preview counts the whole
/// file, and a name alone never makes a duplicate.
/// </summary>
public sealed partial class ImportDuplicateTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private sealed record Counts(int New, int Update, int Duplicate, int Error, int Possible);

    private async Task<int> MappedAsync(HttpClient client, byte[] csv, DuplicateHandling duplicates)
    {
        var id = ImportTestHelpers.JobId(await client.UploadAsync("/Contacts/Import", csv, "file.csv"));
        var mapping = await app.WithDbAsync(db => db.ImportJobs.Where(j => j.Id == id).Select(j => j.MappingJson).SingleAsync());
        var fields = System.Text.Json.JsonSerializer.Deserialize<Dictionary<int, string>>(mapping!)!.ToDictionary(m => $"Columns[{m.Key}]", m => m.Value);
        fields["Duplicates"] = duplicates.ToString();
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/Imports/Map/{id}", fields)).StatusCode);
        return id;
    }

    private static async Task<(Counts Counts, string Html)> PreviewAsync(HttpClient client, int id)
    {
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Imports/Preview/{id}"));
        int Count(string name) => int.Parse(Regex.Match(html, $"data-count=\"{name}\">(\\d+)<").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return (new Counts(Count("new"), Count("update"), Count("duplicate"), Count("error"), Count("possible")), html);
    }

    private async Task<ImportJob> RunAsync(HttpClient client, int id)
    {
        var run = await client.PostFormAsync($"/Imports/Run/{id}", [], $"/Imports/Preview/{id}");
        Assert.Equal($"/Imports/Status/{id}", run.Headers.Location!.OriginalString);
        var job = await app.JobAsync(id);
        Assert.Equal(ImportStatus.Completed, job.Status);
        return job;
    }

    private static Counts Of(ImportJob job) =>
        new(job.CreatedCount, job.UpdatedCount, job.SkippedCount, job.ErrorCount, job.PossibleDuplicateCount);

    [Theory]
    [InlineData(DuplicateHandling.Skip)]
    [InlineData(DuplicateHandling.Update)]
    [InlineData(DuplicateHandling.Create)]
    public async Task A_row_repeating_an_earlier_row_of_the_file_is_decided_alike_by_the_preview_and_the_job(DuplicateHandling mode)
    {
        var (_, client) = await app.UserAsync(Roles.Manager);
        var email = $"repeat-{Guid.NewGuid():N}@exemple.fr";
        var csv = Encoding.UTF8.GetBytes(
            "Prénom;Nom;E-mail;Fonction\n" +
            $"Anne;Repeat;{email};Première\n" +
            $"Anne;Repeat;{email.ToUpperInvariant()};Seconde\n" +
            $"Paul;Other;other-{email};\n");
        var id = await MappedAsync(client, csv, mode);

        var (preview, html) = await PreviewAsync(client, id);
        var job = await RunAsync(client, id);

        var expected = mode == DuplicateHandling.Create ? new Counts(3, 0, 0, 0, 0) : new Counts(2, 0, 1, 0, 0);
        Assert.Equal(expected, preview);
        Assert.Equal(expected, Of(job));
        var titles = await app.WithDbAsync(db => db.Contacts.Where(c => c.EmailKey == email).Select(c => c.JobTitle).OrderBy(t => t).ToListAsync());
        if (mode == DuplicateHandling.Create)
        {
            Assert.Equal(["Première", "Seconde"], titles);
        }
        else
        {
            // The later row neither overwrites the contact the earlier row created, nor is shown as new.
            Assert.Equal(["Première"], titles);
            Assert.Contains("Repeats row 2 of the file (Same email)", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task In_update_mode_a_record_is_updated_by_the_first_row_naming_it_and_later_rows_are_duplicates()
    {
        var (_, client) = await app.UserAsync(Roles.Manager);
        var email = $"existing-{Guid.NewGuid():N}@exemple.fr";
        await app.WithDbAsync(async db =>
        {
            var contact = new Contact { FirstName = "Claire", LastName = "Lefèvre" };
            contact.SetEmails([email]);
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
        });
        var csv = Encoding.UTF8.GetBytes($"Prénom;Nom;E-mail;Fonction\nClaire;Lefèvre;{email};Acheteuse\nClaire;Lefèvre;{email};Directrice\n");
        var id = await MappedAsync(client, csv, DuplicateHandling.Update);

        var (preview, _) = await PreviewAsync(client, id);
        var job = await RunAsync(client, id);

        Assert.Equal(new Counts(0, 1, 1, 0, 0), preview);
        Assert.Equal(preview, Of(job));
        Assert.Equal("Acheteuse", await app.WithDbAsync(db => db.Contacts.Where(c => c.EmailKey == email).Select(c => c.JobTitle).SingleAsync()));
    }

    [Fact]
    public async Task The_preview_counts_every_row_of_the_file_not_only_the_rows_it_shows()
    {
        var (_, client) = await app.UserAsync(Roles.Admin);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var lines = Enumerable.Range(1, 30).Select(i => $"P{i};Count{tag};p{i}-{tag}@exemple.fr").ToList();
        lines.Add($"P1;Count{tag};P1-{tag}@EXEMPLE.FR");
        lines.Add($"P2;Count{tag};pas-un-email");
        var csv = Encoding.UTF8.GetBytes("Prénom;Nom;E-mail\n" + string.Join("\n", lines) + "\n");
        var id = await MappedAsync(client, csv, DuplicateHandling.Skip);

        var (preview, html) = await PreviewAsync(client, id);
        var job = await RunAsync(client, id);

        Assert.Equal(new Counts(30, 0, 1, 1, 0), preview);
        Assert.Equal(preview, Of(job));
        Assert.Equal(20, RowNumber().Count(html));
    }

    [Theory]
    [InlineData(DuplicateHandling.Skip)]
    [InlineData(DuplicateHandling.Update)]
    public async Task A_namesake_at_the_same_company_with_another_email_and_phone_is_imported_as_a_possible_duplicate(DuplicateHandling mode)
    {
        var (_, client) = await app.UserAsync(Roles.Admin);
        var companyName = $"Dupont Frères {Guid.NewGuid():N}"[..24];
        var existingEmail = $"martin-{Guid.NewGuid():N}@dupont.fr";
        var existingId = await app.WithDbAsync(async db =>
        {
            var company = new Company { Name = companyName };
            var contact = new Contact { FirstName = "Martin", LastName = "Dupont", Company = company };
            contact.SetEmails([existingEmail]);
            contact.SetPhones(["06 11 22 33 44"]);
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
            return contact.Id;
        });
        var otherEmail = $"m.dupont-{Guid.NewGuid():N}@exemple.fr";
        var phone = $"07 {Random.Shared.Next(10, 99)} {Random.Shared.Next(10, 99)} {Random.Shared.Next(10, 99)} {Random.Shared.Next(10, 99)}";
        var csv = Encoding.UTF8.GetBytes($"Prénom;Nom;Société;E-mail;Téléphone\nMartin;Dupont;{companyName};{otherEmail};{phone}\n");
        var id = await MappedAsync(client, csv, mode);

        var (preview, html) = await PreviewAsync(client, id);
        var job = await RunAsync(client, id);

        Assert.Equal(new Counts(1, 0, 0, 0, 1), preview);
        Assert.Equal(preview, Of(job));
        Assert.Contains("Possible duplicate", html, StringComparison.Ordinal);
        Assert.Contains($"/Contacts/Details/{existingId}", html, StringComparison.Ordinal);
        var namesakes = await app.WithDbAsync(db => db.Contacts.AsNoTracking().Include(c => c.Emails)
            .Where(c => c.LastName == "Dupont" && c.Company!.Name == companyName).OrderBy(c => c.Id).ToListAsync());
        Assert.Equal(2, namesakes.Count);
        Assert.Equal([existingEmail], namesakes[0].Emails.Select(e => e.Address));
        Assert.Equal([otherEmail], namesakes[1].Emails.Select(e => e.Address));

        var status = WebUtility.HtmlDecode(await client.GetStringAsync($"/Imports/Status/{id}"));
        Assert.Matches("data-testid=\"import-possible-duplicates\"", status);
        Assert.DoesNotContain("d-none\" role=\"status\" data-field=\"possibleDuplicates\"", status, StringComparison.Ordinal);
        Assert.Contains("href=\"/Contacts/Duplicates\"", status, StringComparison.Ordinal);
    }

    [GeneratedRegex("<td class=\"text-secondary\">\\d+</td>")]
    private static partial Regex RowNumber();
}
