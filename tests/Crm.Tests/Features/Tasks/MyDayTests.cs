using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Notifications;
using Crm.Web.Features.Tasks;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Tasks;

/// <summary>
/// "My day" at 10:00 on Thursday 3 December 2026 in Paris, and ticking tasks done from it: buckets on the user's wall
/// clock, the tick's antiforgery and access checks, its answer with and without script, and a repeating task's next one.
/// </summary>
public sealed partial class MyDayTests(TasksAppFactory app) : IClassFixture<TasksAppFactory>
{
    private static DateTime Paris(int day, int hour, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, 12, day, hour, minute, 0, DateTimeKind.Unspecified), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));

    [GeneratedRegex("data-testid=\"bucket-(\\w+)\"")]
    private static partial Regex BucketPattern();

    /// <summary>Which bucket of the page lists each task, by the task's details link.</summary>
    private static Dictionary<int, string> Buckets(string html)
    {
        var found = new Dictionary<int, string>();
        var sections = BucketPattern().Matches(html);
        for (var i = 0; i < sections.Count; i++)
        {
            var end = i + 1 < sections.Count ? sections[i + 1].Index : html.Length;
            foreach (Match link in Regex.Matches(html[sections[i].Index..end], "href=\"/Tasks/Details/(\\d+)\""))
            {
                found[int.Parse(link.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)] = sections[i].Groups[1].Value;
            }
        }

        return found;
    }

    [Fact]
    public async Task My_day_sorts_the_users_own_tasks_into_overdue_today_next_seven_days_and_done_lately_on_their_wall_clock()
    {
        var me = await app.CreateUserAsync(Roles.Sales, "Day team");
        var teammate = await app.CreateUserAsync(Roles.Sales, "Day team");
        var overdue = await app.AddTaskAsync("Yesterday's call", me, Paris(2, 17));
        var thisMorning = await app.AddTaskAsync("Missed this morning", me, Paris(3, 8));
        var tonight = await app.AddTaskAsync("Late today", me, Paris(3, 23, 30));
        var tomorrowEarly = await app.AddTaskAsync("Just after midnight", me, Paris(4, 0, 15));
        var inAWeek = await app.AddTaskAsync("Seven days on", me, Paris(10, 18));
        var tooFar = await app.AddTaskAsync("Next month", me, Paris(11, 9));
        var doneLately = await app.AddTaskAsync("Done on Tuesday", me, Paris(1, 9), completed: Paris(1, 10));
        var doneLongAgo = await app.AddTaskAsync("Done weeks ago", me, Paris(1, 9), completed: Paris(1, 10).AddDays(-20));
        var someoneElses = await app.AddTaskAsync("Teammate's call", teammate, Paris(3, 11));

        var buckets = Buckets(await (await (await app.SignInAsync(me)).GetAsync("/Tasks")).ReadHtmlAsync());

        Assert.Equal("overdue", buckets[overdue]);
        Assert.Equal("overdue", buckets[thisMorning]);
        Assert.Equal("today", buckets[tonight]);
        Assert.Equal("upcoming", buckets[tomorrowEarly]);
        Assert.Equal("upcoming", buckets[inAWeek]);
        Assert.Equal("done", buckets[doneLately]);
        Assert.False(buckets.ContainsKey(tooFar));
        Assert.False(buckets.ContainsKey(doneLongAgo));
        Assert.False(buckets.ContainsKey(someoneElses));
    }

    [Fact]
    public async Task A_user_with_no_task_sees_the_empty_state_and_the_full_list_stays_at_Tasks_All()
    {
        var client = await app.SignInAsync(await app.CreateUserAsync(Roles.Sales, "Empty day team"));

        var html = await (await client.GetAsync("/Tasks")).ReadHtmlAsync();

        Assert.Contains("data-testid=\"my-day-empty\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"empty-no-records\"", await (await client.GetAsync("/Tasks/All")).ReadHtmlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ticking_a_task_done_needs_the_antiforgery_token_and_answers_the_row_to_script_and_a_redirect_without()
    {
        var me = await app.CreateUserAsync(Roles.Sales, "Tick team");
        var id = await app.AddTaskAsync("Send the quote", me, Paris(3, 16));
        var other = await app.AddTaskAsync("Send the contract", me, Paris(3, 17));
        var client = await app.SignInAsync(me);
        var token = FormPosting.AntiforgeryToken(await (await client.GetAsync("/Tasks")).ReadHtmlAsync());

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync($"/Tasks/Complete/{id}", new FormUrlEncodedContent(Fields(("returnUrl", "/Tasks"))))).StatusCode);
        Assert.Null(await CompletedAtAsync(id));

        var inPlace = new HttpRequestMessage(HttpMethod.Post, $"/Tasks/Complete/{id}") { Content = new FormUrlEncodedContent(Fields(("__RequestVerificationToken", token))) };
        inPlace.Headers.Add("X-Crm-Fragment", "task");
        var row = await (await client.SendAsync(inPlace)).ReadHtmlAsync();

        Assert.Equal(TasksAppFactory.Start.UtcDateTime, await CompletedAtAsync(id));
        Assert.Contains($"data-task=\"{id}\"", row, StringComparison.Ordinal);
        Assert.Contains($"action=\"/Tasks/Reopen/{id}\"", row, StringComparison.Ordinal);
        Assert.Contains("role=\"status\">Task done.<", row, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", row, StringComparison.Ordinal);

        var plain = await client.PostAsync($"/Tasks/Complete/{other}", new FormUrlEncodedContent(Fields(("__RequestVerificationToken", token), ("returnUrl", "/Tasks"))));
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.Equal("/Tasks", plain.Headers.Location!.OriginalString);
        Assert.NotNull(await CompletedAtAsync(other));

        var offsite = await client.PostAsync($"/Tasks/Reopen/{other}", new FormUrlEncodedContent(Fields(("__RequestVerificationToken", token), ("returnUrl", "https://evil.example/"))));
        Assert.Equal("/Tasks", offsite.Headers.Location!.OriginalString);
        Assert.Null(await CompletedAtAsync(other));
    }

    [Fact]
    public async Task A_rep_may_neither_see_nor_tick_nor_reopen_another_teams_task()
    {
        var owner = await app.CreateUserAsync(Roles.Sales, "Owning team");
        var id = await app.AddTaskAsync("Theirs", owner, Paris(3, 16));
        var client = await app.SignInAsync(await app.CreateUserAsync(Roles.Sales, "Other team"));
        var token = FormPosting.AntiforgeryToken(await (await client.GetAsync("/Tasks")).ReadHtmlAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Tasks/Details/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/Tasks/Complete/{id}", new FormUrlEncodedContent(Fields(("__RequestVerificationToken", token))))).StatusCode);
        Assert.Null(await CompletedAtAsync(id));
        await app.WithDbAsync(db => db.Tasks.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.CompletedAt, DateTime.UtcNow)));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/Tasks/Reopen/{id}", new FormUrlEncodedContent(Fields(("__RequestVerificationToken", token))))).StatusCode);
        Assert.NotNull(await CompletedAtAsync(id));
    }

    [Fact]
    public async Task Ticking_a_monthly_task_due_on_31_January_opens_the_next_on_28_February_with_its_reminder_and_undoing_takes_it_back()
    {
        var me = await app.CreateUserAsync(Roles.Sales, "Monthly team");
        var contact = await app.AddContactAsync("Jeanne", "Dupont", me);
        var due = TimeZoneInfo.ConvertTimeToUtc(new DateTime(2027, 1, 31, 9, 30, 0), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        var id = await app.WithDbAsync(async db =>
        {
            var task = TaskTestData.New("Monthly report", me.Id, me.TeamId, due: due);
            task.Recurrence = TaskRecurrence.Monthly;
            task.RemindMinutesBefore = 60;
            task.Priority = TaskPriority.High;
            task.RecordKind = "contacts";
            task.RecordId = contact;
            db.Tasks.Add(task);
            await db.SaveChangesAsync();
            return task.Id;
        });
        var client = await app.SignInAsync(me);
        var token = FormPosting.AntiforgeryToken(await (await client.GetAsync("/Tasks")).ReadHtmlAsync());

        var done = await client.PostAsync($"/Tasks/Complete/{id}", new FormUrlEncodedContent(Fields(("__RequestVerificationToken", token), ("returnUrl", "/Tasks"))));

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var next = await app.WithDbAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Title == "Monthly report" && t.Id != id && t.OwnerId == me.Id));
        var expected = TimeZoneInfo.ConvertTimeToUtc(new DateTime(2027, 2, 28, 9, 30, 0), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        Assert.Equal(expected, next.DueAt);
        Assert.Equal((TaskPriority.High, TaskRecurrence.Monthly, "contacts", contact, (int?)60), (next.Priority, next.Recurrence, next.RecordKind, next.RecordId ?? 0, next.RemindMinutesBefore));
        Assert.Null(next.CompletedAt);
        var reminders = await app.WithDbAsync(db => db.Reminders.AsNoTracking().Where(r => r.Source == "tasks" && (r.SourceId == id || r.SourceId == next.Id)).ToListAsync());
        var reminder = Assert.Single(reminders);
        Assert.Equal((next.Id, me.Id, expected.AddMinutes(-60)), (reminder.SourceId, reminder.UserId, reminder.DueAt));

        await client.PostAsync($"/Tasks/Reopen/{id}", new FormUrlEncodedContent(Fields(("__RequestVerificationToken", token))));

        Assert.Null(await CompletedAtAsync(id));
        Assert.False(await app.WithDbAsync(db => db.Tasks.AnyAsync(t => t.Id == next.Id)));
        Assert.Equal(id, (await app.WithDbAsync(db => db.Reminders.AsNoTracking().SingleAsync(r => r.Source == "tasks" && (r.SourceId == id || r.SourceId == next.Id)))).SourceId);
    }

    private Task<DateTime?> CompletedAtAsync(int id) =>
        app.WithDbAsync(db => db.Tasks.IgnoreQueryFilters().Where(t => t.Id == id).Select(t => t.CompletedAt).SingleAsync());
}
