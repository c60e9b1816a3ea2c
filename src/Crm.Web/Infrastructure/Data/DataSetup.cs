using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Crm.Web.Infrastructure.Data;

public static class DataSetup
{
    internal static void SqliteOptions(SqliteDbContextOptionsBuilder o) =>
        o.MigrationsHistoryTable("__EFMigrationsHistory").CommandTimeout(60);

    internal static void SqlServerOptions(SqlServerDbContextOptionsBuilder o) =>
        o.EnableRetryOnFailure(5).CommandTimeout(60);

    /// <summary>Interceptors a feature registers as <see cref="IInterceptor"/> services join every context.</summary>
    public static IServiceCollection AddCrmData(this IServiceCollection services, IConfiguration configuration, DataPaths paths)
    {
        var provider = DatabaseSettings.Provider(configuration);
        var connectionString = DatabaseSettings.ConnectionString(configuration, paths);
        services.AddSingleton(new DatabaseInfo(provider, connectionString));

        if (provider == DatabaseProvider.Sqlite)
        {
            services.AddDbContext<CrmDbContext, SqliteCrmDbContext>((sp, o) => o
                .UseSqlite(connectionString, SqliteOptions)
                .ConfigureWarnings(CountsNeedNoOrder)
                .AddInterceptors(new SqlitePragmas(), sp.GetRequiredService<RecordSaveInterceptor>())
                .AddInterceptors(sp.GetServices<IInterceptor>()));
        }
        else
        {
            services.AddDbContext<CrmDbContext, SqlServerCrmDbContext>((sp, o) => o
                .UseSqlServer(connectionString, SqlServerOptions)
                .ConfigureWarnings(CountsNeedNoOrder)
                .AddInterceptors(sp.GetRequiredService<RecordSaveInterceptor>())
                .AddInterceptors(sp.GetServices<IInterceptor>()));
        }

        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<Search.SearchWordBackfill>();
        services.AddScoped<RecordSaveInterceptor>();
        services.AddScoped<ChangeScope>();
        services.AddScoped<Records.CurrentUser>();
        services.AddSingleton<DatabaseHealth>();
        services.AddHealthChecks()
            .AddCheck<DatabaseLiveCheck>("database", tags: [DatabaseLiveCheck.Tag])
            .AddCheck<DatabaseReadyCheck>("database-ready", tags: [DatabaseReadyCheck.Tag]);
        return services;
    }

    /// <summary>
    /// EF warns of every Take without an OrderBy; the only ones here are the capped counts ("1000+", the dashboard's
    /// tiles), where any N+1 rows give the same count, and ordering them costs: on 100k contacts the search "mar"
    /// went from 63 to 105 ms median with ORDER BY Id (a sort of every match), and SQLite sorts even ORDER BY (SELECT 1).
    /// Pages never use Take without an order (keyset seeks, tested by the paging theories), so the warning is kept at
    /// Debug rather than filling the log at every new query shape.
    /// </summary>
    private static void CountsNeedNoOrder(Microsoft.EntityFrameworkCore.Diagnostics.WarningsConfigurationBuilder warnings) =>
        warnings.Log((Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.RowLimitingOperationWithoutOrderByWarning, LogLevel.Debug));
}

public sealed record DatabaseInfo(DatabaseProvider Provider, string ConnectionString);
