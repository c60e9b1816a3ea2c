using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Infrastructure.Data;

/// <summary>
/// Holds the context's connection open for the length of a bulk write (an import job, a seeder) with SQLite settings
/// made for it, and sets the defaults back when disposed, before the connection returns to the pool:
/// <list type="bullet">
/// <item>a 128 MiB page cache instead of 2 MB, so the index pages a batch of inserts touches stay in memory instead of
/// being read back from the file at every insert and spilled to the WAL before the commit;</item>
/// <item>temporary files in memory: SQLite keeps a statement journal for each insert of a transaction that may have to be
/// undone alone (foreign keys, multi-row inserts), and by default spills it to a file in /var/tmp. The import wrote
/// 11 GB through these files for 100k rows. They never outlive their transaction, so durability is unchanged.</item>
/// </list>
/// Memory-held temporary files would also hold big sorts in memory: hence only for the bulk write, not on every
/// connection. Does nothing but hold the connection on SQL Server. See docs/decisions/0018-bulk-connection-settings.md.
/// </summary>
public sealed class BulkConnection : IAsyncDisposable
{
    private const string ForBulk = "PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY;";
    private const string Defaults = "PRAGMA cache_size = -2000; PRAGMA temp_store = DEFAULT;";

    private readonly CrmDbContext _db;

    private BulkConnection(CrmDbContext db) => _db = db;

    public static async Task<BulkConnection> OpenAsync(CrmDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        if (db.Database.IsSqlite())
        {
            await using var pragma = db.Database.GetDbConnection().CreateCommand();
            pragma.CommandText = ForBulk;
            await pragma.ExecuteNonQueryAsync(ct);
        }

        return new BulkConnection(db);
    }

    public async ValueTask DisposeAsync()
    {
        if (_db.Database.IsSqlite())
        {
            await using var pragma = _db.Database.GetDbConnection().CreateCommand();
            pragma.CommandText = Defaults;
            await pragma.ExecuteNonQueryAsync();
        }

        await _db.Database.CloseConnectionAsync();
    }
}
