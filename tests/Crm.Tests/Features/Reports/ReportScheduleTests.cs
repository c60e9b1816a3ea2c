using System.Net;
using ClosedXML.Excel;
using Crm.Tests.Features.Shared;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Reports;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Crm.Tests.Features.Reports;

/// <summary>/Reports/Schedules and the delivery sweeper: validation, ownership, sent once, the workbook attached.</summary>
public sealed class ReportScheduleTests(ReportAppFactory app) : IClassFixture<ReportAppFactory>
{
    private async Task<int> ScheduleAsync(HttpClient client, string key, params string[] recipients)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Key", key), new("Frequency", "Weekly"), new("Weekday", "Monday"), new("DayOfMonth", "1"), new("Time", "08:00"),
        };
        fields.AddRange(recipients.Select(r => new KeyValuePair<string, string>("Recipients", r)));
        var response = await client.PostMultipleAsync("/Reports/Schedules/New", fields, "/Reports/Schedules/New?key=" + Uri.EscapeDataString(key));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await app.WithDbAsync(db => db.Set<ReportSchedule>().Where(s => s.ReportKey == key).OrderByDescending(s => s.Id).Select(s => s.Id).FirstAsync());
    }

    private Task RunDeliveryAsync() => app.WithScopeAsync(s => s.GetRequiredService<ReportDelivery>().Run(CancellationToken.None));

    private Task MakeDueAsync(int id) => app.WithDbAsync(db =>
        db.Set<ReportSchedule>().Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.NextRunAt, DateTime.UtcNow.AddMinutes(-1))));

    [Fact]
    public async Task A_user_without_schedules_sees_how_to_make_one()
    {
        var user = await app.UserAsync("nobody@schedules.test", Crm.Web.Infrastructure.Auth.Roles.Marketing, null);
        var client = await app.SignInAsAsync(user);

        var html = await client.GetTextAsync("/Reports/Schedules");

        Assert.Contains("data-testid=\"no-schedules\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scheduling_a_report_the_user_may_not_read_is_not_found()
    {
        var (_, rep, _) = await ReportExportEndpointTests.SeedAsync(app);
        var client = await app.SignInAsAsync(rep);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Reports/Schedules/New?key=" + ContactsReportRunner.BySource)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Reports/Schedules/New?key=std:unknown")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_shows_every_error_at_once_and_saves_nothing()
    {
        var (manager, _, other) = await ReportExportEndpointTests.SeedAsync(app);
        var client = await app.SignInAsAsync(manager);
        var before = await app.WithDbAsync(db => db.Set<ReportSchedule>().CountAsync());

        var response = await client.PostMultipleAsync(
            "/Reports/Schedules/New",
            [new("Key", ContactsReportRunner.BySource), new("Frequency", "Monthly"), new("DayOfMonth", "31"), new("Time", "25:00"), new("Recipients", other.Id)],
            "/Reports/Schedules/New?key=" + ContactsReportRunner.BySource);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"error-summary\"", html, StringComparison.Ordinal);
        Assert.Contains("Choose a day of the month from 1 to 28.", html, StringComparison.Ordinal);
        Assert.Contains("Enter a time, such as 8:30 in the morning.", html, StringComparison.Ordinal);
        Assert.Contains("Recipients may only be active members of your team.", html, StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<ReportSchedule>().CountAsync()));
    }

    [Fact]
    public async Task A_schedule_is_due_on_the_next_such_weekday_and_listed_for_its_owner_only()
    {
        var (manager, rep, _) = await ReportExportEndpointTests.SeedAsync(app);
        var client = await app.SignInAsAsync(manager);

        var id = await ScheduleAsync(client, ContactsReportRunner.BySource, rep.Id);

        var schedule = await app.WithDbAsync(db => db.Set<ReportSchedule>().Include(s => s.Recipients).SingleAsync(s => s.Id == id));
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var local = TimeZoneInfo.ConvertTimeFromUtc(schedule.NextRunAt, paris);
        Assert.Equal((DayOfWeek.Monday, 8, 0), (local.DayOfWeek, local.Hour, local.Minute));
        Assert.True(schedule.NextRunAt > DateTime.UtcNow && schedule.NextRunAt <= DateTime.UtcNow.AddDays(7));
        Assert.Equal([rep.Id], schedule.Recipients.Select(r => r.UserId).ToArray());
        Assert.Contains("Contacts by source", await client.GetTextAsync("/Reports/Schedules"), StringComparison.Ordinal);

        var repClient = await app.SignInAsAsync(rep);
        Assert.DoesNotContain("Contacts by source", await repClient.GetTextAsync("/Reports/Schedules"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await repClient.GetAsync($"/Reports/Schedules/{id}/Delete")).StatusCode);
    }

    [Fact]
    public async Task Only_its_owner_deletes_a_schedule_after_confirming()
    {
        var (manager, rep, _) = await ReportExportEndpointTests.SeedAsync(app);
        var client = await app.SignInAsAsync(manager);
        var id = await ScheduleAsync(client, ContactsReportRunner.BySource);
        var repClient = await app.SignInAsAsync(rep);

        // The rep posts with a token of their own page: still not theirs.
        var refused = await repClient.PostFormAsync($"/Reports/Schedules/{id}/Delete", [], "/Reports/Schedules");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Set<ReportSchedule>().AnyAsync(s => s.Id == id)));

        var deleted = await client.PostFormAsync($"/Reports/Schedules/{id}/Delete", []);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Set<ReportSchedule>().AnyAsync(s => s.Id == id)));
    }

    [Fact]
    public async Task A_due_schedule_is_mailed_once_to_each_recipient_with_the_workbook_attached()
    {
        var (manager, rep, _) = await ReportExportEndpointTests.SeedAsync(app);
        var client = await app.SignInAsAsync(manager);
        var id = await ScheduleAsync(client, ContactsReportRunner.BySource, rep.Id);
        await MakeDueAsync(id);

        await RunDeliveryAsync();
        await RunDeliveryAsync();

        var prefix = $"report-{id}-";
        var mails = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Key!.StartsWith(prefix)).ToListAsync());
        Assert.Equal(["manager@reports.test", "rep@reports.test"], mails.Select(m => m.To).Order().ToArray());
        Assert.All(mails, m => Assert.Matches(@"^Contacts by source \d{4}-\d{2}-\d{2}\.xlsx$", m.AttachmentName!));
        var schedule = await app.WithDbAsync(db => db.Set<ReportSchedule>().AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.True(schedule.NextRunAt > DateTime.UtcNow);
        Assert.Null(schedule.LastError);
        Assert.Null(schedule.ClaimedAt);

        // A run whose move to the next occurrence was lost (another instance, a crash) queues nothing again.
        var occurrence = mails[0].Key!.Split('-')[2];
        var at = DateTime.ParseExact(occurrence, "yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
        await app.WithDbAsync(db => db.Set<ReportSchedule>().Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.NextRunAt, at)));
        await RunDeliveryAsync();
        Assert.Equal(2, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Key!.StartsWith(prefix))));

        var file = Path.Combine(app.DataDirectory, "outbox", mails[0].AttachmentPath!);
        Assert.True(File.Exists(file));
        var before = app.MailFiles().ToHashSet();
        await app.WithScopeAsync(s => s.GetRequiredService<OutboxSender>().Run(CancellationToken.None));

        var sent = app.MailFiles().Where(f => !before.Contains(f)).Select(f => MimeMessage.Load(f)).Where(m => m.Subject == "Report: Contacts by source").ToList();
        Assert.Equal(2, sent.Count);
        var attachment = Assert.Single(sent[0].Attachments.OfType<MimePart>());
        Assert.EndsWith(".xlsx", attachment.FileName, StringComparison.Ordinal);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        content.Position = 0;
        using var workbook = new XLWorkbook(content);
        Assert.Equal(("Web", 2.0), (workbook.Worksheet(2).Cell(2, 1).GetString(), workbook.Worksheet(2).Cell(2, 2).GetDouble()));
        Assert.Equal("manager", workbook.Worksheet(1).Cell(3, 2).GetString());
        Assert.False(File.Exists(file), "The attachment is deleted once every mail carrying it is sent.");
    }

    [Fact]
    public async Task A_run_that_cannot_send_says_why_on_the_schedule_and_moves_on()
    {
        var (manager, _, _) = await ReportExportEndpointTests.SeedAsync(app);
        var client = await app.SignInAsAsync(manager);
        var id = await ScheduleAsync(client, ContactsReportRunner.BySource);

        // The manager is moved to sales: the report is for managers, so it is no longer theirs to run.
        await app.WithScopeAsync(async s =>
        {
            var users = s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Crm.Web.Infrastructure.Auth.AppUser>>();
            var user = await users.FindByIdAsync(manager.Id);
            await users.RemoveFromRoleAsync(user!, Crm.Web.Infrastructure.Auth.Roles.Manager);
            await users.AddToRoleAsync(user!, Crm.Web.Infrastructure.Auth.Roles.Sales);
        });
        try
        {
            await MakeDueAsync(id);
            await RunDeliveryAsync();

            var schedule = await app.WithDbAsync(db => db.Set<ReportSchedule>().AsNoTracking().SingleAsync(s => s.Id == id));
            Assert.Equal(ReportDelivery.NotFoundError, schedule.LastError);
            Assert.True(schedule.NextRunAt > DateTime.UtcNow);
            Assert.Equal(0, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Key!.StartsWith($"report-{id}-"))));
            var html = await (await app.SignInAsAsync(manager)).GetTextAsync("/Reports/Schedules");
            Assert.Contains("data-testid=\"schedule-error\"", html, StringComparison.Ordinal);
        }
        finally
        {
            await app.WithScopeAsync(async s =>
            {
                var users = s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Crm.Web.Infrastructure.Auth.AppUser>>();
                var user = await users.FindByIdAsync(manager.Id);
                await users.RemoveFromRoleAsync(user!, Crm.Web.Infrastructure.Auth.Roles.Sales);
                await users.AddToRoleAsync(user!, Crm.Web.Infrastructure.Auth.Roles.Manager);
            });
        }
    }
}
