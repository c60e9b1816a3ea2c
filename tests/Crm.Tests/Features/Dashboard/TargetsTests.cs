using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Dashboard;

public sealed class TargetsTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private async Task<(TestUser Manager, TestUser Rep, TestUser Outsider)> TeamAsync(string name)
    {
        var manager = await RecordPages.CreateUserAsync(app, Roles.Manager, name, name + " manager");
        var rep = await RecordPages.CreateUserAsync(app, Roles.Sales, name, name + " rep");
        var outsider = await RecordPages.CreateUserAsync(app, Roles.Sales, name + " elsewhere", name + " outsider");
        await app.WithDbAsync(db => db.Teams.Where(t => t.Name == name).ExecuteUpdateAsync(s => s.SetProperty(t => t.ManagerId, manager.Id)));
        return (manager, rep, outsider);
    }

    private static List<KeyValuePair<string, string>> Rows(string month, params (string UserId, string Amount)[] rows)
    {
        var fields = new List<KeyValuePair<string, string>> { new("Month", month) };
        for (var i = 0; i < rows.Length; i++)
        {
            fields.Add(new($"Rows[{i}].UserId", rows[i].UserId));
            fields.Add(new($"Rows[{i}].Amount", rows[i].Amount));
        }

        return fields;
    }

    [Fact]
    public async Task A_manager_sets_the_months_targets_of_their_teams_members()
    {
        var (manager, rep, outsider) = await TeamAsync("Targets A");
        var client = await app.SignInAsync(manager);

        var page = await (await client.GetAsync("/Targets?month=2026-05")).ReadHtmlAsync();
        Assert.Contains("Targets A rep", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Targets A outsider", page, StringComparison.Ordinal);

        var saved = await client.PostMultipleAsync("/Targets", Rows("2026-05", (rep.Id, "12500.50"), (manager.Id, "")), "/Targets?month=2026-05");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/Targets?month=2026-05", saved.Headers.Location!.OriginalString);
        var target = await app.WithDbAsync(db => db.SalesTargets.SingleAsync(t => t.UserId == rep.Id));
        Assert.Equal((new DateOnly(2026, 5, 1), 1_250_050L, manager.Id), (target.Month, target.AmountCents, target.SetById));
        Assert.False(await app.WithDbAsync(db => db.SalesTargets.AnyAsync(t => t.UserId == manager.Id)));

        // An emptied amount removes the target.
        await client.PostMultipleAsync("/Targets", Rows("2026-05", (rep.Id, "")), "/Targets?month=2026-05");
        Assert.False(await app.WithDbAsync(db => db.SalesTargets.AnyAsync(t => t.UserId == rep.Id)));
    }

    [Fact]
    public async Task Wrong_amounts_are_all_shown_at_once_and_nothing_is_saved()
    {
        var (manager, rep, _) = await TeamAsync("Targets B");
        var client = await app.SignInAsync(manager);

        var response = await client.PostMultipleAsync("/Targets", Rows("2026-06", (rep.Id, "-5"), (manager.Id, "10.555")), "/Targets?month=2026-06");

        var html = await response.ReadHtmlAsync();
        Assert.Contains("data-testid=\"error-summary\"", html, StringComparison.Ordinal);
        Assert.Contains("There are 2 problems:", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#Rows_0__Amount\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"-5\"", html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.SalesTargets.AnyAsync(t => t.UserId == rep.Id || t.UserId == manager.Id)));
    }

    [Fact]
    public async Task A_manager_cannot_set_the_target_of_someone_outside_their_teams()
    {
        var (manager, _, outsider) = await TeamAsync("Targets C");
        var client = await app.SignInAsync(manager);

        var response = await client.PostMultipleAsync("/Targets", Rows("2026-07", (outsider.Id, "100")), "/Targets?month=2026-07");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.SalesTargets.AnyAsync(t => t.UserId == outsider.Id)));
    }

    [Fact]
    public async Task A_rep_can_neither_see_nor_set_targets()
    {
        var (manager, rep, _) = await TeamAsync("Targets D");
        var managerClient = await app.SignInAsync(manager);
        var token = FormPosting.AntiforgeryToken(await (await managerClient.GetAsync("/Targets")).ReadHtmlAsync());
        var client = await app.SignInAsync(rep);

        var page = await client.GetAsync("/Targets");
        var dashboard = await client.GetAsync("/Dashboard");
        var post = await client.PostAsync("/Targets", new FormUrlEncodedContent(Rows("2026-08", (rep.Id, "1000000")).Append(new("__RequestVerificationToken", token))));

        Assert.StartsWith("/Account/AccessDenied", page.LocationPath(), StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Targets\"", await dashboard.ReadHtmlAsync(), StringComparison.Ordinal);
        Assert.True(post.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, post.StatusCode.ToString());
        Assert.False(await app.WithDbAsync(db => db.SalesTargets.AnyAsync(t => t.UserId == rep.Id)));
    }
}
