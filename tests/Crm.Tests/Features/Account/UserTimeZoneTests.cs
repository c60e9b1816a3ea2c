using System.Net;
using Crm.Tests.Features.Tasks;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Notifications;
using Crm.Web.Features.Tasks;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Account;

/// <summary>
/// A person's own time zone (My account), at 09:00 UTC on Thursday 3 December 2026: 10:00 in Paris (the company's zone),
/// 01:00 the same day in Los Angeles. A task due at 23:30 UTC is due "today" in Los Angeles, tomorrow in Paris.
/// </summary>
public sealed class UserTimeZoneTests(TasksAppFactory app) : IClassFixture<TasksAppFactory>
{
    private static readonly DateTime LateUtc = new(2026, 12, 3, 23, 30, 0, DateTimeKind.Utc);

    private static Task<HttpResponseMessage> SaveProfileAsync(HttpClient client, string? zone) =>
        client.PostFormAsync("/Account/Manage", new()
        {
            ["Profile.DisplayName"] = "Zone Person", ["Profile.Language"] = "en", ["Profile.DateFormat"] = string.Empty, ["Profile.TimeZone"] = zone ?? string.Empty,
        }, "/Account/Manage");

    private Task<string?> StoredZoneAsync(TestUser user) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.TimeZone).SingleAsync());

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Europe/Pariss")]
    [InlineData("<script>")]
    public async Task A_zone_that_is_not_one_is_refused_with_the_other_errors_and_nothing_is_saved(string zone)
    {
        var me = await app.CreateUserAsync(Roles.Sales, "Zone team");
        var client = await app.SignInAsync(me);

        var response = await client.PostFormAsync("/Account/Manage", new()
        {
            ["Profile.DisplayName"] = string.Empty, ["Profile.Language"] = "en", ["Profile.TimeZone"] = zone,
        }, "/Account/Manage");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose a time zone from the list (such as Europe/Paris).", page, StringComparison.Ordinal);
        Assert.Contains("There are 2 problems:", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"<script>", page, StringComparison.Ordinal);
        Assert.Contains("value=\"" + System.Text.Encodings.Web.HtmlEncoder.Default.Encode(zone) + "\"", page, StringComparison.Ordinal);
        Assert.Null(await StoredZoneAsync(me));
    }

    [Fact]
    public async Task My_day_and_the_today_filter_follow_the_persons_zone_once_chosen_and_the_companys_when_blank()
    {
        var me = await app.CreateUserAsync(Roles.Sales, "Zone team");
        var late = await app.AddTaskAsync("Late call, zone test", me, LateUtc);
        var client = await app.SignInAsync(me);

        Assert.DoesNotContain($"/Tasks/Details/{late}\"", await TodayAsync(client));

        Assert.Equal(HttpStatusCode.Redirect, (await SaveProfileAsync(client, "America/Los_Angeles")).StatusCode);
        Assert.Equal("America/Los_Angeles", await StoredZoneAsync(me));
        Assert.Contains($"/Tasks/Details/{late}\"", await TodayAsync(client));
        Assert.Contains("3:30", await (await client.GetAsync($"/Tasks/Details/{late}")).ReadTextAsync(), StringComparison.Ordinal);

        // Blank goes back to the company's zone.
        Assert.Equal(HttpStatusCode.Redirect, (await SaveProfileAsync(client, " ")).StatusCode);
        Assert.Null(await StoredZoneAsync(me));
        Assert.DoesNotContain($"/Tasks/Details/{late}\"", await TodayAsync(client));
    }

    [Fact]
    public async Task A_reminder_says_the_due_time_on_the_reminded_persons_clock()
    {
        var me = await app.CreateUserAsync(Roles.Sales, "Zone team");
        var colleague = await app.CreateUserAsync(Roles.Sales, "Zone team");
        await app.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == me.Id)).TimeZone = "America/Los_Angeles";
            await db.SaveChangesAsync();
        });
        var mine = await app.AddTaskAsync("Reminded in LA", me, LateUtc);
        var theirs = await app.AddTaskAsync("Reminded in Paris", colleague, LateUtc);
        await app.WithDbAsync(async db =>
        {
            db.Reminders.AddRange(
                new Reminder { UserId = me.Id, Source = TaskReminders.Source, SourceId = mine, DueAt = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1) },
                new Reminder { UserId = colleague.Id, Source = TaskReminders.Source, SourceId = theirs, DueAt = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1) });
            await db.SaveChangesAsync();
        });

        await app.WithScopeAsync(sp => sp.GetRequiredService<ReminderSweeper>().Run(default));

        var titles = await app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == me.Id || n.UserId == colleague.Id).ToDictionaryAsync(n => n.UserId, n => n.Title));

        // Los Angeles: 15:30 the same day, so the time alone; Paris: 00:30 the next day, so the date too.
        Assert.Contains("due 3:30", titles[me.Id], StringComparison.Ordinal);
        Assert.Contains("12/4/2026", titles[colleague.Id], StringComparison.Ordinal);
    }

    private static async Task<string> TodayAsync(HttpClient client) =>
        await (await client.GetAsync("/Tasks/All?due=today&status=open")).ReadTextAsync();
}
