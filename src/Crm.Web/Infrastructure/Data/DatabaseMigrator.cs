using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Infrastructure.Data;

/// <summary>
/// Applies pending migrations at start. On SQLite a consistent copy of the file is taken first,
/// so a failed upgrade can always be rolled back by putting the copy back.
/// </summary>
public sealed class DatabaseMigrator(CrmDbContext db, DatabaseInfo database, DataPaths paths, TimeProvider clock, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            if (pending.Count > 0)
            {
                var backup = await BackupSqliteAsync($"before-{pending[^1]}", ct);
                if (backup is not null)
                {
                    logger.LogInformation("Backed up the database to {Backup} before applying {Count} migration(s)", backup, pending.Count);
                }
            }
        }

        if (pending.Count > 0)
        {
            logger.LogInformation("Applying migrations: {Migrations}", string.Join(", ", pending));
            try
            {
                await db.Database.MigrateAsync(ct);
            }
            catch (Exception ex)
            {
                throw new MigrationFailedException(
                    $"Applying database migrations failed ({string.Join(", ", pending)}). The app will not start on a half-migrated schema. " +
                    (database.Provider == DatabaseProvider.Sqlite ? $"A copy of the database taken before the upgrade is in {paths.Backups}. " : string.Empty) +
                    $"Cause: {ex.Message}", ex);
            }
        }

        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // WAL is a property of the file: set once, kept across connections.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct);
        }
    }

    /// <summary>Writes a consistent copy of the SQLite database (the online backup API, safe while the app runs).</summary>
    public async Task<string?> BackupSqliteAsync(string reason, CancellationToken ct = default)
    {
        var source = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || !File.Exists(source) || new FileInfo(source).Length == 0)
        {
            return null;
        }

        Directory.CreateDirectory(paths.Backups);
        var stamp = clock.GetUtcNow().ToString("yyyyMMdd-HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture);
        var target = Path.Combine(paths.Backups, $"crm-{stamp}-{Sanitize(reason)}.db");
        for (var n = 2; File.Exists(target); n++)
        {
            target = Path.Combine(paths.Backups, $"crm-{stamp}-{Sanitize(reason)}-{n}.db");
        }
        await using var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        await from.OpenAsync(ct);
        await to.OpenAsync(ct);
        from.BackupDatabase(to);
        return target;
    }

    private static string Sanitize(string s) =>
        new(s.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
}

public sealed class MigrationFailedException(string message, Exception inner) : Exception(message, inner);
