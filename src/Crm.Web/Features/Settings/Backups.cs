using System.Globalization;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Data;

namespace Crm.Web.Features.Settings;

/// <summary>
/// Copies of the SQLite database in the data folder's backups directory: taken by the nightly job or "back up now"
/// (the online backup API, consistent while the app runs), pruned to the newest <see cref="OrganisationSettings.BackupsToKeep"/>.
/// Copies taken before an upgrade are never pruned. With SQL Server, backups are the database server's own.
/// </summary>
public sealed class Backups(DatabaseMigrator migrator, DatabaseInfo database, DataPaths paths, ILogger<Backups> logger)
{
    public const string Nightly = "nightly";
    public const string Manual = "manual";

    public sealed record Copy(string Name, long Size, DateTime At, bool Pruned);

    public bool Available => database.Provider == DatabaseProvider.Sqlite;

    public IReadOnlyList<Copy> List()
    {
        if (!Directory.Exists(paths.Backups))
        {
            return [];
        }

        return new DirectoryInfo(paths.Backups).GetFiles("crm-*.db")
            .OrderByDescending(f => f.LastWriteTimeUtc).ThenByDescending(f => f.Name, StringComparer.Ordinal)
            .Select(f => new Copy(f.Name, f.Length, f.LastWriteTimeUtc, IsPruned(f.Name)))
            .ToList();
    }

    /// <summary>Takes a copy and prunes the old ones; null when the database is not a SQLite file.</summary>
    public async Task<Copy?> TakeAsync(string reason, int keep, CancellationToken ct)
    {
        if (!Available)
        {
            return null;
        }

        var path = await migrator.BackupSqliteAsync(reason, ct);
        if (path is null)
        {
            return null;
        }

        var pruned = Prune(keep);
        logger.LogInformation("Database copied to {Backup}; {Pruned} old copies removed", path, pruned);
        var file = new FileInfo(path);
        return new Copy(file.Name, file.Length, file.LastWriteTimeUtc, true);
    }

    public int Prune(int keep)
    {
        var old = List().Where(c => c.Pruned).Skip(Math.Max(1, keep)).ToList();
        foreach (var copy in old)
        {
            File.Delete(Path.Combine(paths.Backups, copy.Name));
        }

        return old.Count;
    }

    private static bool IsPruned(string name) =>
        name.Contains("-" + Nightly, StringComparison.Ordinal) || name.Contains("-" + Manual, StringComparison.Ordinal);

    public static string Size(long bytes) => bytes switch
    {
        < 1024 * 1024 => string.Create(CultureInfo.CurrentCulture, $"{Math.Max(1, bytes / 1024):N0} KB"),
        _ => string.Create(CultureInfo.CurrentCulture, $"{bytes / (1024.0 * 1024):N1} MB"),
    };
}
