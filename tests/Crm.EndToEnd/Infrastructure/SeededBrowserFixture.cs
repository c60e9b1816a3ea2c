using Crm.Web.Features.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Crm.EndToEnd.Infrastructure;

/// <summary>
/// A server of its own holding a small demo data set (seed-demo), so journeys that look at full pages do not
/// disturb, nor depend on, the records other journeys create.
/// </summary>
public sealed class SeededBrowserFixture : IAsyncLifetime
{
    public const string Password = "Demo-Pass-2026";

    private readonly BrowserFixture browser = new();

    public CrmServer Server => browser.Server;

    public async Task InitializeAsync()
    {
        await browser.InitializeAsync();
        await using var scope = Server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SeedDemoCommand>().RunAsync(
            new DemoSeedOptions(Contacts: 400, Companies: 60, Deals: 80, Activities: 2000, Password: Password), TextWriter.Null, CancellationToken.None);
    }

    public async Task<IPage> NewPageAsync(string locale, int width, int height = 900)
    {
        var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = Server.BaseAddress.ToString(),
            Locale = locale,
            ViewportSize = new() { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public Task DisposeAsync() => browser.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SeededCollection : ICollectionFixture<SeededBrowserFixture>
{
    public const string Name = "Seeded";
}
