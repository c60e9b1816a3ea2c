using System.Text.Json;
using Crm.Tests.Features.Imports;
using Crm.Tests.Features.Shared;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Search;

public sealed class WordSearchFixture : CrmAppFactory, IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _seeded;

    public int Dumont { get; private set; }
    public int Boulangerie { get; private set; }
    public int Joao { get; private set; }
    public int Helene { get; private set; }
    public int AnneSophie { get; private set; }
    public int Eloise { get; private set; }

    // Seeded before the tests run, so a test may read the ids before its first await.
    Task IAsyncLifetime.InitializeAsync() => SeedAsync();

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    public async Task SeedAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_seeded)
            {
                return;
            }

            await WithDbAsync(async db =>
            {
                var dumont = new Company { Name = "Plomberie Dumont", LegalName = "Plomberie Dumont SARL" };
                var boulangerie = new Company { Name = "Boulangerie Éloi" };
                db.Companies.AddRange(dumont, boulangerie);
                await db.SaveChangesAsync();
                var joao = new Contact { FirstName = "João", LastName = "Da Silva" };
                var helene = new Contact { FirstName = "Hélène", LastName = "d'Aubigné" };
                var anne = new Contact { FirstName = "Anne-Sophie", LastName = "Leroux", CompanyId = dumont.Id };
                var eloise = new Contact { FirstName = "Éloïse", LastName = "Martin" };
                db.Contacts.AddRange(joao, helene, anne, eloise);
                await db.SaveChangesAsync();
                (Dumont, Boulangerie, Joao, Helene, AnneSophie, Eloise) = (dumont.Id, boulangerie.Id, joao.Id, helene.Id, anne.Id, eloise.Id);
            });
            _seeded = true;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>Search matches any word of a name, on the word index, in the lists, the search page and box, and the company picker.</summary>
