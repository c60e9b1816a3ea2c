using System.Net;
using Crm.Tests.Features;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Infrastructure.Data;

/// <summary>The per-connection pragmas hold on every connection, fresh or reused from the pool; writers at once wait, never fail.</summary>
public sealed class SqlitePragmasTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task Every_connection_has_the_pragmas_whether_fresh_or_reused_from_the_pool()
    {
        for (var round = 0; round < 2; round++)
        {
            if (round == 1)
            {
                // New physical connections: the pragmas must be sent again.
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            }

            for (var open = 0; open < 3; open++)
            {
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
                await db.Database.OpenConnectionAsync();
                try
                {
                    Assert.Equal(10000L, await PragmaAsync(db, "busy_timeout"));
                    Assert.Equal(1L, await PragmaAsync(db, "foreign_keys"));
                    Assert.Equal(1L, await PragmaAsync(db, "synchronous"));
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            }
        }
    }

    [Fact]
    public async Task Twenty_people_logging_activities_at_once_all_succeed()
    {
        var id = await app.AddContactAsync("Busy", "Writer" + Guid.NewGuid().ToString("N")[..6]);
        var clients = new List<(HttpClient Client, string Token)>();
        for (var i = 0; i < 20; i++)
        {
            var client = await app.SignInAsync();
            var page = await (await client.GetAsync($"/Contacts/Details/{id}")).Content.ReadAsStringAsync();
            clients.Add((client, FormPosting.AntiforgeryToken(page)));
        }

        var responses = await Task.WhenAll(clients.Select((c, i) => c.Client.PostAsync($"/Contacts/LogActivity/{id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Kind"] = "Note",
            ["Subject"] = $"At once {i}",
            ["__RequestVerificationToken"] = c.Token,
        }))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Equal(20, await app.WithDbAsync(db => db.Activities.CountAsync(a => a.ContactId == id && a.Subject.StartsWith("At once "))));
    }

    [Fact]
    public async Task A_bulk_connection_holds_its_journals_in_memory_with_a_large_cache_and_gives_the_pool_back_the_defaults()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        await using (await BulkConnection.OpenAsync(db, CancellationToken.None))
        {
            Assert.Equal(2L, await PragmaAsync(db, "temp_store")); // MEMORY: statement journals never go to /var/tmp
            Assert.Equal(-131072L, await PragmaAsync(db, "cache_size"));
            Assert.Equal(1L, await PragmaAsync(db, "synchronous")); // durability unchanged: NORMAL in WAL
        }

        await db.Database.OpenConnectionAsync();
        try
        {
            Assert.Equal(0L, await PragmaAsync(db, "temp_store"));
            Assert.Equal(-2000L, await PragmaAsync(db, "cache_size"));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<long> PragmaAsync(CrmDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
