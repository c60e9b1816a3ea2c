using System.Net;
using Crm.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Tests.Infrastructure.Data;

/// <summary>
/// The capped counts of the dashboard and the lists take rows without an order (any N+1 rows count the same, and an
/// order would sort every match): EF's warning about it filled the server log at every new query shape. The log of
/// these pages must hold no warning from EF.
/// </summary>
public sealed class RowLimitOrderTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task The_dashboard_and_the_lists_leave_no_EF_warning_in_the_server_log()
    {
        var client = await app.SignInAsync();
        foreach (var path in new[] { "/", "/Contacts?q=mar", "/Companies?q=a", "/Contacts?status=Lead" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
        }

        // A last line that, once in the file, says the lines of the pages above are there too (one writer, in order).
        var marker = Guid.NewGuid().ToString("N");
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tests").LogInformation("Marker {Marker}", marker);
        var lines = await ServerLog.WaitForAsync(app.DataDirectory, line => line.Contains(marker, StringComparison.Ordinal));
        var warnings = lines
            .Where(line => line.Contains("[WRN]", StringComparison.Ordinal) && line.Contains("EntityFrameworkCore", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(warnings);
    }
}
