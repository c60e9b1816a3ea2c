using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Crm.Benchmarks;

/// <summary>
/// The app as in production (environment Production, SQLite file, migrations at start, request logging to file),
/// served by Kestrel on a free port of this machine, in a temporary data folder that is deleted afterwards.
/// </summary>
public sealed class BenchmarkServer : WebApplicationFactory<Program>
{
    public BenchmarkServer(string? dataDirectory = null)
    {
        KeepData = dataDirectory is not null;
        DataDirectory = dataDirectory is null
            ? Path.Combine(Path.GetTempPath(), "crm-bench", Guid.NewGuid().ToString("N"))
            : Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(DataDirectory);
        UseKestrel(0);
    }

    public string DataDirectory { get; }

    /// <summary>A folder given with --data is kept for the next run.</summary>
    public bool KeepData { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(WebProjectDirectory());
        builder.UseEnvironment("Production");
        builder.UseSetting("Crm:DataDirectory", DataDirectory);
        // Jobs off: a sweeper firing mid-measurement would add noise without telling anything about pages.
        builder.UseSetting("Hangfire:Enabled", "false");
        // Production refuses to mail links without it; the reminder emails carry one.
        builder.UseSetting("Crm:PublicUrl", "https://crm.example.com");
    }

    /// <summary>src/Crm.Web, found from the output folder upwards: views and wwwroot are served from there.</summary>
    private static string WebProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var web = Path.Combine(dir.FullName, "src", "Crm.Web");
            if (File.Exists(Path.Combine(web, "Crm.Web.csproj")))
            {
                return web;
            }
        }

        throw new InvalidOperationException("src/Crm.Web not found above " + AppContext.BaseDirectory);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (KeepData)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleaning.
        }
    }
}
