using System.Collections.Concurrent;
using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Settings;
using Hangfire;
using Hangfire.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Settings;

/// <summary>The nightly maintenance runs at 02:30 in the company's time zone, and follows a change of that zone.</summary>
public sealed class NightlyScheduleTests
{
    private sealed class RecordingJobs : IRecurringJobManager
    {
        public ConcurrentDictionary<string, (string Cron, RecurringJobOptions Options)> Jobs { get; } = new();

        public void AddOrUpdate(string recurringJobId, Job job, string cronExpression, RecurringJobOptions options) =>
            Jobs[recurringJobId] = (cronExpression, options);

        public void Trigger(string recurringJobId)
        {
        }

        public void RemoveIfExists(string recurringJobId) => Jobs.TryRemove(recurringJobId, out _);
    }

    private sealed class RecordingJobsAppFactory : CrmAppFactory
    {
        public RecordingJobs Recurring { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IRecurringJobManager>(Recurring));
        }
    }

    [Fact]
    public async Task The_nightly_maintenance_is_scheduled_in_the_company_zone_and_rescheduled_when_it_changes()
    {
        await using var app = new RecordingJobsAppFactory();
        app.Settings["Crm:TimeZone"] = "Europe/Paris";
        var admin = await app.SignInAsync();
        for (var i = 0; i < 50 && !app.Recurring.Jobs.ContainsKey(NightlyMaintenance.RecurringJobId); i++)
        {
            await Task.Delay(100);
        }

        var (cron, options) = app.Recurring.Jobs[NightlyMaintenance.RecurringJobId];
        Assert.Equal("30 2 * * *", cron);
        Assert.Equal("Europe/Paris", options.TimeZone.Id);

        var saved = await admin.PostFormAsync("/Admin/Settings", new()
        {
            ["BackupsToKeep"] = "7", ["RecycleBinRetentionDays"] = "30", ["FiscalYearStartMonth"] = "1", ["TimeZone"] = "America/Toronto",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("America/Toronto", app.Recurring.Jobs[NightlyMaintenance.RecurringJobId].Options.TimeZone.Id);

        // Back to the configured zone when the company's is cleared.
        await admin.PostFormAsync("/Admin/Settings", new() { ["BackupsToKeep"] = "7", ["RecycleBinRetentionDays"] = "30", ["FiscalYearStartMonth"] = "1", ["TimeZone"] = "" });
        Assert.Equal("Europe/Paris", app.Recurring.Jobs[NightlyMaintenance.RecurringJobId].Options.TimeZone.Id);
    }
}
