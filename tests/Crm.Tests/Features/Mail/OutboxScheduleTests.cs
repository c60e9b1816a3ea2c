using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Email;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Mail;

/// <summary>With Hangfire on: the sender is a recurring job, and mail committed by a request is sent without waiting for it.</summary>
public sealed class OutboxScheduleTests(OutboxScheduleTests.JobsOnAppFactory app) : IClassFixture<OutboxScheduleTests.JobsOnAppFactory>
{
    public sealed class JobsOnAppFactory : CrmAppFactory
    {
        public JobsOnAppFactory()
        {
            Settings["Hangfire:Enabled"] = "true";
        }
    }

    [Fact]
    public async Task The_sender_runs_every_minute_and_right_after_mail_is_committed()
    {
        app.StartServer();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<RecurringJobDto> jobs;
        do
        {
            jobs = JobStorage.Current.GetConnection().GetRecurringJobs();
            await Task.Delay(50);
        }
        while (!jobs.Any(j => j.Id == OutboxSchedule.RecurringJobId) && DateTime.UtcNow < deadline);
        Assert.Equal(Cron.Minutely(), Assert.Single(jobs, j => j.Id == OutboxSchedule.RecurringJobId).Cron);

        long id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var message = scope.ServiceProvider.GetRequiredService<MailOutbox>().Add("kick@example.com", "Kicked", "Sent without waiting.", null, "test-kick");
            await scope.ServiceProvider.GetRequiredService<CrmDbContext>().SaveChangesAsync();
            id = message.Id;
        }

        deadline = DateTime.UtcNow.AddSeconds(20);
        OutboxStatus status;
        do
        {
            await Task.Delay(50);
            status = await app.WithDbAsync(db => db.Outbox.Where(m => m.Id == id).Select(m => m.Status).SingleAsync());
        }
        while (status != OutboxStatus.Sent && DateTime.UtcNow < deadline);
        Assert.Equal(OutboxStatus.Sent, status);
        Assert.Contains(app.MailFiles(), f => File.ReadAllText(f).Contains("kick@example.com", StringComparison.Ordinal));
    }
}
