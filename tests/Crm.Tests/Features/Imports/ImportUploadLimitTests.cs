using System.Net;
using System.Text;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Imports;

/// <summary>The app with a 2 KB upload limit.</summary>
public sealed class SmallUploadLimitApp : CrmAppFactory
{
    public SmallUploadLimitApp() => Settings["Imports:MaxUploadBytes"] = "2048";
}

public sealed class ImportUploadLimitTests(SmallUploadLimitApp app) : IClassFixture<SmallUploadLimitApp>
{
    private static byte[] Csv(int rows) =>
        Encoding.UTF8.GetBytes("Nom;Email\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"Nom{i};n{i}@exemple.fr\n")));

    [Theory]
    [InlineData(200)]    // a little over the limit: the form is read and the file found too large
    [InlineData(5000)]   // far over the limit: refused from its Content-Length, before the body is read
    public async Task An_oversized_file_gets_a_clear_message_and_creates_nothing(int rows)
    {
        var (_, client) = await app.UserAsync(Roles.Sales);
        var jobs = await app.WithDbAsync(db => db.ImportJobs.CountAsync());
        var uploads = Directory.GetFiles(Path.Combine(app.DataDirectory, "uploads")).Length;
        var response = await client.UploadAsync("/Contacts/Import", Csv(rows), "big.csv");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("The file is too large: the limit is 0 MB", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(jobs, await app.WithDbAsync(db => db.ImportJobs.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Contacts.CountAsync()));
        Assert.Equal(uploads, Directory.GetFiles(Path.Combine(app.DataDirectory, "uploads")).Length);
    }

    [Fact]
    public async Task A_file_under_the_limit_is_accepted()
    {
        var (_, client) = await app.UserAsync(Roles.Sales);
        var response = await client.UploadAsync("/Contacts/Import", Csv(10), "small.csv");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
