using System.Net;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Infrastructure.Data;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_is_200_when_the_database_answers_and_migrations_are_applied()
    {
        await using var app = new CrmAppFactory();
        var response = await app.CreateBrowserLikeClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_is_503_when_a_migration_is_pending()
    {
        await using var app = new CrmAppFactory();
        var client = app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        var deleted = await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM __EFMigrationsHistory"));
        Assert.True(deleted > 0);

        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_is_503_when_the_database_does_not_answer()
    {
        await using var app = new CrmAppFactory();
        var client = app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        var database = Path.Combine(app.DataDirectory, "crm.db");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(database + "-wal");
        File.Delete(database + "-shm");
        await File.WriteAllTextAsync(database, new string('x', 4096));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
    }
}
