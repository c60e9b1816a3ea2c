using Crm.Web.Features.Demo;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Search;

namespace Crm.Web.Infrastructure.Cli;

/// <summary>What runs before the app serves or a verb runs: migrations (with a backup first), the search words missing, and the configured admin.</summary>
public static class Startup
{
    public static async Task<bool> PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Crm.Startup");
        try
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
            await scope.ServiceProvider.GetRequiredService<SearchWordBackfill>().RunAsync();
            await scope.ServiceProvider.GetRequiredService<AdminBootstrapper>().RunAsync();
            foreach (var data in scope.ServiceProvider.GetServices<IStartupData>())
            {
                await data.EnsureAsync(CancellationToken.None);
            }

            return true;
        }
        catch (MigrationFailedException ex)
        {
            logger.LogCritical(ex, "{Message}", ex.Message);
            await Console.Error.WriteLineAsync($"FATAL: {ex.Message}");
            return false;
        }
    }
}

/// <summary>The verbs the executable takes besides serving: seed-demo and backup.</summary>
public static class Verbs
{
    public static readonly IReadOnlyList<string> Names = ["seed-demo", "backup"];

    public static bool IsVerb(string[] args) =>
        args.Length > 0 && Names.Contains(args[0], StringComparer.OrdinalIgnoreCase);

    /// <summary>Arguments for the host: a verb's own options are not configuration.</summary>
    public static string[] HostArgs(string[] args) =>
        IsVerb(args) ? args.Skip(1).Where(a => a.Contains('=', StringComparison.Ordinal) && a.StartsWith("--", StringComparison.Ordinal)).ToArray() : args;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var verbArgs = args.Skip(1).Where(a => !(a.Contains('=', StringComparison.Ordinal) && a.StartsWith("--", StringComparison.Ordinal))).ToList();
        if (!await app.PrepareDatabaseAsync())
        {
            return 1;
        }

        await using var scope = app.Services.CreateAsyncScope();
        try
        {
            switch (args[0].ToLowerInvariant())
            {
                case "seed-demo":
                    var options = DemoSeedOptions.Parse(verbArgs);
                    await scope.ServiceProvider.GetRequiredService<SeedDemoCommand>().RunAsync(options, Console.Out, CancellationToken.None);
                    return 0;
                case "backup":
                    var file = await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().BackupSqliteAsync("manual");
                    Console.WriteLine(file is null ? "Nothing to back up (no SQLite database file). On SQL Server use its own backups." : $"Backup written to {file}");
                    return 0;
                default:
                    return 2;
            }
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
    }
}
