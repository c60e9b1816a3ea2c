using System.Net;
using ClosedXML.Excel;
using Crm.Tests.Features.Shared;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Export;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Reports;

/// <summary>GET /Reports/Export?key=…, run as the signed-in user through the registered report runners.</summary>
public sealed class ReportExportEndpointTests(ReportAppFactory app) : IClassFixture<ReportAppFactory>
{
    internal static async Task<(ListTestData.User Manager, ListTestData.User Rep, ListTestData.User Other)> SeedAsync(CrmAppFactory app)
    {
        var manager = await app.UserAsync("manager@reports.test", Roles.Manager, "North");
        var rep = await app.UserAsync("rep@reports.test", Roles.Sales, "North");
        var other = await app.UserAsync("other@reports.test", Roles.Sales, "South");
        await app.WithDbAsync(async db =>
        {
            if (await db.Contacts.AnyAsync(c => c.LastName == "=Rep1"))
            {
                return;
            }

            var at = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);
            db.Contacts.AddRange(
                new Contact { FirstName = "A", LastName = "=Rep1", LeadSource = "Web", OwnerId = rep.Id, TeamId = rep.TeamId, CreatedAt = at },
                new Contact { FirstName = "B", LastName = "Rep2", LeadSource = "Web", OwnerId = rep.Id, TeamId = rep.TeamId, CreatedAt = at },
                new Contact { FirstName = "C", LastName = "Other1", LeadSource = "Fair", OwnerId = other.Id, TeamId = other.TeamId, CreatedAt = at },
                new Contact { FirstName = "D", LastName = "Other2", LeadSource = "Fair", OwnerId = other.Id, TeamId = other.TeamId, CreatedAt = at },
                new Contact { FirstName = "E", LastName = "Other3", LeadSource = "Fair", OwnerId = other.Id, TeamId = other.TeamId, CreatedAt = at });
            await db.SaveChangesAsync();
        });
        return (manager, rep, other);
    }

    [Fact]
    public async Task A_key_no_runner_knows_is_not_found()
    {
        var (manager, _, _) = await SeedAsync(app);
        var client = await app.SignInAsAsync(manager);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Reports/Export?key=std:nothing-here")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Reports/Export")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Reports/Export?key=test:unknown")).StatusCode);
    }

    [Fact]
    public async Task A_report_the_user_may_not_read_is_not_found()
    {
        var (_, rep, _) = await SeedAsync(app);
        var client = await app.SignInAsAsync(rep);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Reports/Export?key=" + ContactsReportRunner.BySource)).StatusCode);
    }

    [Fact]
    public async Task Signed_out_the_export_asks_to_sign_in()
    {
        var response = await app.CreateBrowserLikeClient().GetAsync("/Reports/Export?key=" + ContactsReportRunner.BySource);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_downloads_as_a_workbook_named_after_the_report_and_the_day()
    {
        var (manager, _, _) = await SeedAsync(app);
        var client = await app.SignInAsAsync(manager);

        var response = await client.GetAsync("/Reports/Export?key=" + ContactsReportRunner.BySource);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxFile.ContentType, response.Content.Headers.ContentType!.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Matches(@"^Contacts by source \d{4}-\d{2}-\d{2}\.xlsx$", disposition.FileNameStar ?? disposition.FileName!.Trim('"'));
        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        var about = workbook.Worksheet(1);
        Assert.Equal("Contacts by source", about.Cell(1, 1).GetString());
        Assert.Equal("manager", about.Cell(3, 2).GetString());
        var data = workbook.Worksheet(2);

        // The manager sees their team's contacts (the rep's two from the web), not the other team's three.
        Assert.Equal(("Web", 2.0), (data.Cell(2, 1).GetString(), data.Cell(2, 2).GetDouble()));
        Assert.Equal(2, data.LastRowUsed().RowNumber());
    }

    [Fact]
    public async Task A_raw_report_streams_only_the_rows_the_user_may_see()
    {
        var (_, rep, _) = await SeedAsync(app);
        var client = await app.SignInAsAsync(rep);

        var response = await client.GetAsync("/Reports/Export?key=" + ContactsReportRunner.Raw);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxFile.ContentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Raw contacts", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        Assert.Equal("Raw contacts", workbook.Worksheet(1).Cell(1, 1).GetString());
        var data = workbook.Worksheet(2);
        Assert.Equal(["=Rep1", "Rep2"], data.RowsUsed().Skip(1).Select(r => r.Cell(1).GetString()).ToArray());
        Assert.False(data.Cell(2, 1).HasFormula);

        // 09:00 UTC on 1 December is 10:00 in Paris, the default zone.
        Assert.Equal(new DateTime(2026, 12, 1, 10, 0, 0), data.Cell(2, 2).GetDateTime());
        Assert.Equal(1, data.SheetView.SplitRow);
    }
}
