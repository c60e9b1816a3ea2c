using Hangfire;
using System.Globalization;
using Crm.Web.Features.Tasks;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Email;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Notifications;

/// <summary>
/// Fires due reminders (ARCHITECTURE §6), every minute and once at start. A run claims up to <see cref="BatchSize"/>
/// due rows at a time in one conditional UPDATE, then writes, in one transaction per batch, each one's notification and
/// email (both keyed "reminder-{id}", unique, so work done twice is written once) and sets its FiredAt. A claim older
/// than <see cref="ClaimLifetime"/> was left by a process that died: the next run, on any instance, takes it over.
/// A reminder whose task was done or deleted, or whose meeting was deleted, fires nothing.
/// </summary>
public sealed class ReminderSweeper(
    CrmDbContext db, RecordKinds kinds, UserTime time, Settings.CurrentSettings settings, PublicLinks links, IStringLocalizer<SharedResource> l, TimeProvider clock, ILogger<ReminderSweeper> logger)
{
    public const string RecurringJobId = "reminder-sweeper";
    public const int BatchSize = 500;
    public const string ActivitiesSource = "activities";
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Fires every due reminder; the number fired (notifications written).</summary>
    public async Task<int> Run(CancellationToken ct)
    {
        var fired = 0;
        while (!ct.IsCancellationRequested)
        {
            var (stamp, batch) = await ClaimAsync(ct);
            if (batch.Count > 0)
            {
                fired += await FireAsync(stamp, batch, ct);
            }

            if (batch.Count < BatchSize)
            {
                break;
            }
        }

        return fired;
    }

    public static string KeyOf(long reminderId) => "reminder-" + reminderId.ToString(CultureInfo.InvariantCulture);

    private async Task<(DateTime Stamp, List<Reminder> Batch)> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - ClaimLifetime;

        // The stamp names this claim: two sweepers claiming in the same tick tell their rows apart.
        var stamp = now.AddTicks(Random.Shared.Next(1, 10_000));
        var due = db.Reminders
            .Where(r => r.FiredAt == null && r.DueAt <= now && (r.ClaimedAt == null || r.ClaimedAt < stale))
            .OrderBy(r => r.DueAt).ThenBy(r => r.Id)
            .Take(BatchSize)
            .Select(r => r.Id);
        await db.Reminders
            .Where(r => due.Contains(r.Id) && r.FiredAt == null && (r.ClaimedAt == null || r.ClaimedAt < stale))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimedAt, stamp), ct);
        var batch = await db.Reminders.AsNoTracking().Where(r => r.ClaimedAt == stamp && r.FiredAt == null).OrderBy(r => r.Id).ToListAsync(ct);
        return (stamp, batch);
    }

    /// <param name="UserId">Who is reminded: a task's current assignee (a bulk reassignment does not move its reminder row), a meeting's author.</param>
    private sealed record Subject(string Title, DateTime At, bool IsMeeting, string Link, string? UserId = null);

    private async Task<int> FireAsync(DateTime stamp, List<Reminder> batch, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var subjects = await SubjectsAsync(batch, ct);
        var userIds = batch.Select(r => r.UserId).Concat(subjects.Values.Select(s => s.UserId).OfType<string>()).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.Email, u.Culture, u.TimeZone, u.IsActive }).ToDictionaryAsync(u => u.Id, ct);
        var companyZone = (await settings.GetAsync(ct)).TimeZone;
        var keys = batch.Select(r => KeyOf(r.Id)).ToList();
        var notified = (await db.Notifications.AsNoTracking().Where(n => n.Key != null && keys.Contains(n.Key)).Select(n => n.Key!).ToListAsync(ct)).ToHashSet();
        var mailed = (await db.Outbox.AsNoTracking().Where(m => m.Key != null && keys.Contains(m.Key)).Select(m => m.Key!).ToListAsync(ct)).ToHashSet();

        var notifications = new List<Notification>();
        var mails = new List<OutboxMessage>();
        foreach (var reminder in batch)
        {
            if (!subjects.TryGetValue((reminder.Source, reminder.SourceId), out var subject) || !users.TryGetValue(subject.UserId ?? reminder.UserId, out var user) || !user.IsActive)
            {
                continue;
            }

            var key = KeyOf(reminder.Id);
            var culture = CultureInfo.GetCultureInfo(LocalizationSetup.IsSupported(user.Culture) ? user.Culture! : LocalizationSetup.DefaultCulture);
            var (title, text) = Words(subject, culture, time.ZoneOf(user.TimeZone, companyZone), now);
            if (!notified.Contains(key))
            {
                notifications.Add(new Notification { UserId = user.Id, Key = key, Title = Cut(title, Notification.MaxTitleLength), Link = subject.Link, At = now });
            }

            if (!mailed.Contains(key) && !string.IsNullOrEmpty(user.Email))
            {
                var body = links.IsConfigured ? text + "\n\n" + InCulture(culture, () => l["Open it in Crm: {0}", links.For(subject.Link).AbsoluteUri].Value) : text;
                mails.Add(new OutboxMessage
                {
                    Key = key,
                    To = user.Email,
                    Subject = Cut(title, OutboxMessage.MaxSubjectLength),
                    Text = body,
                    Status = OutboxStatus.Pending,
                    NextAttemptAt = now,
                    CreatedAt = now,
                });
            }
        }

        var ids = batch.Select(r => r.Id).ToList();
        try
        {
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                db.Notifications.AddRange(notifications);
                db.Outbox.AddRange(mails);
                await db.SaveChangesAsync(token);
                await db.Reminders.Where(r => ids.Contains(r.Id) && r.ClaimedAt == stamp && r.FiredAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.FiredAt, now), token);
                await transaction.CommitAsync(token);
            }, ct);
        }
        catch (DbUpdateException e)
        {
            // Another sweeper wrote some of these meanwhile (a claim taken over): the next run finds them written and only marks them fired.
            logger.LogWarning(e, "Reminders {First} to {Last} were written by another sweeper meanwhile; they are retried", ids[0], ids[^1]);
            db.ChangeTracker.Clear();
            await db.Reminders.Where(r => ids.Contains(r.Id) && r.ClaimedAt == stamp && r.FiredAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimedAt, (DateTime?)null), ct);
            return 0;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        return notifications.Count;
    }

    /// <summary>What each reminder is about, when it still stands: open live tasks, live meetings.</summary>
    private async Task<Dictionary<(string, int), Subject>> SubjectsAsync(List<Reminder> batch, CancellationToken ct)
    {
        var subjects = new Dictionary<(string, int), Subject>();
        var taskIds = batch.Where(r => r.Source == TaskReminders.Source).Select(r => r.SourceId).Distinct().ToList();
        if (taskIds.Count > 0)
        {
            foreach (var t in await db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id) && t.CompletedAt == null && t.OwnerId != null)
                         .Select(t => new { t.Id, t.Title, t.DueAt, t.OwnerId }).ToListAsync(ct))
            {
                subjects[(TaskReminders.Source, t.Id)] = new Subject(t.Title, t.DueAt, false, CrmTask.Kind.DetailsPath(t.Id), t.OwnerId);
            }
        }

        var meetingIds = batch.Where(r => r.Source == ActivitiesSource).Select(r => r.SourceId).Distinct().ToList();
        if (meetingIds.Count > 0)
        {
            foreach (var a in await db.Activities.AsNoTracking().Where(a => meetingIds.Contains(a.Id))
                         .Select(a => new { a.Id, a.Subject, a.OccurredAt, a.RecordKind, a.RecordId, a.ContactId, a.CompanyId }).ToListAsync(ct))
            {
                var on = Activities.Activity.Attached(a.RecordKind, a.RecordId, a.ContactId, a.CompanyId);
                var link = on.Count > 0 && kinds.Find(on[0].Kind) is { } kind ? kind.DetailsPath(on[0].Id) : "/";
                subjects[(ActivitiesSource, a.Id)] = new Subject(a.Subject, a.OccurredAt, true, link);
            }
        }

        return subjects;
    }

    /// <summary>The notification's title and the email's first lines, in the user's language, times on the user's clock.</summary>
    private (string Title, string Text) Words(Subject subject, CultureInfo culture, TimeZoneInfo zone, DateTime now) => InCulture(culture, () =>
    {
        var local = UserTime.ToLocal(subject.At, zone);
        var when = local.Date == UserTime.ToLocal(now, zone).Date ? local.ToString("t", culture) : local.ToString("g", culture);
        var title = subject.IsMeeting ? l["Reminder: {0} — at {1}", subject.Title, when].Value : l["Reminder: {0} — due {1}", subject.Title, when].Value;
        var text = subject.IsMeeting ? l["Your meeting “{0}” starts at {1}.", subject.Title, when].Value : l["Your task “{0}” is due {1}.", subject.Title, when].Value;
        return (title, text);
    });

    private static T InCulture<T>(CultureInfo culture, Func<T> read)
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        try
        {
            return read();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
        }
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

/// <summary>Schedules the reminder sweeper every minute and runs it once at start, so reminders due while the app was down fire at once.</summary>
public sealed class ReminderSweeperStarter(IServiceScopeFactory scopes, ILogger<ReminderSweeperStarter> logger) : BackgroundService
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
            recurring.AddOrUpdate<ReminderSweeper>(ReminderSweeper.RecurringJobId, sweeper => sweeper.Run(CancellationToken.None), "* * * * *");
            await scope.ServiceProvider.GetRequiredService<ReminderSweeper>().Run(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not fire the reminders due at start");
        }
    }
}
