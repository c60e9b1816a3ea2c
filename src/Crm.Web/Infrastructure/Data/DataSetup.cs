using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Crm.Web.Infrastructure.Data;

public static class DataSetup
{
    internal static void SqliteOptions(SqliteDbContextOptionsBuilder o) =>
        o.MigrationsHistoryTable("__EFMigrationsHistory").CommandTimeout(60);

    internal static void SqlServerOptions(SqlServerDbContextOptionsBuilder o) =>
        o.EnableRetryOnFailure(5).CommandTimeout(60);

    public static IServiceCollection AddCrmData(this IServiceCollection services, IConfiguration configuration, DataPaths paths)
    {
        var provider = DatabaseSettings.Provider(configuration);
        var connectionString = DatabaseSettings.ConnectionString(configuration, paths);
        services.AddSingleton(new DatabaseInfo(provider, connectionString));

        if (provider == DatabaseProvider.Sqlite)
        {
            services.AddDbContext<CrmDbContext, SqliteCrmDbContext>((sp, o) => o
                .UseSqlite(connectionString, SqliteOptions)
                .AddInterceptors(new SqlitePragmas(), sp.GetRequiredService<RecordSaveInterceptor>()));
        }
        else
        {
            services.AddDbContext<CrmDbContext, SqlServerCrmDbContext>((sp, o) => o
                .UseSqlServer(connectionString, SqlServerOptions)
                .AddInterceptors(sp.GetRequiredService<RecordSaveInterceptor>()));
        }

        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<Search.SearchWordBackfill>();
        services.AddScoped<RecordSaveInterceptor>();
        services.AddScoped<ChangeScope>();
        services.AddScoped<Records.CurrentUser>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }
}

public sealed record DatabaseInfo(DatabaseProvider Provider, string ConnectionString);
