using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Infrastructure;

/// <summary>
/// The app on a SQLite file of its own in a temporary data folder, with migrations applied at start as in
/// production, and an admin from configuration. One per test class (IClassFixture).
/// </summary>
public class CrmAppFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@tests.crm";
    public const string AdminPassword = "Admin-Pass-2026";

    private readonly bool _ownsDataDirectory;

    /// <summary>
    /// Tests start many app instances at once; each would watch its settings and content files with inotify instances of
    /// its own, and Linux allows 128 per user ("The configured user limit (128) on the number of inotify instances has
    /// been reached"). No test edits those files while an app runs: apps read settings once and poll the rest.
    /// </summary>
    static CrmAppFactory()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }

    public CrmAppFactory()
        : this(NewDataDirectory(), ownsDataDirectory: true)
    {
    }

    protected CrmAppFactory(string dataDirectory, bool ownsDataDirectory)
    {
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        Directory.CreateDirectory(DataDirectory);
    }

    /// <summary>On a data folder the caller owns and cleans up, e.g. to restart the app on the same database.</summary>
    public static CrmAppFactory On(string dataDirectory) => new(dataDirectory, ownsDataDirectory: false);

    public static string NewDataDirectory() =>
        Path.Combine(Path.GetTempPath(), "crm-tests", Guid.NewGuid().ToString("N"));

    public static void DeleteDataDirectory(string dataDirectory)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a background thread: the temp folder is cleaned by the OS.
        }
    }

    public string DataDirectory { get; }

    /// <summary>Extra configuration, set before the first client is created.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Crm:Admin:Email"] = AdminEmail,
        ["Crm:Admin:Password"] = AdminPassword,
        ["Hangfire:Enabled"] = "false",

        // Every test of a factory signs in from the same (null) address: the per-address limits are tested apart.
        ["Crm:RateLimits:FailedSignIns"] = "100000",
        ["Crm:RateLimits:PasswordResets"] = "100000",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Crm:DataDirectory", DataDirectory);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A scope on the app's services, to arrange and check data directly.</summary>
    public async Task<T> WithDbAsync<T>(Func<CrmDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<CrmDbContext>());
    }

    public async Task WithDbAsync(Func<CrmDbContext, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<CrmDbContext>());
    }

    public async Task WithScopeAsync(Func<IServiceProvider, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }

    /// <summary>Creates a user with a role directly through Identity, as an admin would.</summary>
    public async Task<AppUser> CreateUserAsync(string email, string password, string role)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email, CreatedAt = DateTime.UtcNow };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(user, role);
        return user;
    }

    /// <summary>A client that keeps cookies and does not follow redirects, as a test wants to see them.</summary>
    public HttpClient CreateBrowserLikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<HttpClient> SignInAsync(string email = AdminEmail, string password = AdminPassword)
    {
        var client = CreateBrowserLikeClient();
        var response = await client.PostFormAsync("/Account/Login", new() { ["Email"] = email, ["Password"] = password });
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}");
        }

        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (_ownsDataDirectory)
        {
            DeleteDataDirectory(DataDirectory);
        }
    }
}
