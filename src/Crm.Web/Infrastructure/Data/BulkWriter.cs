using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Web.Infrastructure.Data;

/// <summary>
/// Inserts many rows through prepared, parameterised commands on the context's connection, committing every
/// <see cref="BatchSize"/> rows. It bypasses change tracking and <see cref="RecordSaveInterceptor"/>: the caller
/// fills search keys, times and versions itself. Table and column names come from the EF model, so it follows
/// the schema on SQLite and SQL Server. Run EF queries before opening it, not while it is open (SQL Server's
/// retrying strategy refuses them inside a user transaction).
/// </summary>
public sealed class BulkWriter : IAsyncDisposable, IDisposable
{
    private readonly CrmDbContext _db;
    private readonly DbConnection _connection;
    private readonly List<BulkTable> _tables = [];
    private DbTransaction _transaction;
    private int _rowsSinceCommit;

    /// <summary>False when the writer joined the context's transaction: its owner commits it and closes the connection.</summary>
    private readonly bool _ownsTransaction = true;

    /// <summary>The connection held open with its bulk settings, for a writer that owns its transaction.</summary>
    private BulkConnection? _bulk;

    private BulkWriter(CrmDbContext db, DbConnection connection, DbTransaction transaction, bool ownsTransaction = true)
    {
        _db = db;
        _connection = connection;
        _transaction = transaction;
        _ownsTransaction = ownsTransaction;
    }

    public int BatchSize { get; init; } = 10_000;

    /// <summary>Opens the connection for the writer's length, with the settings of a bulk write (<see cref="BulkConnection"/>).</summary>
    public static async Task<BulkWriter> OpenAsync(CrmDbContext db, CancellationToken ct)
    {
        var bulk = await BulkConnection.OpenAsync(db, ct);
        var connection = db.Database.GetDbConnection();
        return new BulkWriter(db, connection, await connection.BeginTransactionAsync(ct)) { _bulk = bulk };
    }

