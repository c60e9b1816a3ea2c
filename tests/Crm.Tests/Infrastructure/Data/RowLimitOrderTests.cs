using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Infrastructure.Data;

/// <summary>
/// The capped counts of the dashboard and the lists took rows without an order: EF logged a warning for every new
/// query shape (each role's filter is one), over and over in the server log. Here that warning is an error.
/// </summary>
public sealed class RowLimitOrderTests(RowLimitOrderTests.StrictAppFactory app) : IClassFixture<RowLimitOrderTests.StrictAppFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Contacts?q=mar")]
    [InlineData("/Companies?q=a")]
    [InlineData("/Contacts?status=Lead")]
    public async Task Capped_counts_are_ordered(string path)
    {
        var client = await app.SignInAsync();

        var response = await client.GetAsync(path);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}: {LastError()}");
    }

    private string LastError() =>
        Directory.EnumerateFiles(Path.Combine(app.DataDirectory, "logs")).Select(File.ReadAllText).LastOrDefault(t => t.Contains("[ERR]", StringComparison.Ordinal)) is { } log
            ? log[log.LastIndexOf("[ERR]", StringComparison.Ordinal)..][..Math.Min(3000, log.Length - log.LastIndexOf("[ERR]", StringComparison.Ordinal))]
            : "no error logged";

    public sealed class StrictAppFactory : CrmAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.ConfigureDbContext<SqliteCrmDbContext>(
                o => o.ConfigureWarnings(w => w.Throw(CoreEventId.RowLimitingOperationWithoutOrderByWarning))));
        }
    }
}
