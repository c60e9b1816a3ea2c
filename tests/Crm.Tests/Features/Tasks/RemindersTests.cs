using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Notifications;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Tasks;

/// <summary>
/// Reminders: written with the task (and with a meeting to come), moved and removed with it, fired by the sweeper as
/// one notification and one email, once, even when the sweeper runs twice or a crashed instance left its claim.
/// </summary>
public sealed class RemindersTests
{
    private static async Task<int> RunSweeperAsync(CrmAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderSweeper>().Run(CancellationToken.None);
    }

    private static List<KeyValuePair<string, string>> TaskForm(string title, string due, string? remind, string? ownerId, params (string, string)[] more) =>
        Fields([("Title", title), ("DueAt", due), ("Priority", "Normal"), ("Recurrence", "None"), ("RemindMinutesBefore", remind ?? ""), ("OwnerId", ownerId ?? ""), .. more]);

    [Fact]
    public async Task A_task_created_with_a_reminder_fires_once_as_a_notification_and_an_email_in_the_users_language_even_when_the_sweeper_runs_twice()
    {
        await using var app = new TasksAppFactory();
        var me = await app.CreateUserAsync(Roles.Sales, "Reminder team", name: "Marie Martin");
        var client = await app.SignInAsync(me);

        // 14:30 in Paris is 13:30 UTC; fifteen minutes before is 13:15 UTC.
        var created = await client.PostMultipleAsync("/Tasks/Create", TaskForm("Call Dupont", "2026-12-03T14:30", "15", me.Id), "/Tasks/Create");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = IdFromLocation(created);
        var reminder = await app.WithDbAsync(db => db.Reminders.AsNoTracking().SingleAsync(r => r.Source == "tasks" && r.SourceId == id));
        Assert.Equal((me.Id, new DateTime(2026, 12, 3, 13, 15, 0)), (reminder.UserId, reminder.DueAt));

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 13, 14, 0, TimeSpan.Zero));
        Assert.Equal(0, await RunSweeperAsync(app));

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 13, 15, 30, TimeSpan.Zero));
        Assert.Equal(1, await RunSweeperAsync(app));
        Assert.Equal(0, await RunSweeperAsync(app));

        var key = "reminder-" + reminder.Id;
        var notification = await app.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.UserId == me.Id));
        Assert.Equal((key, "Reminder: Call Dupont — due 2:30\u202fPM", $"/Tasks/Details/{id}"), (notification.Key, notification.Title, notification.Link));
        var mail = await app.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.To == me.Email));
        Assert.Equal((key, OutboxStatus.Pending, "Reminder: Call Dupont — due 2:30\u202fPM"), (mail.Key, mail.Status, mail.Subject));
        Assert.Contains("Your task “Call Dupont” is due 2:30\u202fPM.", mail.Text, StringComparison.Ordinal);
        Assert.Contains($"{TasksAppFactory.PublicUrl}/Tasks/Details/{id}", mail.Text, StringComparison.Ordinal);
        Assert.NotNull((await app.WithDbAsync(db => db.Reminders.AsNoTracking().SingleAsync(r => r.Id == reminder.Id))).FiredAt);

        // Moved to later after it fired, the task reminds again at its new time.
        var edit = $"/Tasks/Edit/{id}";
        var version = await app.WithDbAsync(db => db.Tasks.Where(t => t.Id == id).Select(t => t.Version).SingleAsync());
        var moved = await client.PostMultipleAsync(edit, TaskForm("Call Dupont", "2026-12-03T16:00", "15", me.Id, ("Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture))), edit);
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 14, 45, 30, TimeSpan.Zero));
        Assert.Equal(1, await RunSweeperAsync(app));
        Assert.Equal(2, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == me.Id)));
        Assert.Equal(2, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.To == me.Email)));
    }

    [Fact]
    public async Task A_french_users_reminder_reads_in_french()
    {
        await using var app = new TasksAppFactory();
        var me = await app.CreateUserAsync(Roles.Sales, "Équipe", name: "Jean Petit");
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == me.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "fr")));
        var id = await app.AddTaskAsync("Appeler Dupont", me, new DateTime(2026, 12, 3, 13, 30, 0, DateTimeKind.Utc));
        await app.WithDbAsync(async db =>
        {
            db.Reminders.Add(new Reminder { Source = "tasks", SourceId = id, UserId = me.Id, DueAt = new DateTime(2026, 12, 3, 13, 15, 0) });
            await db.SaveChangesAsync();
        });
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 13, 16, 0, TimeSpan.Zero));

        await RunSweeperAsync(app);

        Assert.Equal("Rappel\u202f: Appeler Dupont — échéance 14:30", await app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == me.Id).Select(n => n.Title).SingleAsync()));
        Assert.Contains("Votre tâche «\u00a0Appeler Dupont\u00a0» arrive à échéance 14:30.", await app.WithDbAsync(db => db.Outbox.Where(m => m.To == me.Email).Select(m => m.Text).SingleAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_reassigning_and_completing_a_task_move_and_remove_its_pending_reminder_and_a_done_task_fires_nothing()
    {
        await using var app = new TasksAppFactory();
        var me = await app.CreateUserAsync(Roles.Sales, "Moves team");
        var mate = await app.CreateUserAsync(Roles.Sales, "Moves team");
        var client = await app.SignInAsync(me);
        var id = IdFromLocation(await client.PostMultipleAsync("/Tasks/Create", TaskForm("Prepare demo", "2026-12-04T10:00", "60", me.Id), "/Tasks/Create"));
        var edit = $"/Tasks/Edit/{id}";
        int Version() => app.WithDbAsync(db => db.Tasks.Where(t => t.Id == id).Select(t => t.Version).SingleAsync()).GetAwaiter().GetResult();

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostMultipleAsync(edit, TaskForm("Prepare demo", "2026-12-04T11:00", "30", mate.Id, ("Version", Version().ToString(System.Globalization.CultureInfo.InvariantCulture))), edit)).StatusCode);
        var moved = await app.WithDbAsync(db => db.Reminders.AsNoTracking().SingleAsync(r => r.Source == "tasks" && r.SourceId == id));
        Assert.Equal((mate.Id, new DateTime(2026, 12, 4, 9, 30, 0)), (moved.UserId, moved.DueAt));

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostMultipleAsync(edit, TaskForm("Prepare demo", "2026-12-04T11:00", null, mate.Id, ("Version", Version().ToString(System.Globalization.CultureInfo.InvariantCulture))), edit)).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Reminders.AnyAsync(r => r.Source == "tasks" && r.SourceId == id)));

        // A reminder left pending for a task since done fires nothing.
        await app.WithDbAsync(async db =>
        {
            db.Reminders.Add(new Reminder { Source = "tasks", SourceId = id, UserId = mate.Id, DueAt = new DateTime(2026, 12, 3, 9, 0, 0) });
            await db.Tasks.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.CompletedAt, new DateTime(2026, 12, 3, 8, 0, 0)));
            await db.SaveChangesAsync();
        });
        Assert.Equal(0, await RunSweeperAsync(app));
        Assert.False(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == mate.Id)));
        Assert.False(await app.WithDbAsync(db => db.Reminders.AnyAsync(r => r.SourceId == id && r.FiredAt == null)));
    }

    [Fact]
    public async Task A_task_already_overdue_gets_no_reminder_and_one_due_in_ten_minutes_with_a_quarter_hour_reminder_is_reminded_at_once()
    {
        await using var app = new TasksAppFactory();
        var me = await app.CreateUserAsync(Roles.Sales, "Late team");
        var client = await app.SignInAsync(me);

        // It is 10:00 in Paris.
        var late = IdFromLocation(await client.PostMultipleAsync("/Tasks/Create", TaskForm("Already late", "2026-12-03T09:00", "15", me.Id), "/Tasks/Create"));
        var soon = IdFromLocation(await client.PostMultipleAsync("/Tasks/Create", TaskForm("Very soon", "2026-12-03T10:10", "15", me.Id), "/Tasks/Create"));

        Assert.False(await app.WithDbAsync(db => db.Reminders.AnyAsync(r => r.SourceId == late)));
        Assert.Equal(1, await RunSweeperAsync(app));
        Assert.Equal($"/Tasks/Details/{soon}", await app.WithDbAsync(db => db.Notifications.Select(n => n.Link).SingleAsync()));
    }

    [Fact]
    public async Task A_task_handed_to_someone_else_by_a_bulk_action_reminds_its_new_assignee()
    {
        await using var app = new TasksAppFactory();
        var me = await app.CreateUserAsync(Roles.Sales, "Bulk team");
        var mate = await app.CreateUserAsync(Roles.Sales, "Bulk team");
        var client = await app.SignInAsync(me);
        var id = IdFromLocation(await client.PostMultipleAsync("/Tasks/Create", TaskForm("Handed over", "2026-12-03T11:00", "30", me.Id), "/Tasks/Create"));

        var bulk = await client.PostMultipleAsync("/Tasks/Bulk", Fields(("Ids", $"{id}"), ("Action", "assign"), ("OwnerId", mate.Id), ("ReturnUrl", "/Tasks/All")), "/Tasks/All");
        Assert.Equal(HttpStatusCode.Redirect, bulk.StatusCode);
        Assert.Equal(mate.Id, await app.WithDbAsync(db => db.Tasks.Where(t => t.Id == id).Select(t => t.OwnerId).SingleAsync()));
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 9, 31, 0, TimeSpan.Zero));

        Assert.Equal(1, await RunSweeperAsync(app));
        Assert.Equal(mate.Id, await app.WithDbAsync(db => db.Notifications.Select(n => n.UserId).SingleAsync()));
        Assert.Equal(mate.Email, await app.WithDbAsync(db => db.Outbox.Select(m => m.To).SingleAsync()));
    }

    [Fact]
    public async Task A_claim_left_by_a_crashed_instance_is_taken_over_by_a_second_instance_on_the_same_database_and_a_live_claim_is_left_alone()
    {
        var folder = CrmAppFactory.NewDataDirectory();
        try
        {
            long stale, live;
            string userId;
            await using (var crashed = TasksAppFactory.OnFolder(folder))
            {
                var me = await crashed.CreateUserAsync(Roles.Sales, "Crash team");
                userId = me.Id;
                var first = await crashed.AddTaskAsync("Left by a crash", me, new DateTime(2026, 12, 3, 9, 30, 0, DateTimeKind.Utc));
                var sending = await crashed.AddTaskAsync("Being sent elsewhere", me, new DateTime(2026, 12, 3, 9, 30, 0, DateTimeKind.Utc));
                (stale, live) = await crashed.WithDbAsync(async db =>
                {
                    var a = new Reminder { Source = "tasks", SourceId = first, UserId = me.Id, DueAt = new DateTime(2026, 12, 3, 8, 50, 0), ClaimedAt = new DateTime(2026, 12, 3, 8, 54, 0) };
                    var b = new Reminder { Source = "tasks", SourceId = sending, UserId = me.Id, DueAt = new DateTime(2026, 12, 3, 8, 50, 0), ClaimedAt = new DateTime(2026, 12, 3, 8, 57, 0) };
                    db.Reminders.AddRange(a, b);
                    await db.SaveChangesAsync();
                    return (a.Id, b.Id);
                });
            }

            // Restarted at 09:00: the 08:54 claim is six minutes old, the 08:57 one three.
            await using var second = TasksAppFactory.OnFolder(folder);
            Assert.Equal(1, await RunSweeperAsync(second));
            Assert.Equal(["reminder-" + stale], await second.WithDbAsync(db => db.Notifications.Where(n => n.UserId == userId).Select(n => n.Key!).ToListAsync()));

            second.Clock.Advance(TimeSpan.FromMinutes(3));
            Assert.Equal(1, await RunSweeperAsync(second));
            Assert.Equal(0, await RunSweeperAsync(second));
            Assert.Equal(2, await second.WithDbAsync(db => db.Outbox.CountAsync(m => m.Key == "reminder-" + stale || m.Key == "reminder-" + live)));
        }
        finally
        {
            CrmAppFactory.DeleteDataDirectory(folder);
        }
    }

    [Fact]
    public async Task A_meeting_logged_for_later_with_remind_me_keeps_a_reminder_for_its_author_and_a_past_one_none()
    {
        await using var app = new TasksAppFactory();
        var me = await app.CreateUserAsync(Roles.Sales, "Meeting team");
        var contact = await app.AddContactAsync("Paul", "Durand", me);
        var client = await app.SignInAsync(me);
        var page = $"/Contacts/Details/{contact}";

        await client.PostMultipleAsync($"/Contacts/LogActivity/{contact}", Fields(("Kind", "Meeting"), ("Subject", "Demo at Durand"), ("OccurredAt", "2026-12-03T15:00"), ("RemindMinutesBefore", "30")), page);
        await client.PostMultipleAsync($"/Contacts/LogActivity/{contact}", Fields(("Kind", "Meeting"), ("Subject", "Yesterday's lunch"), ("OccurredAt", "2026-12-02T12:00"), ("RemindMinutesBefore", "30")), page);

        var reminder = await app.WithDbAsync(db => db.Reminders.AsNoTracking().SingleAsync(r => r.Source == "activities" && r.UserId == me.Id));
        Assert.Equal(new DateTime(2026, 12, 3, 13, 30, 0), reminder.DueAt);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 13, 31, 0, TimeSpan.Zero));
        Assert.Equal(1, await RunSweeperAsync(app));
        var notification = await app.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.UserId == me.Id));
        Assert.Equal(("Reminder: Demo at Durand — at 3:00\u202fPM", page), (notification.Title, notification.Link));
    }

    [Fact]
    public async Task A_task_about_a_record_the_user_may_not_see_is_refused_and_one_about_a_visible_record_shows_on_its_page()
    {
        await using var app = new TasksAppFactory();
        var other = await app.CreateUserAsync(Roles.Sales, "Hidden team");
        var hidden = await app.AddContactAsync("Secret", "Person", other);
        var me = await app.CreateUserAsync(Roles.Sales, "Seen team");
        var mine = await app.AddContactAsync("Open", "Person", me);
        var client = await app.SignInAsync(me);

        var form = await (await client.GetAsync($"/Tasks/Create?kind=contacts&id={hidden}")).ReadHtmlAsync();
        Assert.DoesNotContain("Secret", form, StringComparison.Ordinal);
        foreach (var (kind, id) in new[] { ("contacts", $"{hidden}"), ("nonsense", $"{mine}"), ("tasks", "1") })
        {
            var refused = await (await client.PostMultipleAsync("/Tasks/Create", TaskForm("Snoop " + kind, "2026-12-04T10:00", null, me.Id, ("RecordKind", kind), ("RecordId", id)), "/Tasks/Create")).ReadHtmlAsync();
            Assert.Contains("The record this task is about was not found, or you may not see it.", WebUtility.HtmlDecode(refused), StringComparison.Ordinal);
        }

        Assert.False(await app.WithDbAsync(db => db.Tasks.AnyAsync(t => t.Title.StartsWith("Snoop"))));

        var created = await client.PostMultipleAsync("/Tasks/Create", TaskForm("Follow up", "2026-12-04T10:00", null, me.Id, ("RecordKind", "contacts"), ("RecordId", $"{mine}")), $"/Tasks/Create?kind=contacts&id={mine}");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id2 = IdFromLocation(created);
        var contactPage = await (await client.GetAsync($"/Contacts/Details/{mine}")).ReadHtmlAsync();
        Assert.Contains($"href=\"/Tasks/Create?kind=contacts&amp;id={mine}\"", contactPage, StringComparison.Ordinal);
        var panel = contactPage[contactPage.IndexOf("data-testid=\"record-tasks\"", StringComparison.Ordinal)..];
        Assert.Contains($"href=\"/Tasks/Details/{id2}\"", panel, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Contacts/Details/{mine}\"", await (await client.GetAsync($"/Tasks/Details/{id2}")).ReadHtmlAsync(), StringComparison.Ordinal);
    }
}
