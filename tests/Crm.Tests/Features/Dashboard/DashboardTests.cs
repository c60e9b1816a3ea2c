using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Activities;
using Crm.Web.Infrastructure.Auth;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Dashboard;

public sealed partial class DashboardTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task A_reps_dashboard_counts_their_own_activities_on_records_they_see_and_lists_them()
    {
        var me = await app.CreateUserAsync(Roles.Sales, "Dashboard team A");
        var other = await app.CreateUserAsync(Roles.Sales, "Dashboard team B");
        var mine = await app.AddContactAsync("Mia", "Mine", me);
        await app.AddContactAsync("Max", "Minetoo", me);
        await app.AddContactAsync("Uma", "Unowned");
        var hidden = await app.AddContactAsync("Hugo", "Hidden", other);
        await app.AddCompanyAsync("Hidden company", other);
        var now = DateTime.UtcNow;
        await app.WithDbAsync(async db =>
        {
            db.Activities.Add(Activity.Log(ActivityKind.Call, "Call on my contact", now.AddMinutes(-5), mine, null, me.Id));
            db.Activities.Add(Activity.Log(ActivityKind.Note, "Note on a contact I no longer see", now.AddMinutes(-4), hidden, null, me.Id));
            db.Activities.Add(Activity.Log(ActivityKind.Note, "Note by someone else", now.AddMinutes(-3), hidden, null, other.Id));
            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync(me);

        var html = await (await client.GetAsync("/")).ReadHtmlAsync();

        Assert.Equal("1", Tile(html, "dashboard-week"));
        Assert.Contains("Call on my contact", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Contacts/Details/{mine}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("no longer see", html, StringComparison.Ordinal);
        Assert.DoesNotContain("someone else", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activities_planned_for_a_later_week_do_not_count_in_this_week()
    {
        var me = await app.CreateUserAsync(Roles.Sales, "Dashboard team C");
        var contact = await app.AddContactAsync("Paul", "Planned", me);
        await app.WithDbAsync(async db =>
        {
            db.Activities.Add(Activity.Log(ActivityKind.Meeting, "Meeting in two weeks", DateTime.UtcNow.AddDays(14), contact, null, me.Id));
            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync(me);

        var html = await (await client.GetAsync("/")).ReadHtmlAsync();

        Assert.Equal("0", Tile(html, "dashboard-week"));
    }

    [Fact]
    public async Task A_user_with_no_activity_sees_an_empty_state_in_french()
    {
        var me = await app.CreateUserAsync(Roles.Sales);
        var client = await app.SignInAsync(me);
        client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Dfr%7Cuic%3Dfr");

        var html = System.Net.WebUtility.HtmlDecode(await (await client.GetAsync("/")).ReadHtmlAsync());

        Assert.Contains("Mes activités cette semaine", html, StringComparison.Ordinal);
        Assert.Contains("Les activités que vous saisissez sur un contact ou une société apparaîtront ici.", html, StringComparison.Ordinal);
    }

    private static string Tile(string html, string testId) =>
        TileValue().Match(html[html.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal)..]).Groups[1].Value;

    [GeneratedRegex("fs-3 fw-semibold[^\"]*\">([^<]*)<")]
    private static partial Regex TileValue();
}
