using System.Net;
using System.Text;
using Crm.Tests.Features.Imports;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.CustomFields;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.CustomFields;

/// <summary>Imports map columns to custom fields and read their values by type, a bad one reported with its row.</summary>
public sealed class CustomFieldImportTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task The_mapping_offers_custom_fields_and_the_job_writes_values_checked_by_type()
    {
        var admin = await app.SignInAsync();
        foreach (var (key, type, label, choices) in new[]
                 {
                     ("score", CustomFieldType.Number, "Score", ""), ("met-on", CustomFieldType.Date, "Met on", ""),
                     ("tier", CustomFieldType.MultipleChoice, "Tier", "Gold | Or\nSilver | Argent"),
                 })
        {
            var added = await admin.PostFormAsync("/Admin/Fields/New", new()
            {
                ["Kind"] = "contacts", ["Type"] = type.ToString(), ["LabelEn"] = label, ["LabelFr"] = label + " fr", ["Key"] = key, ["Choices"] = choices,
            });
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        var (_, client) = await app.UserAsync(Roles.Sales, "Imports");
        var tag = "Imp" + Guid.NewGuid().ToString("N")[..6];
        var csv = Encoding.UTF8.GetBytes($"Nom;Prénom;Score;Met on;Tier\n{tag}a;Ann;12,5;31/12/2026;Gold, Silver\n{tag}b;Bob;douze;2026-01-01;Silver\n{tag}c;Cid;3;2026-02-30;Bronze\n");
        var id = ImportTestHelpers.JobId(await client.UploadAsync("/Contacts/Import", csv, "custom.csv"));
        var map = await client.GetStringAsync($"/Imports/Map/{id}");
        Assert.Contains("<option value=\"cf.score\" selected=\"selected\">", map, StringComparison.Ordinal);
        Assert.Contains("<option value=\"cf.met-on\" selected=\"selected\">", map, StringComparison.Ordinal);

        var preview = WebUtility.HtmlDecode(await client.GetStringAsync($"/Imports/Preview/{id}"));
        Assert.Contains("Score: enter a number such as 12 or 12.5.", preview, StringComparison.Ordinal);
        await client.PostFormAsync($"/Imports/Map/{id}", new()
        {
            ["Columns[0]"] = "LastName", ["Columns[1]"] = "FirstName", ["Columns[2]"] = "cf.score", ["Columns[3]"] = "cf.met-on", ["Columns[4]"] = "cf.tier", ["Duplicates"] = "Skip",
        });
        var run = await client.PostFormAsync($"/Imports/Run/{id}", [], $"/Imports/Preview/{id}");
        Assert.Equal(HttpStatusCode.Redirect, run.StatusCode);

        var job = await app.JobAsync(id);
        Assert.Equal((1, 2), (job.CreatedCount, job.ErrorCount));
        var ann = await app.WithDbAsync(db => db.Contacts.Where(c => c.LastName == tag + "a").Select(c => c.Id).SingleAsync());
        var values = await app.WithDbAsync(db => db.CustomFieldValues.Where(v => v.RecordId == ann)
            .Join(db.CustomFields.Where(f => f.Kind == "contacts"), v => v.FieldId, f => f.Id, (v, f) => new { f.Key, v.Number, v.Date, v.TextKey }).ToListAsync());
        Assert.Equal(12.5, values.Single(v => v.Key == "score").Number);
        Assert.Equal(new DateTime(2026, 12, 31), values.Single(v => v.Key == "met-on").Date!.Value.Date);
        Assert.Equal(["gold", "silver"], values.Where(v => v.Key == "tier").Select(v => v.TextKey).Order());
        Assert.False(await app.WithDbAsync(db => db.Contacts.AnyAsync(c => c.LastName == tag + "b" || c.LastName == tag + "c")));
    }
}
