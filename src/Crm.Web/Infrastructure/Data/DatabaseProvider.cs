namespace Crm.Web.Infrastructure.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

public static class DatabaseSettings
{
    public static DatabaseProvider Provider(IConfiguration configuration) =>
        configuration["Database:Provider"] switch
        {
            null or "" => DatabaseProvider.Sqlite,
            var p when p.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) => DatabaseProvider.Sqlite,
            var p when p.Equals("SqlServer", StringComparison.OrdinalIgnoreCase) => DatabaseProvider.SqlServer,
            var p => throw new InvalidOperationException($"Database:Provider '{p}' is not supported. Use 'Sqlite' or 'SqlServer'."),
        };

    public static string ConnectionString(IConfiguration configuration, DataPaths paths)
    {
        var configured = configuration.GetConnectionString("Crm");
        return Provider(configuration) switch
        {
            DatabaseProvider.Sqlite => SqliteConnectionString(string.IsNullOrWhiteSpace(configured) ? $"Data Source={paths.Database}" : configured),
            _ => configured is { Length: > 0 }
                ? configured
                : throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:Crm is not set."),
        };
    }

    private static string SqliteConnectionString(string raw)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(raw)
        {
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        };
        return builder.ToString();
    }
}
