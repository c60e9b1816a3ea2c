using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Crm.EndToEnd.Infrastructure;

/// <summary>
/// The app served by Kestrel on a free port, so a real browser can reach it, on a SQLite file of its own in a
/// temporary data folder, with migrations applied at start as in production and an admin from configuration.
/// </summary>
public sealed class CrmServer : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@e2e.crm";
    public const string AdminPassword = "Admin-Pass-2026";

    public CrmServer()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "crm-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        UseKestrel(0);
        StartServer();
    }

    public string DataDirectory { get; }

    /// <summary>The address Kestrel listens on, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Crm:DataDirectory", DataDirectory);
        builder.UseSetting("Crm:Admin:Email", AdminEmail);
        builder.UseSetting("Crm:Admin:Password", AdminPassword);
        builder.UseSetting("Hangfire:Enabled", "false");
        builder.UseSetting("Crm:RateLimits:FailedSignIns", "100000");
        builder.UseSetting("Crm:RateLimits:PasswordResets", "100000");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a background thread: the temp folder is cleaned by the OS.
        }
    }
}
