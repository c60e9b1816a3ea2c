using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Infrastructure;

/// <summary>
/// The app with every query it sends recorded, so that a test reads the SQLite plans of the queries a page really runs
/// (not a copy of them written in the test).
/// </summary>
public sealed class RecordingAppFactory : CrmAppFactory
{
    private readonly CommandRecorder _recorder = new();

    /// <summary>The plan of each query <paramref name="path"/> sends that reads <paramref name="table"/>, step by step.</summary>
    public async Task<IReadOnlyList<QueryPlan>> PlansOfAsync(HttpClient client, string path, string table)
    {
        _recorder.Commands.Clear();
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        var sent = _recorder.Commands.Where(c => c.Sql.Contains($"FROM \"{table}\"", StringComparison.Ordinal)).ToList();
        return await WithDbAsync(async db =>
        {
            var plans = new List<QueryPlan>();
            await db.Database.OpenConnectionAsync();
            try
            {
                foreach (var (sql, parameters) in sent)
                {
                    await using var command = db.Database.GetDbConnection().CreateCommand();
                    command.CommandText = "EXPLAIN QUERY PLAN " + sql;
                    foreach (var (name, value) in parameters)
                    {
                        var parameter = command.CreateParameter();
                        (parameter.ParameterName, parameter.Value) = (name, value);
                        command.Parameters.Add(parameter);
                    }

                    var steps = new List<string>();
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        steps.Add(reader.GetString(3));
                    }

                    plans.Add(new QueryPlan(sql, steps));
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }

            return plans;
        });
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IInterceptor>(_recorder));
    }

    private sealed class CommandRecorder : DbCommandInterceptor
    {
        public ConcurrentQueue<(string Sql, (string Name, object? Value)[] Parameters)> Commands { get; } = new();

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Record(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        private void Record(DbCommand command) =>
            Commands.Enqueue((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToArray()));
    }
}

public sealed record QueryPlan(string Sql, IReadOnlyList<string> Steps)
{
    public bool Uses(string index) => Steps.Any(s => s.Contains(index, StringComparison.Ordinal));

    public bool Sorts => Steps.Any(s => s.Contains("TEMP B-TREE FOR ORDER BY", StringComparison.Ordinal));

    public override string ToString() => Sql + Environment.NewLine + string.Join(Environment.NewLine, Steps);
}
