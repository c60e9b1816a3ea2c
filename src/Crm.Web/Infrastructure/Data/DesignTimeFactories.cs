using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Crm.Web.Infrastructure.Data;

// Used by `dotnet ef` only: each migration set is generated against its own provider without starting the app.
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCrmDbContext>
{
    public SqliteCrmDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCrmDbContext>()
            .UseSqlite("Data Source=design-time.db", DataSetup.SqliteOptions)
            .Options);
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerCrmDbContext>
{
    public SqlServerCrmDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerCrmDbContext>()
            .UseSqlServer("Server=localhost;Database=Crm;Trusted_Connection=True;TrustServerCertificate=True", DataSetup.SqlServerOptions)
            .Options);
}
