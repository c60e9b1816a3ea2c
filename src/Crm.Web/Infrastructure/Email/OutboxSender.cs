using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Infrastructure.Email;

/// <summary>
/// Sends the outbox (ARCHITECTURE §6): every minute, at start, and as soon as a request queued mail. Each due message is
/// claimed alone with one atomic UPDATE before it is sent, so two senders (two instances, a run and its retry) never
/// send the same row; a claim older than <see cref="ClaimTimeout"/> was lost with its process and is taken again (the
/// one case where a message may go twice: sent, then the process died before marking it). A failure waits longer
/// each time (<see cref="Backoff"/>), then the message is Failed and shown to admins at /Admin/Outbox.
/// </summary>
public sealed class OutboxSender(CrmDbContext db, MailSender sender, DataPaths paths, TimeProvider clock, ILogger<OutboxSender> logger)
{
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The wait after the 1st, 2nd… failed attempt; the attempt after the last wait is the last one.</summary>
    public static readonly IReadOnlyList<TimeSpan> Backoff =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(240)];

    public static int MaxAttempts => Backoff.Count + 1;

    private const int Batch = 200;

    /// <summary>Sends what is due; returns how many were sent.</summary>
    public async Task<int> Run(CancellationToken ct)
    {
        var sent = 0;
        var tried = new HashSet<long>();
        await using var session = await sender.OpenAsync(ct);
        while (!ct.IsCancellationRequested)
        {
            var now = Now();
            var staleClaim = now - ClaimTimeout;
            var due = await db.Outbox.AsNoTracking()
                .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.ClaimedAt == null || m.ClaimedAt < staleClaim))
                .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
                .Select(m => m.Id)
                .Take(Batch)
                .ToListAsync(ct);
            due.RemoveAll(id => !tried.Add(id));
            if (due.Count == 0)
            {
                break;
            }

            foreach (var id in due)
            {
                var outcome = await SendOneAsync(id, session, ct);
                if (outcome == Outcome.Sent)
                {
                    sent++;
                }
                else if (outcome == Outcome.ServerUnreachable)
                {
                    // The rest would fail the same way, each after a timeout: they wait for the next run, attempts untouched.
                    return sent;
                }
            }
        }

        return sent;
    }

    /// <summary>Sends one message now if it is due and no one holds it (a request's mail that must not wait a minute).</summary>
    public async Task<bool> SendNowAsync(long id, CancellationToken ct)
    {
        await using var session = await sender.OpenAsync(ct);
        return await SendOneAsync(id, session, ct) == Outcome.Sent;
    }

    private enum Outcome
    {
        NotMine,
        Sent,
        Failed,
        ServerUnreachable,
    }

    private async Task<Outcome> SendOneAsync(long id, MailSender.Session session, CancellationToken ct)
    {
        var claimedAt = Now();
        var staleClaim = claimedAt - ClaimTimeout;
        var claimed = await db.Outbox
            .Where(m => m.Id == id && m.Status == OutboxStatus.Pending && m.NextAttemptAt <= claimedAt && (m.ClaimedAt == null || m.ClaimedAt < staleClaim))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedAt, claimedAt), ct);
        if (claimed == 0)
        {
            return Outcome.NotMine;
        }

        var message = await db.Outbox.AsNoTracking().FirstAsync(m => m.Id == id, ct);
        var ours = db.Outbox.Where(m => m.Id == id && m.ClaimedAt == claimedAt);
        try
        {
            var attachment = message.AttachmentPath is { } file ? (Path.Combine(paths.OutboxFiles, Path.GetFileName(file)), message.AttachmentName ?? file) : ((string, string)?)null;
            await session.SendAsync(message.To, message.Subject, message.Text, message.Html, ct, message.MessageId, message.Headers, attachment);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var attempts = message.Attempts + 1;
            var failed = attempts >= MaxAttempts;
            var next = failed ? message.NextAttemptAt : Now() + Backoff[attempts - 1];
            var error = SmtpErrors.Stored(e);
            logger.LogWarning(e, "Outbox message {Id} to {To}: attempt {Attempt} of {Max} failed", id, message.To, attempts, MaxAttempts);
            await ours.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.Status, failed ? OutboxStatus.Failed : OutboxStatus.Pending)
                .SetProperty(m => m.NextAttemptAt, next)
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.ClaimedAt, (DateTime?)null), CancellationToken.None);
            return SmtpErrors.IsServerUnreachable(e) ? Outcome.ServerUnreachable : Outcome.Failed;
        }

        // Sent: nothing may cancel the mark now, or the claim would expire and the mail go twice.
        await ours.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Attempts, message.Attempts + 1)
            .SetProperty(m => m.Status, OutboxStatus.Sent)
            .SetProperty(m => m.SentAt, Now())
            .SetProperty(m => m.LastError, (string?)null)
            .SetProperty(m => m.ClaimedAt, (DateTime?)null), CancellationToken.None);
        if (message.AttachmentPath is { } sentFile)
        {
            await DeleteWhenUnneededAsync(sentFile);
        }

        return Outcome.Sent;
    }

    /// <summary>
    /// Deletes an attachment once every message that carries it is sent. A failed message keeps it, so an admin may send
    /// it again from /Admin/Outbox.
    /// </summary>
    private async Task DeleteWhenUnneededAsync(string file)
    {
        if (await db.Outbox.AnyAsync(m => m.AttachmentPath == file && m.Status != OutboxStatus.Sent, CancellationToken.None))
        {
            return;
        }

        try
        {
            File.Delete(Path.Combine(paths.OutboxFiles, Path.GetFileName(file)));
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not delete the sent attachment {File}", file);
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