    /// <summary>
    /// A writer inside the context's current transaction (begun with Database.BeginTransactionAsync), so its rows commit
    /// or roll back with the EF work of the same unit. It never commits: <see cref="RowsWrittenAsync"/> and
    /// <see cref="CompleteAsync"/> do nothing, and disposing leaves the transaction and the connection to their owner.
    /// </summary>
    public static BulkWriter InCurrentTransaction(CrmDbContext db)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Begin a transaction on the context first.");
        return new BulkWriter(db, db.Database.GetDbConnection(), transaction, ownsTransaction: false);
    }

    /// <summary>A prepared INSERT of the given properties ("Name", "BillingAddress.City") of an entity type.</summary>
    public BulkTable Table<TEntity>(bool returnsId, params string[] properties) => Insert<TEntity>(returnsId, 1, properties);

    /// <summary>
    /// A prepared INSERT of <paramref name="rows"/> rows at once (values row after row), for small rows written by the
    /// hundred thousand: one execution per <paramref name="rows"/> rows instead of one per row.
    /// </summary>
    public BulkTable Rows<TEntity>(int rows, params string[] properties) => Insert<TEntity>(false, rows, properties);

    private BulkTable Insert<TEntity>(bool returnsId, int rows, string[] properties)
    {
        var entityType = _db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var sql = _db.GetService<ISqlGenerationHelper>();
        var columns = properties.Select(p => Resolve(entityType, p)).ToList();
        var isSqlite = _db.Database.IsSqlite();

        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        var tuples = new List<string>(rows);
        var converters = new List<Func<object?, object?>?>();
        for (var row = 0; row < rows; row++)
        {
            var names = new List<string>(columns.Count);
            for (var i = 0; i < columns.Count; i++)
            {
                var mapping = (RelationalTypeMapping)columns[i].GetTypeMapping();
                var name = "p" + (row * columns.Count + i).ToString(CultureInfo.InvariantCulture);
                var parameter = mapping.CreateParameter(command, sql.GenerateParameterName(name), null, columns[i].IsNullable);
                if (!isSqlite && columns[i].ClrType == typeof(string) && mapping.Size is null)
                {
                    // A prepared SQL Server parameter keeps the size it was prepared with: unbounded columns get max.
                    parameter.Size = -1;
                }

                command.Parameters.Add(parameter);
                names.Add(sql.GenerateParameterNamePlaceholder(name));
                converters.Add(mapping.Converter?.ConvertToProvider);
            }

            tuples.Add($"({string.Join(", ", names)})");
        }

        var tableName = sql.DelimitIdentifier(table.Name, table.Schema);
        var columnList = string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)));
        var values = $"VALUES {string.Join(", ", tuples)}";
        var key = sql.DelimitIdentifier(entityType.FindPrimaryKey()!.Properties[0].GetColumnName(table)!);
        command.CommandText = !returnsId
            ? $"INSERT INTO {tableName} ({columnList}) {values}"
            : isSqlite
                ? $"INSERT INTO {tableName} ({columnList}) {values} RETURNING {key}"
                : $"INSERT INTO {tableName} ({columnList}) OUTPUT INSERTED.{key} {values}";
        command.Prepare();

        var bulkTable = new BulkTable(command, converters);
        _tables.Add(bulkTable);
        return bulkTable;
    }

    /// <summary>
    /// A prepared UPDATE that raises a nullable date column of one row to a value when it is later (or null):
    /// parameters are the value then the row's key.
    /// </summary>
    public BulkTable RaiseToLatest<TEntity>(string property) => Update<TEntity>(property, onlyRaise: true);

    /// <summary>A prepared UPDATE that sets one column of one row (a number made from the id the insert gave): parameters are the value then the row's key.</summary>
    public BulkTable Set<TEntity>(string property) => Update<TEntity>(property, onlyRaise: false);

    private BulkTable Update<TEntity>(string property, bool onlyRaise)
    {
        var entityType = _db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var sql = _db.GetService<ISqlGenerationHelper>();
        var column = Resolve(entityType, property);
        var keyProperty = entityType.FindPrimaryKey()!.Properties[0];

        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        var converters = new List<Func<object?, object?>?>();
        foreach (var (p, name) in new[] { (column, "p0"), (keyProperty, "p1") })
        {
            var mapping = (RelationalTypeMapping)p.GetTypeMapping();
            command.Parameters.Add(mapping.CreateParameter(command, sql.GenerateParameterName(name), null, p.IsNullable));
            converters.Add(mapping.Converter?.ConvertToProvider);
        }

        var c = sql.DelimitIdentifier(column.GetColumnName(table)!);
        var value = sql.GenerateParameterNamePlaceholder("p0");
        command.CommandText =
            $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET {c} = {value} " +
            $"WHERE {sql.DelimitIdentifier(keyProperty.GetColumnName(table)!)} = {sql.GenerateParameterNamePlaceholder("p1")}" +
            (onlyRaise ? $" AND ({c} IS NULL OR {c} < {value})" : string.Empty);
        command.Prepare();

        var statement = new BulkTable(command, converters);
        _tables.Add(statement);
        return statement;
    }

    /// <summary>Counts written rows and commits when a batch is full.</summary>
    public async Task RowsWrittenAsync(int rows, CancellationToken ct)
    {
        if (!_ownsTransaction)
        {
            return;
        }

        _rowsSinceCommit += rows;
        if (_rowsSinceCommit >= BatchSize)
        {
            await CommitAsync(ct);
            _transaction = await _connection.BeginTransactionAsync(ct);
            foreach (var table in _tables)
            {
                table.Command.Transaction = _transaction;
            }
        }
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        if (_ownsTransaction)
        {
            await CommitAsync(ct);
        }
    }

    private async Task CommitAsync(CancellationToken ct)
    {
        await _transaction.CommitAsync(ct);
        await _transaction.DisposeAsync();
        _rowsSinceCommit = 0;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var table in _tables)
        {
            await table.Command.DisposeAsync();
        }

        if (!_ownsTransaction)
        {
            return;
        }

        // Rolls back what CompleteAsync did not commit (nothing when it ran).
        await _transaction.DisposeAsync();
        if (_bulk is not null)
        {
            await _bulk.DisposeAsync();
        }
    }

    /// <summary>For a writer joined to the context's transaction, on a synchronous path (a sync SaveChanges).</summary>
    public void Dispose()
    {
        if (_ownsTransaction)
        {
            throw new InvalidOperationException("A writer that owns its transaction is disposed with DisposeAsync.");
        }

        foreach (var table in _tables)
        {
            table.Command.Dispose();
        }
    }

    private static IProperty Resolve(IEntityType entityType, string path)
    {
        var parts = path.Split('.');
        return parts.Length switch
        {
            1 => entityType.FindProperty(parts[0]),
            2 => entityType.FindComplexProperty(parts[0])?.ComplexType.FindProperty(parts[1]),
            _ => null,
        } ?? throw new InvalidOperationException($"{entityType.DisplayName()} has no mapped property '{path}'.");
    }
}

/// <summary>One prepared command of a <see cref="BulkWriter"/>; values go through the model's value converters.</summary>
public sealed class BulkTable
{
    private readonly IReadOnlyList<Func<object?, object?>?> _converters;

    internal BulkTable(DbCommand command, IReadOnlyList<Func<object?, object?>?> converters)
    {
        Command = command;
        _converters = converters;
    }

    internal DbCommand Command { get; }

    public async Task<int> ExecuteAsync(CancellationToken ct, params object?[] values)
    {
        Bind(values);
        return await Command.ExecuteNonQueryAsync(ct);
    }

    public int Execute(params object?[] values)
    {
        Bind(values);
        return Command.ExecuteNonQuery();
    }

    public async Task<int> InsertReturningIdAsync(CancellationToken ct, params object?[] values)
    {
        Bind(values);
        return Convert.ToInt32(await Command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private void Bind(object?[] values)
    {
        if (values.Length != _converters.Count)
        {
            throw new ArgumentException($"Expected {_converters.Count} values, got {values.Length}.", nameof(values));
        }

        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i] is null ? null : _converters[i] is { } convert ? convert(values[i]) : values[i];
            Command.Parameters[i].Value = value ?? DBNull.Value;
        }
    }
}
