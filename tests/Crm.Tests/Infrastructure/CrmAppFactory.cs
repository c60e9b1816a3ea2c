using Crm.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Hosting;
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

    public CrmAppFactory()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "crm-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
    }

    public string DataDirectory { get; }

    /// <summary>Extra configuration, set before the first client is created.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Crm:Admin:Email"] = AdminEmail,
        ["Crm:Admin:Password"] = AdminPassword,
        ["Hangfire:Enabled"] = "false",
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
