using System.Net;
using System.Text;
using System.Xml.Linq;
using Crm.Tests.Infrastructure;
using Crm.Tests.Infrastructure.Localization;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Imports;

/// <summary>
/// What every kind with an import part must declare, and what imports do the same way for every such kind: checked over
/// the registered kinds, so a new importable kind joins these tests by declaring its part.
/// </summary>
public sealed class ImportPartTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private IReadOnlyList<RecordKind> Importable =>
        app.Services.GetRequiredService<RecordKinds>().All.Where(k => k.Importing is not null).ToList();

    private RecordKind KindOf(string key) => Importable.Single(k => k.Key == key);

    /// <summary>The kinds the theories below run on; <see cref="The_import_theories_run_on_every_importable_kind"/> keeps it whole.</summary>
    public static TheoryData<string> ImportableKeys() => new(Keys);

    private static readonly string[] Keys = [ContactKind.Key, CompanyKind.Key];

    [Fact]
    public void The_import_theories_run_on_every_importable_kind() =>
        Assert.Equal(Importable.Select(k => k.Key).Order(), Keys.Order());

    [Fact]
    public void Every_importable_kind_requires_columns_that_fill_its_declared_required_fields()
    {
        foreach (var kind in Importable)
        {
            var import = kind.Importing!;
            Assert.True(import.Fields.Select(f => f.Key).Distinct().Count() == import.Fields.Count, $"{kind.Key}: a column key is declared twice");
            Assert.True(import.Fields.Any(f => f.Required), $"{kind.Key}: no column is required");
            foreach (var field in import.Fields)
            {
                Assert.True(field.Field is null || kind.Fields.Find(field.Field) is not null, $"{kind.Key}.{field.Key} fills '{field.Field}', which is not a declared field");
                Assert.True(field.Field is not null || field.Fills is not null || field.Key is ImportField.IdKey or ImportField.CreatedKey, $"{kind.Key}.{field.Key} fills nothing");
                Assert.True(field.Fills is null || import.Find(field.Fills)?.Required == true, $"{kind.Key}.{field.Key} stands for '{field.Fills}', which is not a required column");
                if (field.Required)
                {
                    Assert.True(field.Field is not null && kind.Fields[field.Field].Required, $"{kind.Key}.{field.Key} is required but fills no required declared field");
                    Assert.True(field.Missing is not null, $"{kind.Key}.{field.Key} is required but says nothing when it is left out");
                }
            }

            foreach (var declared in kind.Fields.Where(f => f.Required))
            {
                Assert.True(import.Fields.Any(f => f.Required && f.Field == declared.Name), $"{kind.Key}.{declared.Name} is required but an import may leave it out");
            }
        }
    }

    [Fact]
    public void Every_importable_kind_gives_each_header_word_to_one_column_in_the_form_headers_are_compared()
    {
        foreach (var kind in Importable)
        {
            var words = kind.Importing!.Fields.SelectMany(f => f.Words.Select(w => (Word: w, f.Key))).ToList();
            var shared = words.GroupBy(w => w.Word).Where(g => g.Select(w => w.Key).Distinct().Count() > 1)
                .Select(g => $"{g.Key}: {string.Join(", ", g.Select(w => w.Key))}").ToList();
            Assert.True(shared.Count == 0, $"{kind.Key}: header words naming more than one column:\n{string.Join("\n", shared)}");
            // A word that is not already a header key (accents, capitals, spaces) would never match a file's header.
            Assert.Empty(words.Where(w => w.Word != ImportField.HeaderKey(w.Word)).Select(w => $"{kind.Key}.{w.Key}: {w.Word}"));
        }
    }

    [Fact]
    public void Every_import_text_reads_in_French()
    {
        var french = XDocument.Load(Path.Combine(ResourceCompletenessTests.RepositoryRoot(), "src", "Crm.Web", "Resources", "SharedResource.fr.resx")).Root!
            .Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        var texts = Importable.Select(k => k.Importing!).SelectMany(i =>
            new[] { i.Title, i.ListLink, i.MatchRule }.Concat(i.PreviewHeaders).Concat(i.Fields.Select(f => f.Label)).Concat(i.Fields.Select(f => f.Missing).OfType<string>()));

        Assert.Empty(texts.Where(t => !french.Contains(t)).Distinct());
    }

    [Theory]
    [MemberData(nameof(ImportableKeys))]
    public async Task A_mapping_that_leaves_out_a_required_column_is_refused_with_what_is_missing(string key)
    {
        var kind = KindOf(key);
        var import = kind.Importing!;
        var optional = import.Fields.First(f => !f.Required && f.Fills is null);
        var (_, client) = await app.UserAsync(Roles.Sales);
        var id = ImportTestHelpers.JobId(await client.UploadAsync($"{kind.Route}/Import", Encoding.UTF8.GetBytes($"{optional.Headers[0]}\nx\n"), "a.csv"));

        var response = await client.PostFormAsync($"/Imports/Map/{id}", new() { ["Columns[0]"] = optional.Key, ["Duplicates"] = "Skip" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.All(import.Fields.Where(f => f.Required), f => Assert.Contains(f.Missing!, html, StringComparison.Ordinal));
        Assert.Equal(ImportStatus.Uploaded, (await app.JobAsync(id)).Status);
    }

    [Theory]
    [MemberData(nameof(ImportableKeys))]
    public async Task A_sales_user_hands_imported_records_to_a_teammate_but_not_to_another_team(string key)
    {
        var kind = KindOf(key);
        var import = kind.Importing!;
        var team = $"Équipe {Guid.NewGuid():N}"[..20];
        var (_, sales) = await app.UserAsync(Roles.Sales, team);
        var (mateId, _) = await app.UserAsync(Roles.Sales, team);
        var (strangerId, _) = await app.UserAsync(Roles.Sales, team + "-2");
        var (mate, stranger) = await app.WithDbAsync(async db => (
            await db.Users.Where(u => u.Id == mateId).Select(u => u.Email!).SingleAsync(),
            await db.Users.Where(u => u.Id == strangerId).Select(u => u.Email!).SingleAsync()));
        var marker = Guid.NewGuid().ToString("N")[..8];
        var required = import.Fields.Where(f => f.Required).ToList();
        var owner = import.Find(ImportField.OwnerKey)!;
        string Row(string name, string email) => string.Join(";", required.Select(_ => name).Append(email));
        var csv = string.Join("\n", string.Join(";", required.Select(f => f.Headers[0]).Append(owner.Headers[0])), Row($"Mate{marker}", mate), Row($"Stranger{marker}", stranger)) + "\n";

        var id = await app.ImportAsync(sales, $"{kind.Route}/Import", Encoding.UTF8.GetBytes(csv), "owners.csv");

        var job = await app.JobAsync(id);
        Assert.Equal((1, 1), (job.CreatedCount, job.ErrorCount));
        var created = await app.WithDbAsync(db => kind.Summaries(db).Where(s => s.Name.Contains(marker)).ToListAsync());
        Assert.Equal([(mateId, $"Mate{marker}")], created.Select(s => (s.OwnerId, s.Name)));
        var errors = Encoding.UTF8.GetString(await sales.GetByteArrayAsync($"/Imports/Errors/{id}"));
        Assert.Contains($"3;\"You may assign records only to yourself or your team (\"\"{stranger}\"\").\"", errors, StringComparison.Ordinal);
    }
}