public sealed class WordSearchTests(WordSearchFixture app) : IClassFixture<WordSearchFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private async Task<List<int>> ContactIdsAsync(string q)
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();
        return await admin.RowIdsAsync("/Contacts?q=" + Uri.EscapeDataString(q), "/Contacts/Details/");
    }

    private async Task<List<int>> CompanyIdsAsync(string q)
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();
        return await admin.RowIdsAsync("/Companies?q=" + Uri.EscapeDataString(q), "/Companies/Details/");
    }

    [Theory]
    [InlineData("silva")]
    [InlineData("SILVA")]
    [InlineData("da silva")]
    [InlineData("joao silva")]
    public async Task A_contact_is_found_by_a_word_inside_its_last_name(string q) =>
        Assert.Equal([app.Joao], await ContactIdsAsync(q));

    [Theory]
    [InlineData("aubigne")]
    [InlineData("Aubigné")]
    [InlineData("d'aubigne")]
    [InlineData("daubigne")]
    [InlineData("helene aub")]
    public async Task An_apostrophe_splits_words_and_the_glued_form_still_matches(string q) =>
        Assert.Equal([app.Helene], await ContactIdsAsync(q));

    [Theory]
    [InlineData("sophie")]
    [InlineData("anne sophie")]
    [InlineData("anne-sophie")]
    [InlineData("sophie leroux")]
    public async Task A_hyphen_splits_words(string q) =>
        Assert.Equal([app.AnneSophie], await ContactIdsAsync(q));

    [Fact]
    public async Task Every_word_of_the_query_must_match_some_word_of_the_name()
    {
        Assert.Equal([app.Eloise], await ContactIdsAsync("martin elo"));
        Assert.Equal([app.Eloise], await ContactIdsAsync("eloise mar"));
        Assert.Empty(await ContactIdsAsync("martin silva"));
        Assert.Empty(await ContactIdsAsync("ilva"));    // a word's start, never its middle
    }

    [Fact]
    public async Task A_contact_is_found_by_a_word_of_its_company_name()
    {
        Assert.Equal([app.AnneSophie], await ContactIdsAsync("dumont"));
        Assert.Equal([app.AnneSophie], await ContactIdsAsync("plomberie dum"));
    }

    [Theory]
    [InlineData("dumont")]
    [InlineData("DUM")]
    [InlineData("plomberie dum")]
    [InlineData("sarl")]
    public async Task A_company_is_found_by_any_word_of_its_name_or_legal_name(string q) =>
        Assert.Equal([app.Dumont], await CompanyIdsAsync(q));

    [Fact]
    public async Task The_company_picker_finds_a_company_by_a_word_inside_its_name()
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();

        var json = await admin.GetStringAsync("/Companies/Lookup?q=dumont");

        var choices = JsonSerializer.Deserialize<List<Choice>>(json, Json)!;
        Assert.Equal([app.Dumont.ToString(System.Globalization.CultureInfo.InvariantCulture)], choices.Select(c => c.Value));
    }

    [Fact]
    public async Task The_search_page_and_box_find_contacts_and_companies_by_any_word()
    {
        await app.SeedAsync();
        var admin = await app.SignInAsync();

        var page = await admin.GetHtmlAsync("/Search?q=silva");
        Assert.Contains($"/Contacts/Details/{app.Joao}\"", page, StringComparison.Ordinal);

        var box = await admin.GetStringAsync("/Search/Suggest?q=" + Uri.EscapeDataString("eloi"));
        Assert.Contains($"/Contacts/Details/{app.Eloise}\"", box, StringComparison.Ordinal);
        Assert.Contains($"/Companies/Details/{app.Boulangerie}\"", box, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Words_follow_an_edit_of_the_name()
    {
        await app.SeedAsync();
        var id = await app.WithDbAsync(async db =>
        {
            var contact = new Contact { FirstName = "Gaspard", LastName = "Vieuxnom" };
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
            return contact.Id;
        });
        Assert.Equal([id], await ContactIdsAsync("vieuxnom"));

        await app.WithDbAsync(async db =>
        {
            var contact = await db.Contacts.SingleAsync(c => c.Id == id);
            contact.LastName = "de Neuvenom";
            await db.SaveChangesAsync();
            contact.JobTitle = "Plombier";   // a save that changes no name keeps the words
            await db.SaveChangesAsync();
        });

        Assert.Empty(await ContactIdsAsync("vieuxnom"));
        Assert.Equal([id], await ContactIdsAsync("neuvenom"));
        Assert.Equal([id], await ContactIdsAsync("gaspard neu"));
        var words = await app.WithDbAsync(db => db.SearchWords.Where(w => w.Kind == Contact.WordKind && w.RecordId == id).Select(w => w.Word).OrderBy(w => w).ToListAsync());
        Assert.Equal(["de", "gaspard", "neuvenom"], words);
    }

    [Fact]
    public async Task A_deleted_contact_keeps_its_words_hidden_by_the_query_filter_and_is_found_again_once_restored()
    {
        await app.SeedAsync();
        var id = await app.WithDbAsync(async db =>
        {
            var contact = new Contact { FirstName = "Ursule", LastName = "Effacée" };
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
            db.Contacts.Remove(contact);
            await db.SaveChangesAsync();
            return contact.Id;
        });
        Assert.Empty(await ContactIdsAsync("effacee"));

        await app.WithDbAsync(async db =>
        {
            var contact = await db.Contacts.IgnoreQueryFilters().SingleAsync(c => c.Id == id);
            contact.DeletedAt = null;
            await db.SaveChangesAsync();
        });
        Assert.Equal([id], await ContactIdsAsync("effacee"));
    }

    [Fact]
    public async Task Imported_contacts_are_found_by_any_word_of_their_name()
    {
        await app.SeedAsync();
        var (_, client) = await app.UserAsync(Roles.Sales, "Équipe Mots");
        var csv = CsvSniffer.Windows1252.GetBytes(
            "Prénom;Nom;E-mail\r\n" +
            "Marie-Claude;Van der Berghe;mc.vdb@exemple.fr\r\n");

        await app.ImportAsync(client, "/Contacts/Import", csv, "words.csv");

        var id = await app.WithDbAsync(db => db.Contacts.Where(c => c.LastName == "Van der Berghe").Select(c => c.Id).SingleAsync());
        Assert.Equal([id], await ContactIdsAsync("berghe"));
        Assert.Equal([id], await ContactIdsAsync("claude van"));
    }

    [Fact]
    public async Task The_start_up_backfill_writes_the_words_a_database_lacks_once()
    {
        await app.SeedAsync();
        await app.WithDbAsync(db => db.SearchWords.Where(w => w.Kind == Contact.WordKind && w.RecordId == app.Joao).ExecuteDeleteAsync());
        Assert.Empty(await ContactIdsAsync("silva"));

        await app.WithScopeAsync(sp => sp.GetRequiredService<SearchWordBackfill>().RunAsync());
        var count = await app.WithDbAsync(db => db.SearchWords.CountAsync());
        await app.WithScopeAsync(sp => sp.GetRequiredService<SearchWordBackfill>().RunAsync());

        Assert.Equal([app.Joao], await ContactIdsAsync("silva"));
        Assert.Equal(count, await app.WithDbAsync(db => db.SearchWords.CountAsync()));
    }

    [Theory]
    [InlineData("silva")]
    [InlineData("anne sophie")]
    public async Task The_contact_list_search_reads_the_word_index_and_scans_no_table(string q)
    {
        await app.SeedAsync();
        var plan = await app.WithDbAsync(async db =>
        {
            var user = new Crm.Web.Infrastructure.Records.CrmUser("x", 1, new HashSet<string> { Roles.Admin });
            var time = new Crm.Web.Infrastructure.Localization.UserTime(Microsoft.Extensions.Options.Options.Create(new Crm.Web.Infrastructure.CrmOptions()));
            var query = new ContactList.Query { Q = q };
            var list = new ContactList(db, time, TimeProvider.System);
            var ids = list.Ordered(list.Filtered(query, user), query, null).Take(26).Select(c => c.Id);
            return await PlanAsync(db, ids);
        });

        Assert.Contains(plan, line => line.Contains("USING COVERING INDEX IX_SearchWords_Kind_Word_RecordId (Kind=? AND Word>? AND Word<?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.StartsWith("SCAN", StringComparison.Ordinal) && !line.Contains("SUBQUERY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_company_list_search_reads_the_word_index_and_scans_no_table()
    {
        await app.SeedAsync();
        var plan = await app.WithDbAsync(async db =>
        {
            var ids = db.Companies.AsNoTracking().Matching(db, "plomberie dum").OrderBy(c => c.NameKey).ThenBy(c => c.Id).Take(26).Select(c => c.Id);
            return await PlanAsync(db, ids);
        });

        Assert.Contains(plan, line => line.Contains("USING COVERING INDEX IX_SearchWords_Kind_Word_RecordId (Kind=? AND Word>? AND Word<?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.StartsWith("SCAN", StringComparison.Ordinal) && !line.Contains("SUBQUERY", StringComparison.Ordinal));
    }

    [Fact]
    public void The_word_search_translates_for_sql_server_as_prefix_likes_on_the_word_index()
    {
        var options = new DbContextOptionsBuilder<SqlServerCrmDbContext>().UseSqlServer("Server=none;Database=none").Options;
        using var db = new SqlServerCrmDbContext(options);

        var sql = db.Contacts.Matching(db, "anne sophie").ToQueryString();

        Assert.Contains("[SearchWords]", sql, StringComparison.Ordinal);
        Assert.Contains("INTERSECT", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("LIKE N'%", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Words_split_on_spaces_hyphens_and_apostrophes_and_keep_the_glued_form()
    {
        Assert.Equal(["aubigne", "d", "daubigne", "helene"], SearchWords.Of(["d’Aubigné", "Hélène"]).Order(StringComparer.Ordinal));
        Assert.Equal(["anne", "annesophie", "du", "pont", "sophie"], SearchWords.Of(["Anne-Sophie", "  du   PONT "]).Order(StringComparer.Ordinal));
        Assert.Equal(["martin", "elo"], SearchWords.Terms("Martin, Élo"));
    }

    private static async Task<List<string>> PlanAsync(CrmDbContext db, IQueryable<int> query)
    {
        await using var command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        await db.Database.OpenConnectionAsync();
        try
        {
            var lines = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(3));
            }

            return lines;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed record Choice(string Value, string Text);
}
