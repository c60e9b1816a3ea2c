using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Settings;

/// <summary>
/// Every night: a copy of the database (when switched on) and the record history and security log older than the
/// retention setting removed, in batches so no write waits long behind it; the recycle bin emptied of what has been
/// there longer than its retention setting; custom fields removed over 30 days ago deleted. Safe to run twice.
/// </summary>
public sealed class NightlyMaintenance(CrmDbContext db, CurrentSettings settings, Backups backups, RecycleBin.RecycleBinPurge bin, CustomFields.CustomFieldPurge fields, TimeProvider clock, ILogger<NightlyMaintenance> logger)
{
    public const string RecurringJobId = "nightly-maintenance";
    private const int Batch = 5000;

    [DisableConcurrentExecution(600)]
    public async Task Run(CancellationToken ct)
    {
        var current = await settings.GetAsync(ct);
        if (current.NightlyBackup)
        {
            await backups.TakeAsync(Backups.Nightly, current.BackupsToKeep, ct);
        }

        await bin.PurgeOlderThanAsync(Math.Max(1, current.RecycleBinRetentionDays), null, ct);
        await fields.PurgeAsync(ct);

        if (current.AuditRetentionDays is { } days)
        {
            var before = clock.GetUtcNow().UtcDateTime.AddDays(-Math.Max(days, OrganisationSettings.MinRetentionDays));
            var history = await DeleteInBatchesAsync(db.AuditEntries.Where(a => a.At < before).Select(a => a.Id), ids => db.AuditEntries.Where(a => ids.Contains(a.Id)), ct);
            var security = await DeleteInBatchesAsync(db.SecurityEvents.Where(e => e.At < before).Select(e => e.Id), ids => db.SecurityEvents.Where(e => ids.Contains(e.Id)), ct);
            logger.LogInformation("Retention: {History} history entries and {Security} security events older than {Before:u} removed", history, security, before);
        }
    }

    private static async Task<int> DeleteInBatchesAsync<T>(IQueryable<long> ids, Func<List<long>, IQueryable<T>> rows, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var batch = await ids.OrderBy(id => id).Take(Batch).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return total;
            }

            total += await rows(batch).ExecuteDeleteAsync(ct);
        }
    }
}

/// <summary>
/// Schedules the nightly maintenance at 02:30 in the company's time zone (Admin → Settings; else Crm:TimeZone), not the
/// server's clock: a server on UTC would otherwise back up a Paris company at 03:30 or 04:30 depending on the season.
/// Scheduled again when an admin changes the zone.
/// </summary>
public sealed class NightlyMaintenanceSchedule(IServiceScopeFactory scopes, ILogger<NightlyMaintenanceSchedule> logger) : BackgroundService
{
    public const string Cron = "30 2 * * *";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await ScheduleAsync(scope.ServiceProvider, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not schedule the nightly maintenance");
        }
    }

    /// <summary>(Re)schedules the job in the company's current zone; nothing where jobs are off.</summary>
    public static async Task ScheduleAsync(IServiceProvider services, CancellationToken ct)
    {
        if (services.GetService<IRecurringJobManager>() is not { } recurring)
        {
            return;
        }

        var company = (await services.GetRequiredService<CurrentSettings>().GetAsync(ct)).TimeZone;
        var zone = services.GetRequiredService<Infrastructure.Localization.UserTime>().ZoneOf(null, company);
        recurring.AddOrUpdate<NightlyMaintenance>(NightlyMaintenance.RecurringJobId, job => job.Run(CancellationToken.None), Cron, new RecurringJobOptions { TimeZone = zone });
    }
}
