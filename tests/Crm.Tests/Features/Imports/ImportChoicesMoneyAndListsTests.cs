using System.Net;
using System.Text;
using Crm.Tests.Features.Segments;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.CustomFields;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Imports;
using Crm.Web.Features.Segments;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Imports;

/// <summary>
/// On the mapping page an admin turns a column into a single or multiple choice field (its options are the column's
/// different values over the whole file, at most 50) or a money field (amounts in the company's currency or in another,
/// converted at its rate); and an import of contacts can put the contacts it creates and updates on a static list,
/// existing or new, in one statement at the end of the job.
/// </summary>
public sealed class ImportChoicesMoneyAndListsTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    /// <summary>
    /// The mapping form as the page posts it: a label, a type and a currency for every column (hidden ones included), since
    /// a list binds only from index 0 on.
    /// </summary>
    private static Dictionary<string, string> Form(int columns, Dictionary<string, string> fields)
    {
        for (var i = 0; i < columns; i++)
        {
            fields.TryAdd($"NewLabels[{i}]", "Colonne " + i);
            fields.TryAdd($"NewTypes[{i}]", "Text");
            fields.TryAdd($"NewCurrencies[{i}]", "EUR");
        }

        return fields;
    }

    /// <summary>The error summary of a page, as text (what an assertion failure should show).</summary>
    private static string Summary(string page)
    {
        var start = page.IndexOf("data-testid=\"error-summary\"", StringComparison.Ordinal);
        return start < 0 ? "(no error summary)" : page[start..page.IndexOf("</div>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task Choice_multiple_choice_and_money_fields_are_created_from_columns_and_take_their_values()
    {
        var suffix = "c" + Guid.NewGuid().ToString("N")[..6];
        await app.WithDbAsync(async db =>
        {
            if (!await db.CurrencyRates.AnyAsync(r => r.Currency == "CHF"))
            {
                db.CurrencyRates.Add(new CurrencyRate { Currency = "CHF", Rate = 1.05m, UpdatedAt = DateTime.UtcNow });
                await db.SaveChangesAsync();
            }
        });
        var (_, client) = await app.UserAsync(Roles.Admin);
        // The third value of the sector comes after the mapping page's first rows: the options are read from the whole file.
        var rows = Enumerable.Range(0, 25).Select(i => $"Row{i} {suffix};{(i < 24 ? (i % 2 == 0 ? "Retail" : "Industrie") : "Santé")};{(i % 3 == 0 ? "Salon, Web" : "Web")};{i}00,50;10").ToList();
        var csv = Encoding.UTF8.GetBytes($"Nom;Secteur {suffix};Canaux {suffix};Budget {suffix};Budget CHF {suffix}\n" + string.Join("\n", rows) + "\n");
        var id = ImportTestHelpers.JobId(await client.UploadAsync("/Contacts/Import", csv, "choices.csv"));

        var map = await client.GetStringAsync($"/Imports/Map/{id}");
        Assert.Contains("<option value=\"Choice\"", map, StringComparison.Ordinal);
        Assert.Contains("<option value=\"MultipleChoice\"", map, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Money\"", map, StringComparison.Ordinal);
        Assert.Contains("name=\"NewCurrencies[3]\"", map, StringComparison.Ordinal);
        Assert.Contains("<option value=\"CHF\">CHF</option>", map, StringComparison.Ordinal);

        var mapped = await client.PostFormAsync($"/Imports/Map/{id}", Form(5, new()
        {
            ["Columns[0]"] = "LastName",
            ["Columns[1]"] = "new", ["NewLabels[1]"] = $"Secteur {suffix}", ["NewTypes[1]"] = "Choice",
            ["Columns[2]"] = "new", ["NewLabels[2]"] = $"Canaux {suffix}", ["NewTypes[2]"] = "MultipleChoice",
            ["Columns[3]"] = "new", ["NewLabels[3]"] = $"Budget {suffix}", ["NewTypes[3]"] = "Money", ["NewCurrencies[3]"] = "EUR",
            ["Columns[4]"] = "new", ["NewLabels[4]"] = $"Budget CHF {suffix}", ["NewTypes[4]"] = "Money", ["NewCurrencies[4]"] = "CHF",
            ["Duplicates"] = "Skip",
        }));
        Assert.True(mapped.StatusCode == HttpStatusCode.Redirect, Summary(WebUtility.HtmlDecode(await mapped.Content.ReadAsStringAsync())));

        var preview = WebUtility.HtmlDecode(await client.GetStringAsync($"/Imports/Preview/{id}"));
        Assert.Contains("data-count=\"new\">25<", preview, StringComparison.Ordinal);
        Assert.Contains("data-count=\"error\">0<", preview, StringComparison.Ordinal);
        Assert.Contains($"Secteur {suffix} (Single choice: Retail · Industrie · Santé)", preview, StringComparison.Ordinal);
        Assert.Contains($"Canaux {suffix} (Multiple choice: Salon · Web)", preview, StringComparison.Ordinal);
        Assert.Contains($"Budget CHF {suffix} (Money: amounts in CHF converted at 1.05)", preview, StringComparison.Ordinal);

        var run = await client.PostFormAsync($"/Imports/Run/{id}", [], $"/Imports/Preview/{id}");
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);
        var job = await app.JobAsync(id);
        Assert.Equal((25, 0), (job.CreatedCount, job.ErrorCount));

        var fields = await app.WithDbAsync(db => db.CustomFields.AsNoTracking().Where(f => f.LabelEn.EndsWith(suffix)).ToListAsync());
        var sector = fields.Single(f => f.Type == CustomFieldType.Choice);
        Assert.Equal(["Retail", "Industrie", "Santé"], sector.Choices.Select(c => c.En));
        var channels = fields.Single(f => f.Type == CustomFieldType.MultipleChoice);
        Assert.Equal(["Salon", "Web"], channels.Choices.Select(c => c.En));
        var budget = fields.Single(f => f.LabelEn == $"Budget {suffix}");
        var budgetChf = fields.Single(f => f.LabelEn == $"Budget CHF {suffix}");
        Assert.All([budget, budgetChf], f => Assert.Equal(CustomFieldType.Money, f.Type));

        var last = await app.WithDbAsync(db => db.Contacts.Where(c => c.LastName == $"Row24 {suffix}").Select(c => c.Id).SingleAsync());
        var first = await app.WithDbAsync(db => db.Contacts.Where(c => c.LastName == $"Row0 {suffix}").Select(c => c.Id).SingleAsync());
        var values = await app.WithDbAsync(db => db.CustomFieldValues.AsNoTracking().Where(v => v.RecordId == last || v.RecordId == first).ToListAsync());
        Assert.Equal(sector.Choices.Single(c => c.En == "Santé").Key, values.Single(v => v.RecordId == last && v.FieldId == sector.Id).Text);
        Assert.Equal(2, values.Count(v => v.RecordId == first && v.FieldId == channels.Id));
        Assert.Equal(240050, values.Single(v => v.RecordId == last && v.FieldId == budget.Id).Number);
        // 10 CHF at 1.05 is 10.50 in the company's currency, in cents.
        Assert.Equal(1050, values.Single(v => v.RecordId == last && v.FieldId == budgetChf.Id).Number);
    }

    [Fact]
    public async Task Columns_that_cannot_be_choices_or_money_are_refused_with_every_reason_at_once()
    {
        var suffix = "x" + Guid.NewGuid().ToString("N")[..6];
        var (_, client) = await app.UserAsync(Roles.Admin);
        var rows = Enumerable.Range(0, 60).Select(i => $"N{i};Code {i};{(i % 2 == 0 ? "Café" : "cafe")};{(i == 3 ? "A | B" : "A")};12");
        var csv = Encoding.UTF8.GetBytes("Nom;Code;Boisson;Lettre;Montant\n" + string.Join("\n", rows) + "\n");
        var id = ImportTestHelpers.JobId(await client.UploadAsync("/Contacts/Import", csv, "bad-choices.csv"));

        var mapped = await client.PostFormAsync($"/Imports/Map/{id}", Form(5, new()
        {
            ["Columns[0]"] = "LastName",
            ["Columns[1]"] = "new", ["NewLabels[1]"] = $"Code {suffix}", ["NewTypes[1]"] = "Choice",
            ["Columns[2]"] = "new", ["NewLabels[2]"] = $"Boisson {suffix}", ["NewTypes[2]"] = "Choice",
            ["Columns[3]"] = "new", ["NewLabels[3]"] = $"Lettre {suffix}", ["NewTypes[3]"] = "MultipleChoice",
            ["Columns[4]"] = "new", ["NewLabels[4]"] = $"Montant {suffix}", ["NewTypes[4]"] = "Money", ["NewCurrencies[4]"] = "XAU",
            ["Duplicates"] = "Skip",
        }), $"/Imports/Map/{id}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, mapped.StatusCode);
        var page = WebUtility.HtmlDecode(await mapped.Content.ReadAsStringAsync());
        Assert.True(page.Contains("There are 4 problems:", StringComparison.Ordinal), Summary(page));
        Assert.Contains("Column “Code” holds more than 50 different values: too many for a choice. Choose the type Text.", page, StringComparison.Ordinal);
        Assert.Contains("Column “Boisson”: “Café” and “cafe” would be the same choice; write them the same way in the file.", page, StringComparison.Ordinal);
        Assert.Contains("Column “Lettre”: “A | B” cannot be a choice (a choice needs a letter or a digit, and no |).", page, StringComparison.Ordinal);
        Assert.Contains("Column “Montant”: choose the currency of the amounts from the list.", page, StringComparison.Ordinal);
        // Nothing the user chose is lost: the new fields, their labels and types are still on the page.
        Assert.Contains($"value=\"Boisson {suffix}\"", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"MultipleChoice\" selected=\"selected\">", page, StringComparison.Ordinal);
        var saved = await app.WithDbAsync(db => db.ImportJobs.Where(j => j.Id == id).Select(j => j.MappingJson).SingleAsync());
        Assert.DoesNotContain("new:", saved ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.CustomFields.CountAsync(f => f.LabelEn.EndsWith(suffix))));
    }

    [Fact]
    public async Task Imported_contacts_join_an_existing_list_created_and_updated_alike_in_one_statement()
    {
        var suffix = "l" + Guid.NewGuid().ToString("N")[..6];
        var (adminId, client) = await app.UserAsync(Roles.Admin);
        var list = await app.AddSegmentAsync($"Salon {suffix}", new RecordPages.TestUser(adminId, "admin", null), SegmentType.Static);
        var already = await app.AddContactAsync("Anne", $"Deja {suffix}", email: $"deja-{suffix}@exemple.fr");
        var unchanged = await app.AddContactAsync("Paul", $"Same {suffix}", email: $"same-{suffix}@exemple.fr");
        var outsider = await app.AddContactAsync("Zoé", $"Autre {suffix}", email: $"autre-{suffix}@exemple.fr");
        await app.WithDbAsync(async db =>
        {
            db.SegmentMembers.Add(new SegmentMember { SegmentId = list, ContactId = already, AddedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        var csv = Encoding.UTF8.GetBytes(
            $"Nom;E-mail\nDeja {suffix};deja-{suffix}@exemple.fr\nSame {suffix};same-{suffix}@exemple.fr\nNouveau {suffix};nouveau-{suffix}@exemple.fr\nPas d’e-mail {suffix};pas-un-email\n");
        var id = ImportTestHelpers.JobId(await client.UploadAsync("/Contacts/Import", csv, "list.csv"));

        var map = await client.GetStringAsync($"/Imports/Map/{id}");
        Assert.Contains($">Salon {suffix}</option>", map, StringComparison.Ordinal);
        var mapped = await client.PostFormAsync($"/Imports/Map/{id}", new()
        {
            ["Columns[0]"] = "LastName", ["Columns[1]"] = "Email", ["Duplicates"] = "Update", ["List"] = list.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, mapped.StatusCode);
        Assert.Contains($"The imported contacts will join the list Salon {suffix}.", WebUtility.HtmlDecode(await client.GetStringAsync($"/Imports/Preview/{id}")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/Imports/Run/{id}", [], $"/Imports/Preview/{id}")).StatusCode);

        var job = await app.JobAsync(id);
        Assert.Equal((1, 2, 1, ImportStatus.Completed), (job.CreatedCount, job.UpdatedCount, job.ErrorCount, job.Status));
        Assert.Null(job.Message);
        var created = await app.WithDbAsync(db => db.Contacts.Where(c => c.LastName == $"Nouveau {suffix}").Select(c => c.Id).SingleAsync());
        var members = await app.WithDbAsync(db => db.SegmentMembers.Where(m => m.SegmentId == list).Select(m => m.ContactId).ToListAsync());
        // The row that changed nothing in its contact still imported it; the contact already there is not added twice.
        Assert.Equal(new[] { already, unchanged, created }.Order(), members.Order());
        Assert.DoesNotContain(outsider, members);
        Assert.Contains("data-testid=\"import-open-list\"", await client.GetStringAsync($"/Imports/Status/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_list_is_created_when_the_import_starts_and_bad_list_choices_are_refused()
    {
        var suffix = "w" + Guid.NewGuid().ToString("N")[..6];
        var (ownerId, _) = await app.UserAsync(Roles.Admin);
        // A sales user edits the lists of their team only.
        var (_, client) = await app.UserAsync(Roles.Sales, "Imports");
        var notMine = await app.AddSegmentAsync($"Pas à moi {suffix}", new RecordPages.TestUser(ownerId, "owner", null), SegmentType.Static);
        var dynamic = await app.AddSegmentAsync($"Dynamique {suffix}", null, SegmentType.Dynamic);
        var csv = Encoding.UTF8.GetBytes($"Nom;E-mail\nUn {suffix};un-{suffix}@exemple.fr\nDeux {suffix};deux-{suffix}@exemple.fr\n");
        var id = ImportTestHelpers.JobId(await client.UploadAsync("/Contacts/Import", csv, "new-list.csv"));

        var map = await client.GetStringAsync($"/Imports/Map/{id}");
        Assert.DoesNotContain($"Pas à moi {suffix}", WebUtility.HtmlDecode(map), StringComparison.Ordinal);
        Assert.DoesNotContain($"Dynamique {suffix}", map, StringComparison.Ordinal);
        foreach (var (choice, name, error) in new[]
                 {
                     (ImportToList.NewChoice, "  ", "Enter the name of the new list."),
                     (ImportToList.NewChoice, new string('x', Segment.MaxNameLength + 1), $"The name of the list is longer than {Segment.MaxNameLength} characters."),
                     (notMine.ToString(System.Globalization.CultureInfo.InvariantCulture), "", "Choose the list to add to."),
                     (dynamic.ToString(System.Globalization.CultureInfo.InvariantCulture), "", "Choose the list to add to."),
                     ("abc", "", "Choose the list to add to."),
                 })
        {
            var refused = await client.PostFormAsync($"/Imports/Map/{id}", new()
            {
                ["Columns[0]"] = "LastName", ["Columns[1]"] = "Email", ["Duplicates"] = "Skip", ["List"] = choice, ["NewListName"] = name,
            }, $"/Imports/Map/{id}");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
            Assert.True(page.Contains(error, StringComparison.Ordinal), Summary(page));
            if (choice == ImportToList.NewChoice)
            {
                Assert.Contains($"<option value=\"{ImportToList.NewChoice}\" selected=\"selected\">", page, StringComparison.Ordinal);
                if (name.Trim().Length > 0)
                {
                    Assert.Contains($"name=\"NewListName\" value=\"{name}\"", page, StringComparison.Ordinal);
                }
            }
        }

        var mapped = await client.PostFormAsync($"/Imports/Map/{id}", new()
        {
            ["Columns[0]"] = "LastName", ["Columns[1]"] = "Email", ["Duplicates"] = "Skip", ["List"] = ImportToList.NewChoice, ["NewListName"] = $" Salon 2027 {suffix} ",
        });
        Assert.Equal(HttpStatusCode.Redirect, mapped.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Segments.AnyAsync(s => s.Name == $"Salon 2027 {suffix}")));
        Assert.Contains($"a new list, created when the import starts: Salon 2027 {suffix}.", WebUtility.HtmlDecode(await client.GetStringAsync($"/Imports/Preview/{id}")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/Imports/Run/{id}", [], $"/Imports/Preview/{id}")).StatusCode);

        var list = await app.WithDbAsync(db => db.Segments.AsNoTracking().SingleAsync(s => s.Name == $"Salon 2027 {suffix}"));
        Assert.Equal(SegmentType.Static, list.Type);
        var job = await app.JobAsync(id);
        Assert.Equal((list.Id, (string?)null, 2), (job.ListId, job.NewListName, job.CreatedCount));
        Assert.Equal(2, await app.WithDbAsync(db => db.SegmentMembers.CountAsync(m => m.SegmentId == list.Id)));
    }

    [Fact]
    public async Task A_list_deleted_before_the_job_ends_gets_nobody_and_the_job_says_so()
    {
        var suffix = "d" + Guid.NewGuid().ToString("N")[..6];
        var (adminId, client) = await app.UserAsync(Roles.Admin);
        var list = await app.AddSegmentAsync($"Bientôt supprimée {suffix}", new RecordPages.TestUser(adminId, "admin", null), SegmentType.Static);
        var csv = Encoding.UTF8.GetBytes($"Nom\nTrois {suffix}\n");
        var id = ImportTestHelpers.JobId(await client.UploadAsync("/Contacts/Import", csv, "gone.csv"));
        var mapped = await client.PostFormAsync($"/Imports/Map/{id}", new() { ["Columns[0]"] = "LastName", ["Duplicates"] = "Skip", ["List"] = list.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, mapped.StatusCode);
        await app.WithDbAsync(db => db.Segments.Where(s => s.Id == list).ExecuteUpdateAsync(s => s.SetProperty(x => x.DeletedAt, DateTime.UtcNow)));

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/Imports/Run/{id}", [], $"/Imports/Preview/{id}")).StatusCode);

        var job = await app.JobAsync(id);
        Assert.Equal((ImportStatus.Completed, 1), (job.Status, job.CreatedCount));
        Assert.Equal("The records were imported, but not added to the list: it was deleted, or you may no longer change it.", job.Message);
        Assert.Equal(0, await app.WithDbAsync(db => db.SegmentMembers.CountAsync(m => m.SegmentId == list)));
    }
}
