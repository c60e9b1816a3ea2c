using Crm.Tests.Infrastructure;

namespace Crm.Tests.Infrastructure.Data;

public sealed class FailedMigrationTests
{
    [Fact]
    public async Task A_failed_migration_stops_the_app_before_it_serves()
    {
        await using var app = new CrmAppFactory();
        var database = Path.Combine(app.DataDirectory, "crm.db");
        await SqliteFile.ExecuteAsync(database, "CREATE TABLE AspNetRoles (Something TEXT);");

        // The entry point returns 1 before Run: the host is built but never started, so the test server has no app.
        var error = Assert.Throws<InvalidOperationException>(() => app.CreateBrowserLikeClient());
        Assert.Contains("server has not been started", error.Message, StringComparison.Ordinal);

        Assert.Single(Directory.GetFiles(Path.Combine(app.DataDirectory, "backups")));
        Assert.Equal(0L, await SqliteFile.ScalarAsync(database, "SELECT count(*) FROM sqlite_master WHERE name = 'AspNetUsers'"));
    }
}
