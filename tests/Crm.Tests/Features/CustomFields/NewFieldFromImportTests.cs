using System.Net;
using System.Text;
using System.Text.Json;
using Crm.Tests.Features.Imports;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.CustomFields;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.CustomFields;

/// <summary>
/// On an import's mapping page an admin turns a column no field takes into a new custom field (label from the header,
/// type guessed from the values); the field is created when the import is confirmed and takes the column's values, each
/// told in the record's history. Custom values an "update" import writes are in the record's history too.
/// </summary>
public sealed class NewFieldFromImportTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task The_mapping_offers_admins_a_new_field_with_a_guessed_type_created_when_the_import_is_confirmed()
    {
        var suffix = "n" + Guid.NewGuid().ToString("N")[..6];
        var (_, client) = await app.UserAsync(Roles.Admin);
        var csv = Encoding.UTF8.GetBytes(
            $"Nom;Budget {suffix};Inscrit {suffix};Newsletter {suffix};Site {suffix};Ligne {suffix};Remarque {suffix}\n" +
            $"Alpha {suffix};1 500,50;2026-01-31;oui;https://alpha.example;01 23 45 67 89;Client fidèle\n" +
            $"Beta {suffix};12;31/12/2025;non;https://beta.example;+33 6 12 34 56 78;\n");
        var id = ImportTestHelpers.JobId(await client.UploadAsync("/Contacts/Import", csv, "new-fields.csv"));

        var map = await client.GetStringAsync($"/Imports/Map/{id}");
        Assert.Contains("<option value=\"new\">", map, StringComparison.Ordinal);
        foreach (var (column, type) in new[] { (1, "Number"), (2, "Date"), (3, "YesNo"), (4, "Url"), (5, "Phone"), (6, "Text") })
        {
            var select = map[map.IndexOf($"name=\"NewTypes[{column}]\"", StringComparison.Ordinal)..];
            select = select[..select.IndexOf("</select>", StringComparison.Ordinal)];
            Assert.Contains($"<option value=\"{type}\" selected=\"selected\">", select, StringComparison.Ordinal);
        }

        Assert.Contains($"name=\"NewLabels[1]\" value=\"Budget {suffix}\"", map, StringComparison.Ordinal);

        var mapped = await client.PostFormAsync($"/Imports/Map/{id}", new()
        {
            // As the page posts them: a label and a type for every column (a list binds only from index 0 on).
            ["Columns[0]"] = "LastName", ["NewLabels[0]"] = "Nom", ["NewTypes[0]"] = "Text", ["Columns[1]"] = "new", ["NewLabels[1]"] = $"Budget {suffix}", ["NewTypes[1]"] = "Number",
            ["Columns[2]"] = "new", ["NewLabels[2]"] = $"Inscrit {suffix}", ["NewTypes[2]"] = "Date",
            ["Columns[3]"] = "new", ["NewLabels[3]"] = $"Newsletter {suffix}", ["NewTypes[3]"] = "YesNo",
            ["Duplicates"] = "Skip",
        });
        Assert.Equal(HttpStatusCode.Redirect, mapped.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.CustomFields.CountAsync(f => f.LabelEn.EndsWith(suffix))));

        var preview = await client.GetStringAsync($"/Imports/Preview/{id}");
        Assert.Contains("data-count=\"new\">2<", preview, StringComparison.Ordinal);
        Assert.Contains($"Budget {suffix} (Numeric), Inscrit {suffix} (Date), Newsletter {suffix} (Yes or no)", WebUtility.HtmlDecode(preview), StringComparison.Ordinal);
        var run = await client.PostFormAsync($"/Imports/Run/{id}", [], $"/Imports/Preview/{id}");
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);

        var job = await app.JobAsync(id);
        Assert.Equal((2, 0), (job.CreatedCount, job.ErrorCount));
        var fields = await app.WithDbAsync(db => db.CustomFields.AsNoTracking().Where(f => f.Kind == "contacts" && f.LabelEn.EndsWith(suffix)).ToListAsync());
        Assert.Equal(
            [(CustomFieldType.Number, $"budget-{suffix}"), (CustomFieldType.Date, $"inscrit-{suffix}"), (CustomFieldType.YesNo, $"newsletter-{suffix}")],
            fields.OrderBy(f => f.Key).Select(f => (f.Type, f.Key)));
        Assert.All(fields, f => Assert.Equal(f.LabelEn, f.LabelFr));

        var alpha = await app.WithDbAsync(db => db.Contacts.Where(c => c.LastName == $"Alpha {suffix}").Select(c => c.Id).SingleAsync());
        var budget = fields.Single(f => f.Type == CustomFieldType.Number);
        Assert.Equal(1500.5, await app.WithDbAsync(db => db.CustomFieldValues.Where(v => v.RecordId == alpha && v.FieldId == budget.Id).Select(v => v.Number).SingleAsync()));
        var created = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Kind == "contacts" && a.EntityId == alpha && a.Action == AuditAction.Created));
        var changes = JsonSerializer.Deserialize<List<RecordSaveInterceptor.FieldChange>>(created.Changes!)!;
        Assert.Contains(new RecordSaveInterceptor.FieldChange(budget.Name, null, "1500.5"), changes);
        Assert.Equal(3, changes.Count(c => c.Field.StartsWith(CustomField.Prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Bad_new_fields_show_every_error_at_once_and_keep_the_mapping()
    {
        var suffix = "b" + Guid.NewGuid().ToString("N")[..6];
        var (_, client) = await app.UserAsync(Roles.Admin);
        var taken = await client.PostFormAsync("/Admin/Fields/New", new()
        {
            ["Kind"] = "contacts", ["Type"] = "Text", ["LabelEn"] = $"Taken {suffix}", ["LabelFr"] = $"Pris {suffix}", ["Key"] = $"taken-{suffix}", ["Choices"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        var csv = Encoding.UTF8.GetBytes($"Nom;Avis;Autre;Score\nGamma {suffix};oui;x;douze\n");
        var id = ImportTestHelpers.JobId(await client.UploadAsync("/Contacts/Import", csv, "bad-fields.csv"));

        var mapped = await client.PostFormAsync($"/Imports/Map/{id}", new()
        {
            ["Columns[0]"] = "LastName", ["NewLabels[0]"] = "Nom", ["NewTypes[0]"] = "Text",
            ["Columns[1]"] = "new", ["NewLabels[1]"] = "", ["NewTypes[1]"] = "YesNo",
            ["Columns[2]"] = "new", ["NewLabels[2]"] = $"pris {suffix}", ["NewTypes[2]"] = "Text",
            ["Columns[3]"] = "new", ["NewLabels[3]"] = $"Score {suffix}", ["NewTypes[3]"] = "Number",
            ["Duplicates"] = "Skip",
        }, $"/Imports/Map/{id}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, mapped.StatusCode);
        var page = WebUtility.HtmlDecode(await mapped.Content.ReadAsStringAsync());
        Assert.Contains("There are 3 problems:", page, StringComparison.Ordinal);
        Assert.Contains("Column “Avis”: enter the label of the new field.", page, StringComparison.Ordinal);
        Assert.Contains($"Column “Autre”: another field already has the label pris {suffix}.", page, StringComparison.Ordinal);
        Assert.Contains("Column “Score”: “douze” is not a value of the type Numeric; choose another type.", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"new\" selected=\"selected\">", page, StringComparison.Ordinal);
        Assert.Contains($"value=\"Score {suffix}\"", page, StringComparison.Ordinal);
        var saved = await app.WithDbAsync(db => db.ImportJobs.Where(j => j.Id == id).Select(j => j.MappingJson).SingleAsync());
        Assert.DoesNotContain("new:", saved ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sales_user_is_not_offered_a_new_field_and_cannot_post_one()
    {
        var (_, client) = await app.UserAsync(Roles.Sales, "Imports");
        var csv = Encoding.UTF8.GetBytes("Nom;Budget\nDelta;12\n");
        var id = ImportTestHelpers.JobId(await client.UploadAsync("/Contacts/Import", csv, "sales.csv"));

        var map = await client.GetStringAsync($"/Imports/Map/{id}");
        Assert.DoesNotContain("<option value=\"new\"", map, StringComparison.Ordinal);
        Assert.DoesNotContain("NewLabels[", map, StringComparison.Ordinal);

        var posted = await client.PostFormAsync($"/Imports/Map/{id}", new()
        {
            ["Columns[0]"] = "LastName", ["Columns[1]"] = "new", ["NewLabels[1]"] = "Budget", ["NewTypes[1]"] = "Number", ["Duplicates"] = "Skip",
        }, $"/Imports/Map/{id}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, posted.StatusCode);
        Assert.Contains("Choose a field from the list.", WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Custom_values_of_an_update_import_are_in_the_records_history()
    {
        var suffix = "h" + Guid.NewGuid().ToString("N")[..6];
        var (_, admin) = await app.UserAsync(Roles.Admin);
        var added = await admin.PostFormAsync("/Admin/Fields/New", new()
        {
            ["Kind"] = "contacts", ["Type"] = "Number", ["LabelEn"] = $"Points {suffix}", ["LabelFr"] = $"Points fr {suffix}", ["Key"] = $"points-{suffix}", ["Choices"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var field = await app.WithDbAsync(db => db.CustomFields.AsNoTracking().SingleAsync(f => f.Key == $"points-{suffix}"));
        var onlyCustom = await app.AddContactAsync("Hugo", $"Seul {suffix}", email: $"seul-{suffix}@exemple.fr");
        var withJob = await app.AddContactAsync("Iris", $"Both {suffix}", email: $"both-{suffix}@exemple.fr");
        var unchanged = await app.AddContactAsync("Jean", $"Same {suffix}", email: $"same-{suffix}@exemple.fr");
        await app.WithDbAsync(async db =>
        {
            db.CustomFieldValues.Add(new CustomFieldValue { FieldId = field.Id, RecordId = unchanged, Number = 7 });
            await db.SaveChangesAsync();
        });
        var csv = Encoding.UTF8.GetBytes(
            $"E-mail;Nom;Fonction;Points {suffix}\n" +
            $"seul-{suffix}@exemple.fr;Seul {suffix};;12\n" +
            $"both-{suffix}@exemple.fr;Both {suffix};Gérante;3,5\n" +
            $"same-{suffix}@exemple.fr;Same {suffix};;7\n");

        var job = await app.JobAsync(await app.ImportAsync(admin, "/Contacts/Import", csv, "points.csv", Web.Features.Imports.DuplicateHandling.Update));

        Assert.Equal(3, job.UpdatedCount);
        var entries = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.Kind == "contacts" && (a.EntityId == onlyCustom || a.EntityId == withJob || a.EntityId == unchanged) && a.Action == AuditAction.Updated).ToListAsync());
        List<RecordSaveInterceptor.FieldChange> Changes(int id) => JsonSerializer.Deserialize<List<RecordSaveInterceptor.FieldChange>>(Assert.Single(entries, e => e.EntityId == id).Changes!)!;

        Assert.Equal([new RecordSaveInterceptor.FieldChange(field.Name, null, "12")], Changes(onlyCustom));
        var both = Changes(withJob);
        Assert.Contains(new RecordSaveInterceptor.FieldChange(field.Name, null, "3.5"), both);
        Assert.Contains(both, c => c.Field == "JobTitle" && c.New == "Gérante");
        Assert.DoesNotContain(entries, e => e.EntityId == unchanged);
    }
}
