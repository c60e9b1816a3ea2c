using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Infrastructure.Data;

public sealed class MigrationBackupTests
{
    [Fact]
    public async Task A_fresh_data_folder_starts_without_a_backup()
    {
        await using var app = new CrmAppFactory();
        Assert.Equal(HttpStatusCode.OK, (await app.CreateBrowserLikeClient().GetAsync("/health")).StatusCode);

        Assert.Empty(Directory.GetFiles(Path.Combine(app.DataDirectory, "backups")));
    }

    [Fact]
    public async Task An_existing_database_with_pending_migrations_is_backed_up_before_migrating()
    {
        await using var app = new CrmAppFactory();
        var database = Path.Combine(app.DataDirectory, "crm.db");
        await SqliteFile.ExecuteAsync(database, "CREATE TABLE Notes (Id INTEGER PRIMARY KEY, Text TEXT); INSERT INTO Notes (Text) VALUES ('kept');");

        Assert.Equal(HttpStatusCode.OK, (await app.CreateBrowserLikeClient().GetAsync("/health")).StatusCode);

        var backup = Assert.Single(Directory.GetFiles(Path.Combine(app.DataDirectory, "backups")));
        Assert.Contains("before-", Path.GetFileName(backup), StringComparison.Ordinal);
        // Named after the last migration it is about to apply, whichever that is.
        Assert.Matches(@"before-\d{14}_\w+\.db$", backup);
        Assert.Equal("kept", await SqliteFile.ScalarAsync(backup, "SELECT Text FROM Notes"));
        Assert.Equal(0L, await SqliteFile.ScalarAsync(backup, "SELECT count(*) FROM sqlite_master WHERE name = 'AspNetUsers'"));
    }

    [Fact]
    public async Task A_manual_backup_is_a_consistent_copy_of_the_live_database()
    {
        await using var app = new CrmAppFactory();
        string? backup = null;
        await app.WithScopeAsync(async services =>
            backup = await services.GetRequiredService<DatabaseMigrator>().BackupSqliteAsync("manual"));

        Assert.NotNull(backup);
        Assert.StartsWith(Path.Combine(app.DataDirectory, "backups"), backup, StringComparison.Ordinal);
        Assert.EndsWith("-manual.db", backup, StringComparison.Ordinal);
        Assert.Equal(CrmAppFactory.AdminEmail, await SqliteFile.ScalarAsync(backup, "SELECT Email FROM AspNetUsers"));
    }

    [Fact]
    public async Task Backup_reasons_cannot_escape_the_backups_folder()
    {
        await using var app = new CrmAppFactory();
        string? backup = null;
        await app.WithScopeAsync(async services =>
            backup = await services.GetRequiredService<DatabaseMigrator>().BackupSqliteAsync("../../escape me"));

        Assert.NotNull(backup);
        Assert.Equal(Path.Combine(app.DataDirectory, "backups"), Path.GetDirectoryName(backup));
    }

    [Fact]
    public async Task Nothing_is_backed_up_when_the_database_file_does_not_exist()
    {
        var paths = new DataPaths(CrmAppFactory.NewDataDirectory(), Path.GetTempPath());
        try
        {
            var missing = Path.Combine(paths.Root, "missing.db");
            var info = new DatabaseInfo(DatabaseProvider.Sqlite, $"Data Source={missing}");
            await using var app = new CrmAppFactory();
            await app.WithScopeAsync(async services =>
            {
                var migrator = ActivatorUtilities.CreateInstance<DatabaseMigrator>(services, info, paths);
                Assert.Null(await migrator.BackupSqliteAsync("manual"));
            });
            Assert.False(Directory.Exists(paths.Backups));
        }
        finally
        {
            CrmAppFactory.DeleteDataDirectory(paths.Root);
        }
    }
}
