using System.Globalization;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Visibility;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Email;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Web;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Reports;

/// <summary>
/// Sends the scheduled reports (ARCHITECTURE §6), every few minutes and once at start. A due schedule is claimed alone
/// with one conditional UPDATE, run as its owner (their roles, team and the visibility levels of now), written to a file
/// under the data folder, and mailed through the outbox, one message per recipient keyed by schedule, occurrence and
/// recipient: a second sweeper, or a run after a lost claim, finds the keys taken and queues nothing again. Whatever
/// stops a run (the report gone or no longer readable, the owner deactivated, an error) is written on the schedule and
/// shown on its page; the schedule moves on to its next occurrence either way.
/// </summary>
public sealed class ReportDelivery(
    CrmDbContext db,
    ReportExporter exporter,
    CurrentVisibility visibility,
    CurrentUser currentUser,
    Settings.CurrentSettings settings,
    CurrencyRates currencies,
    UserTime time,
    DataPaths paths,
    PublicLinks links,
    IStringLocalizer<SharedResource> l,
    TimeProvider clock,
    ILogger<ReportDelivery> logger)
{
    public const string RecurringJobId = "report-delivery";

    /// <summary>Every five minutes: a report asked for 08:00 leaves by 08:05.</summary>
    public const string Cron = "*/5 * * * *";

    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(30);

    public const string NotFoundError = "The report no longer exists, or its owner may no longer read it.";
    public const string InactiveOwnerError = "The owner’s account is deactivated.";
    public const string NoRecipientError = "No recipient has an email address.";
    public const string FailedError = "The report could not be written; the next run will try again.";

    /// <summary>Runs every due schedule; how many were sent.</summary>
    public async Task<int> Run(CancellationToken ct)
    {
        var sent = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - ClaimLifetime;
        var due = await db.Set<ReportSchedule>().AsNoTracking()
            .Where(s => s.NextRunAt <= now && (s.ClaimedAt == null || s.ClaimedAt < stale))
            .OrderBy(s => s.NextRunAt).ThenBy(s => s.Id).Select(s => s.Id).Take(200).ToListAsync(ct);
        foreach (var id in due)
        {
            if (await DeliverAsync(id, ct))
            {
                sent++;
            }
        }

        return sent;
    }

    private async Task<bool> DeliverAsync(int id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - ClaimLifetime;

        // The stamp names this claim: two sweepers claiming in the same tick tell their rows apart.
        var stamp = now.AddTicks(Random.Shared.Next(1, 10_000));
        var claimed = await db.Set<ReportSchedule>()
            .Where(s => s.Id == id && s.NextRunAt <= now && (s.ClaimedAt == null || s.ClaimedAt < stale))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ClaimedAt, stamp), ct);
        if (claimed == 0)
        {
            return false;
        }

        var schedule = await db.Set<ReportSchedule>().AsNoTracking().Include(s => s.Recipients).SingleAsync(s => s.Id == id, ct);
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == schedule.OwnerId)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.TeamId, u.Culture, u.DateFormat, u.TimeZone, u.IsActive }).SingleAsync(ct);
        var zone = time.ZoneOf(owner.TimeZone, (await settings.GetAsync(ct)).TimeZone);
        var occurrence = schedule.NextRunAt;
        var next = schedule.NextAfter(Max(now, occurrence), zone);
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        var language = LocalizationSetup.IsSupported(owner.Culture) ? owner.Culture! : LocalizationSetup.DefaultCulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(LocalizationSetup.IsFormat(owner.DateFormat) ? owner.DateFormat! : LocalizationSetup.DefaultFormat(language));
        string? file = null;
        try
        {
            if (!owner.IsActive)
            {
                await FinishAsync(id, stamp, next, null, InactiveOwnerError, ct);
                return false;
            }

            var recipientIds = schedule.Recipients.Select(r => r.UserId).ToList();
            var recipients = await db.Users.AsNoTracking()
                .Where(u => u.Id == owner.Id || (recipientIds.Contains(u.Id) && u.IsActive && owner.TeamId != null && u.TeamId == owner.TeamId))
                .Where(u => u.Email != null && u.Email != string.Empty)
                .Select(u => new { u.Id, Email = u.Email! }).ToListAsync(ct);
            if (recipients.Count == 0)
            {
                await FinishAsync(id, stamp, next, null, NoRecipientError, ct);
                return false;
            }

            var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == owner.Id select r.Name!).ToListAsync(ct);
            var user = await visibility.UserAsync(owner.Id, owner.TeamId, roles, ct);
            currentUser.ActAs(user);
            var export = new ReportExport(owner.DisplayName, now, zone, CultureInfo.CurrentCulture, await currencies.DefaultAsync(ct));
            if (await exporter.PrepareAsync(schedule.ReportKey, user, export, ct) is not { } report)
            {
                await FinishAsync(id, stamp, next, null, NotFoundError, ct);
                return false;
            }

            Directory.CreateDirectory(paths.OutboxFiles);
            file = $"{Guid.NewGuid():N}.xlsx";
            await using (var output = new FileStream(Path.Combine(paths.OutboxFiles, file), FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await exporter.WriteAsync(report, export, output, ct);
            }

            var keys = recipients.Select(r => ReportSchedule.MailKey(id, occurrence, r.Id)).ToList();
            var queued = (await db.Outbox.AsNoTracking().Where(m => m.Key != null && keys.Contains(m.Key)).Select(m => m.Key!).ToListAsync(ct)).ToHashSet();
            var subject = l["Report: {0}", report.Title].Value;
            var text = l["Your scheduled report “{0}” is attached, as of {1}.", report.Title, UserTime.ToLocal(now, zone).ToString("g", CultureInfo.CurrentCulture)].Value
                + "\n\n" + l["{0} scheduled it. To change or stop it: {1}", owner.DisplayName, links.IsConfigured ? links.For(ReportSchedulesController.ListPath).AbsoluteUri : ReportSchedulesController.ListPath].Value;
            var mails = recipients.Where(r => !queued.Contains(ReportSchedule.MailKey(id, occurrence, r.Id))).Select(r => new OutboxMessage
            {
                Key = ReportSchedule.MailKey(id, occurrence, r.Id),
                To = r.Email,
                Subject = subject.Length <= OutboxMessage.MaxSubjectLength ? subject : subject[..OutboxMessage.MaxSubjectLength],
                Text = text,
                AttachmentPath = file,
                AttachmentName = report.FileName,
                Status = OutboxStatus.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
            }).ToList();
            db.Outbox.AddRange(mails);
            await FinishAsync(id, stamp, next, report.Title, null, ct);
            if (mails.Count == 0)
            {
                Delete(file);
            }

            return mails.Count > 0;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(e, "Scheduled report {ScheduleId} failed", id);
            db.ChangeTracker.Clear();
            if (file is not null)
            {
                Delete(file);
            }

            await FinishAsync(id, stamp, next, null, e is DbUpdateException ? null : FailedError, CancellationToken.None);
            return false;
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
        }
    }

    /// <summary>Saves the queued mails (if any) and moves the schedule on, in one transaction, if the claim is still ours.</summary>
    private async Task FinishAsync(int id, DateTime stamp, DateTime next, string? title, string? error, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await db.SaveChangesAsync(token);
            var ours = db.Set<ReportSchedule>().Where(s => s.Id == id && s.ClaimedAt == stamp);
            var moved = title is null
                ? await ours.ExecuteUpdateAsync(u => u.SetProperty(s => s.NextRunAt, next).SetProperty(s => s.LastRunAt, now).SetProperty(s => s.LastError, error).SetProperty(s => s.ClaimedAt, (DateTime?)null), token)
                : await ours.ExecuteUpdateAsync(u => u.SetProperty(s => s.NextRunAt, next).SetProperty(s => s.LastRunAt, now).SetProperty(s => s.LastError, error).SetProperty(s => s.Title, Cut(title)).SetProperty(s => s.ClaimedAt, (DateTime?)null), token);
            if (moved == 0)
            {
                // Another sweeper took the claim over meanwhile: it sends this occurrence.
                await transaction.RollbackAsync(token);
                db.ChangeTracker.Clear();
                return;
            }

            await transaction.CommitAsync(token);
            db.ChangeTracker.Clear();
        }, ct);
    }

    private void Delete(string file)
    {
        try
        {
            File.Delete(Path.Combine(paths.OutboxFiles, file));
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not delete the unsent report file {File}", file);
        }
    }

    private static string Cut(string title) => title.Length <= ReportSchedule.MaxTitleLength ? title : title[..ReportSchedule.MaxTitleLength];

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}

/// <summary>Schedules the delivery sweeper and runs it once at start, so reports due while the app was down go out.</summary>
public sealed class ReportDeliveryStarter(IServiceScopeFactory scopes, ILogger<ReportDeliveryStarter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (scope.ServiceProvider.GetService<IRecurringJobManager>() is not { } recurring)
        {
            return;
        }

        try
        {
            recurring.AddOrUpdate<ReportDelivery>(ReportDelivery.RecurringJobId, d => d.Run(CancellationToken.None), ReportDelivery.Cron);
            scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>().Enqueue<ReportDelivery>(d => d.Run(CancellationToken.None));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not schedule the report delivery");
        }
    }
}
