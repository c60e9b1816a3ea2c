using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.CustomFields;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.CustomFields;

/// <summary>Custom fields in a kind's list: columns, filters, sort, search, the export, and the plans that keep them indexed.</summary>
public sealed class CustomFieldListTests(RecordingAppFactory app) : IClassFixture<RecordingAppFactory>
{
    private sealed record Seeded(CustomField Tier, CustomField Score, CustomField Nickname, int Ada, int Bob, int Cyd, string Tag);

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static Seeded? _seeded;

    private async Task<Seeded> SeedAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (_seeded is not null)
            {
                return _seeded;
            }

            var admin = await app.SignInAsync();
            async Task<CustomField> Add(string key, CustomFieldType type, string label, string? choices = null)
            {
                var response = await admin.PostFormAsync("/Admin/Fields/New", new()
                {
                    ["Kind"] = "contacts", ["Type"] = type.ToString(), ["LabelEn"] = label, ["LabelFr"] = label + " fr", ["Key"] = key, ["Choices"] = choices ?? string.Empty,
                });
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                return await app.WithDbAsync(db => db.CustomFields.SingleAsync(f => f.Kind == "contacts" && f.Key == key));
            }

            var tier = await Add("tier", CustomFieldType.Choice, "Tier", "Gold | Or\nSilver | Argent");
            var score = await Add("score", CustomFieldType.Number, "Score");
            var nickname = await Add("nickname", CustomFieldType.Text, "Nickname");
            var tag = "Cf" + Guid.NewGuid().ToString("N")[..8];
            var ada = await app.AddContactAsync("Ada", tag + "zed");
            var bob = await app.AddContactAsync("Bob", tag + "yves");
            var cyd = await app.AddContactAsync("Cyd", tag + "xeno");
            await app.WithDbAsync(async db =>
            {
                db.CustomFieldValues.AddRange(
                    new CustomFieldValue { FieldId = tier.Id, RecordId = ada, Text = "gold", TextKey = "gold" },
                    new CustomFieldValue { FieldId = tier.Id, RecordId = bob, Text = "silver", TextKey = "silver" },
                    new CustomFieldValue { FieldId = score.Id, RecordId = ada, Number = 30 },
                    new CustomFieldValue { FieldId = score.Id, RecordId = bob, Number = 12.5 },
                    new CustomFieldValue { FieldId = score.Id, RecordId = cyd, Number = 18 },
                    new CustomFieldValue { FieldId = nickname.Id, RecordId = cyd, Text = "=Bibi " + tag, TextKey = "=bibi " + tag });
                await db.SaveChangesAsync();
            });
            return _seeded = new Seeded(tier, score, nickname, ada, bob, cyd, tag);
        }
        finally
        {
            Once.Release();
        }
    }

    [Fact]
    public async Task The_list_filters_on_a_choice_and_a_number_range_and_ignores_values_that_do_not_parse()
    {
        var s = await SeedAsync();
        var admin = await app.SignInAsync();

        var gold = await admin.GetTextAsync($"/Contacts?q={s.Tag}&cf.tier=gold");
        var range = await admin.GetTextAsync($"/Contacts?q={s.Tag}&cf.score.from=15&cf.score.to=20");
        var garbage = await admin.GetTextAsync($"/Contacts?q={s.Tag}&cf.score.from=abc&cf.tier=platinum");

        Assert.Contains(s.Tag + "zed", gold, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Tag + "yves", gold, StringComparison.Ordinal);
        Assert.Contains(s.Tag + "xeno", range, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Tag + "zed", range, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Tag + "yves", range, StringComparison.Ordinal);
        Assert.Contains("name=\"cf.score.from\"", gold, StringComparison.Ordinal); // the filter form offers them
        // A choice that is not offered matches nothing; a number that does not parse narrows nothing.
        Assert.Contains("data-testid=\"empty-no-match\"", garbage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_search_box_finds_a_record_by_a_text_custom_field_and_the_list_sorts_and_shows_custom_columns()
    {
        var s = await SeedAsync();
        var admin = await app.SignInAsync();

        var found = await admin.GetTextAsync($"/Contacts?q=%3Dbibi+{s.Tag}");
        Assert.Contains(s.Tag + "xeno", found, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Tag + "zed", found, StringComparison.Ordinal);

        var sorted = await admin.GetTextAsync($"/Contacts?q={s.Tag}&sort=cf.score&cols=cf.score,cf.tier,owner");
        var bob = sorted.IndexOf(s.Tag + "yves", StringComparison.Ordinal);
        var cyd = sorted.IndexOf(s.Tag + "xeno", StringComparison.Ordinal);
        var ada = sorted.IndexOf(s.Tag + "zed", StringComparison.Ordinal);
        Assert.True(bob > 0 && bob < cyd && cyd < ada, "ascending by score: 12.5, 18, 30");
        Assert.Contains("data-column=\"cf.score\"", sorted, StringComparison.Ordinal);
        Assert.Contains(">Gold</td>", sorted, StringComparison.Ordinal);
        Assert.Contains(">12.5</td>", sorted, StringComparison.Ordinal);

        var descending = await admin.GetTextAsync($"/Contacts?q={s.Tag}&sort=cf.score&dir=desc");
        Assert.True(descending.IndexOf(s.Tag + "zed", StringComparison.Ordinal) < descending.IndexOf(s.Tag + "yves", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_column_chooser_keeps_a_custom_column_and_refuses_an_unknown_one()
    {
        await SeedAsync();
        var sales = await app.CreateUserAsync(Roles.Sales, "North");
        var client = await app.SignInAsync(sales);
        var chosen = await client.PostFormAsync("/SavedViews/Columns", new()
        {
            ["List"] = "contacts", ["Columns[0].Key"] = "cf.tier", ["Columns[0].Shown"] = "true", ["Columns[0].Position"] = "1",
        }, "/Contacts");
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Contains("data-column=\"cf.tier\"", await client.GetTextAsync("/Contacts?view=all"), StringComparison.Ordinal);

        var unknown = await client.PostFormAsync("/SavedViews/Columns", new()
        {
            ["List"] = "contacts", ["Columns[0].Key"] = "cf.nothing", ["Columns[0].Shown"] = "true", ["Columns[0].Position"] = "1",
        }, "/Contacts");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task The_export_has_a_column_per_custom_field_with_typed_values_for_the_filtered_records()
    {
        var s = await SeedAsync();
        var admin = await app.SignInAsync();

        var response = await admin.GetAsync($"/Contacts/Export?q={s.Tag}&cf.score.from=15");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = body.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();

        Assert.Equal(2, rows.Count);
        var cyd = rows.Single(r => Equals(r["Last name"], s.Tag + "xeno"));
        Assert.Equal(18d, Convert.ToDouble(cyd["Score"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("=Bibi " + s.Tag, cyd["Nickname"]); // a text cell: never run as a formula
        Assert.Equal("Gold", rows.Single(r => Equals(r["Last name"], s.Tag + "zed"))["Tier"]);
    }

    [Fact]
    public async Task Filtering_and_sorting_on_a_custom_field_seek_its_value_indexes()
    {
        var s = await SeedAsync();
        var admin = await app.SignInAsync();

        var filter = await app.PlansOfAsync(admin, "/Contacts?cf.tier=gold", "CustomFieldValues");
        Assert.Contains(filter, p => p.Uses("IX_CustomFieldValues_FieldId_TextKey_RecordId"));

        var range = await app.PlansOfAsync(admin, "/Contacts?cf.score.from=10", "CustomFieldValues");
        Assert.Contains(range, p => p.Uses("IX_CustomFieldValues_FieldId_Number_RecordId"));

        // The sort reads each record's value through (RecordId, FieldId) or the value index, never a scan of the values.
        var sort = await app.PlansOfAsync(admin, "/Contacts?sort=cf.score", "CustomFieldValues");
        Assert.NotEmpty(sort);
        Assert.All(sort, p => Assert.DoesNotContain(p.Steps, step => step.StartsWith("SCAN", StringComparison.Ordinal) && step.Contains("CustomFieldValues", StringComparison.Ordinal)));
        _ = s;
    }
}
