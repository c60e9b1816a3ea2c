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
}
