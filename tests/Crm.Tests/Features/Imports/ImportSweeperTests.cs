using System.Text;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Imports;

public sealed class ImportSweeperTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private async Task<int> OrphanedJobAsync(DateTime? heartbeat)
    {
        var (_, client) = await app.UserAsync(Roles.Sales);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var id = await app.ImportAsync(client, "/Contacts/Import", Encoding.UTF8.GetBytes($"First Name,Last Name,Email\nAnne,Sweep{tag},anne.{tag}@sweep.example\n"), "sweep.csv");
        // As a process that crashed mid-import leaves it: claimed, nothing written yet, the heartbeat frozen.
        await app.WithDbAsync(async db =>
        {
            await db.Contacts.Where(c => c.LastName == "Sweep" + tag).ExecuteDeleteAsync();
            await db.ImportJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, ImportStatus.Running)
                .SetProperty(j => j.HeartbeatAt, heartbeat)
                .SetProperty(j => j.ProcessedRows, 0)
                .SetProperty(j => j.CreatedCount, 0));
        });
        return id;
    }

    private Task SweepAsync() => app.WithScopeAsync(sp => sp.GetRequiredService<ImportSweeper>().Run(CancellationToken.None));

    [Fact]
    public async Task A_job_whose_process_died_is_queued_again_and_finishes()
    {
        var id = await OrphanedJobAsync(DateTime.UtcNow - ImportSweeper.Orphaned - TimeSpan.FromMinutes(1));

        await SweepAsync();

        var job = await app.JobAsync(id);
        Assert.Equal(ImportStatus.Completed, job.Status);
        Assert.Equal(1, job.CreatedCount);
        Assert.NotNull(job.HeartbeatAt);
    }

    [Fact]
    public async Task The_files_of_imports_finished_long_ago_are_deleted_and_recent_ones_kept()
    {
        var (_, client) = await app.UserAsync(Roles.Sales);
        var csv = Encoding.UTF8.GetBytes("First Name,Last Name,Email\nAnne,Old,not-an-email\n");
        var oldJob = await app.ImportAsync(client, "/Contacts/Import", csv, "old.csv");
        var recentJob = await app.ImportAsync(client, "/Contacts/Import", csv, "recent.csv");
        await app.WithDbAsync(db => db.ImportJobs.Where(j => j.Id == oldJob)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.FinishedAt, DateTime.UtcNow.AddDays(-31))));
        string FileOf(string name) => Path.Combine(app.DataDirectory, "uploads", Path.GetFileName(name));
        var old = await app.JobAsync(oldJob);
        var recent = await app.JobAsync(recentJob);
        Assert.True(File.Exists(FileOf(old.StoredPath)) && File.Exists(FileOf(old.ErrorFilePath!)));

        await SweepAsync();

        Assert.False(File.Exists(FileOf(old.StoredPath)));
        Assert.False(File.Exists(FileOf(old.ErrorFilePath!)));
        Assert.True(File.Exists(FileOf(recent.StoredPath)));
        Assert.True(File.Exists(FileOf(recent.ErrorFilePath!)));
        Assert.Equal(1, (await app.JobAsync(oldJob)).ErrorCount);
    }

    [Fact]
    public async Task A_job_that_is_still_beating_is_left_to_its_run()
    {
        var id = await OrphanedJobAsync(DateTime.UtcNow);

        await SweepAsync();

        Assert.Equal(ImportStatus.Running, (await app.JobAsync(id)).Status);
    }

    [Fact]
    public void The_heartbeat_rule_leaves_a_job_that_beat_recently_to_its_run_and_revives_a_silent_one()
    {
        var now = new DateTime(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc);
        var orphaned = ImportSweeper.OrphanedJobs(now, aloneSince: null).Compile();

        Assert.False(orphaned(Running(now - TimeSpan.FromMinutes(1))));
        Assert.True(orphaned(Running(now - ImportSweeper.Orphaned - TimeSpan.FromSeconds(1))));
        Assert.True(orphaned(Running(null)));
        Assert.False(orphaned(new ImportJob { Status = ImportStatus.Queued, HeartbeatAt = null }));
    }

    [Fact]
    public void A_process_alone_on_its_data_revives_a_job_that_beat_before_it_started_but_not_one_it_runs_itself()
    {
        var started = new DateTime(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc);
        var orphaned = ImportSweeper.OrphanedJobs(started + TimeSpan.FromSeconds(5), aloneSince: started).Compile();

        Assert.True(orphaned(Running(started - TimeSpan.FromSeconds(30))));
        Assert.False(orphaned(Running(started + TimeSpan.FromSeconds(1))));
    }

    private static ImportJob Running(DateTime? heartbeat) => new() { Status = ImportStatus.Running, HeartbeatAt = heartbeat };

    [Fact]
    public async Task A_job_left_running_by_a_crash_resumes_as_soon_as_the_app_starts_again_on_its_data_and_writes_no_row_twice()
    {
        var dataDirectory = CrmAppFactory.NewDataDirectory();
        try
        {
            var tag = Guid.NewGuid().ToString("N")[..8];
            int id;
            using (var crashed = CrmAppFactory.On(dataDirectory))
            {
                crashed.Settings["Imports:BatchSize"] = "2";
                var (_, client) = await crashed.UserAsync(Roles.Sales);
                var csv = $"First Name,Last Name,Email\nAnne,Restart{tag},anne.{tag}@restart.example\nBruno,Restart{tag},bruno.{tag}@restart.example\nCarla,Restart{tag},carla.{tag}@restart.example\n";
                id = await crashed.ImportAsync(client, "/Contacts/Import", Encoding.UTF8.GetBytes(csv), "restart.csv");
                // As the process left it when it died after its first batch: two rows written, the third not, the heartbeat fresh.
                await crashed.WithDbAsync(async db =>
                {
                    await db.Contacts.Where(c => c.LastName == "Restart" + tag && c.FirstName == "Carla").ExecuteDeleteAsync();
                    await db.ImportJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s
                        .SetProperty(j => j.Status, ImportStatus.Running)
                        .SetProperty(j => j.HeartbeatAt, DateTime.UtcNow)
                        .SetProperty(j => j.ProcessedRows, 2)
                        .SetProperty(j => j.CreatedCount, 2)
                        .SetProperty(j => j.FinishedAt, (DateTime?)null));
                });
            }

            using var restarted = CrmAppFactory.On(dataDirectory);
            restarted.Settings["Hangfire:Enabled"] = "true";
            restarted.Settings["Imports:BatchSize"] = "2";
            _ = restarted.Services;

            var job = await restarted.JobAsync(id);
            for (var waited = TimeSpan.Zero; job.Status != ImportStatus.Completed && waited < TimeSpan.FromSeconds(30); waited += TimeSpan.FromMilliseconds(200))
            {
                await Task.Delay(200);
                job = await restarted.JobAsync(id);
            }

            Assert.Equal(ImportStatus.Completed, job.Status);
            Assert.Equal((3, 3), (job.ProcessedRows, job.CreatedCount));
            var names = await restarted.WithDbAsync(db => db.Contacts.Where(c => c.LastName == "Restart" + tag).Select(c => c.FirstName).OrderBy(n => n).ToListAsync());
            Assert.Equal(["Anne", "Bruno", "Carla"], names);
        }
        finally
        {
            CrmAppFactory.DeleteDataDirectory(dataDirectory);
        }
    }
}
