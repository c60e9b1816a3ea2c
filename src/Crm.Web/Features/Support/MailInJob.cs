using Crm.Web.Infrastructure;
using Hangfire;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MimeKit;

namespace Crm.Web.Features.Support;

/// <summary>
/// Every minute: imports the <c>.eml</c> files dropped in <c>{DataDirectory}/mail-in</c> (each claimed by moving it to
/// <c>processing/</c>, then moved to <c>done/</c>, or to <c>failed/</c> with the reason logged and written beside it),
/// then, when an IMAP inbox is set at /Admin/Email/Inbound, its unseen messages (marked seen once read; one that fails is
/// kept in <c>failed/</c>). Each mail is imported in a scope of its own, so one bad mail leaves the others alone. Safe to
/// run twice: a file is claimed by one run only, and <see cref="InboundMail"/>'s unique Message-ID imports a mail once.
/// </summary>
public sealed class MailInJob(IServiceScopeFactory scopes, DataPaths paths, ImapSettingsStore imap, TimeProvider clock, ILogger<MailInJob> logger)
{
    public const string RecurringJobId = "mail-in";
    public const int BatchSize = 50;

    /// <summary>A file left in processing/ this long ago was claimed by a run that stopped: it is tried again.</summary>
    private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(10);

    public string Folder => Path.Combine(paths.Root, "mail-in");
    public string Done => Path.Combine(Folder, "done");
    public string Failed => Path.Combine(Folder, "failed");
    private string Processing => Path.Combine(Folder, "processing");

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task Run(CancellationToken ct)
    {
        await PickupAsync(ct);
        try
        {
            await ImapAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Mail in: the IMAP inbox could not be read");
        }
    }

    /// <summary>Imports the pickup folder's files; returns how many were imported (duplicates and ignored ones included).</summary>
    public async Task<int> PickupAsync(CancellationToken ct)
    {
        foreach (var dir in new[] { Folder, Done, Failed, Processing })
        {
            Directory.CreateDirectory(dir);
        }

        foreach (var stale in new DirectoryInfo(Processing).EnumerateFiles("*.eml").Where(f => f.LastWriteTimeUtc < clock.GetUtcNow().UtcDateTime - Abandoned))
        {
            TryMove(stale.FullName, Path.Combine(Folder, stale.Name));
        }

        var count = 0;
        foreach (var file in Directory.EnumerateFiles(Folder, "*.eml").Order(StringComparer.Ordinal).Take(BatchSize).ToList())
        {
            var name = Path.GetFileName(file);
            var claimed = Path.Combine(Processing, name);
            if (!TryMove(file, claimed))
            {
                continue;
            }

            File.SetLastWriteTimeUtc(claimed, clock.GetUtcNow().UtcDateTime);
            try
            {
                var message = await MimeMessage.LoadAsync(claimed, ct);
                await ImportAsync(message, "pickup", ct);
                MoveAside(claimed, Done);
                count++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Mail in: {File} could not be imported; moved to {Folder}", name, Failed);
                var kept = MoveAside(claimed, Failed);
                await File.WriteAllTextAsync(kept + ".reason.txt", e.GetType().Name + ": " + e.Message, CancellationToken.None);
            }
        }

        return count;
    }

    private async Task ImapAsync(CancellationToken ct)
    {
        var settings = await imap.CurrentAsync(ct);
        if (settings is null)
        {
            return;
        }

        using var client = new ImapClient();
        await client.ConnectAsync(settings.Host, settings.Port, settings.SocketOptions, ct);
        if (!string.IsNullOrEmpty(settings.Username))
        {
            await client.AuthenticateAsync(settings.Username, settings.Password ?? string.Empty, ct);
        }

        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite, ct);
        foreach (var uid in (await inbox.SearchAsync(SearchQuery.NotSeen, ct)).Take(BatchSize))
        {
            var message = await inbox.GetMessageAsync(uid, ct);
            try
            {
                await ImportAsync(message, "imap", ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Directory.CreateDirectory(Failed);
                var kept = Path.Combine(Failed, $"imap-{clock.GetUtcNow():yyyyMMddHHmmss}-{uid.Id}.eml");
                logger.LogWarning(e, "Mail in: IMAP message {Uid} could not be imported; kept as {File}", uid.Id, kept);
                await message.WriteToAsync(kept, CancellationToken.None);
                await File.WriteAllTextAsync(kept + ".reason.txt", e.GetType().Name + ": " + e.Message, CancellationToken.None);
            }

            await inbox.AddFlagsAsync(uid, MessageFlags.Seen, true, ct);
        }

        await client.DisconnectAsync(true, ct);
    }

    private async Task ImportAsync(MimeMessage message, string source, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MailIn>().ImportAsync(message, source, ct);
    }

    private static bool TryMove(string from, string to)
    {
        try
        {
            File.Move(from, to);
            return true;
        }
        catch (IOException)
        {
            // Another run took it first, or it is still being written.
            return false;
        }
    }

    /// <summary>Moves a file into <paramref name="folder"/>, never over another of the same name; returns where it went.</summary>
    private string MoveAside(string file, string folder)
    {
        var target = Path.Combine(folder, Path.GetFileName(file));
        if (File.Exists(target))
        {
            target = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(file)}-{clock.GetUtcNow():yyyyMMddHHmmssfff}.eml");
        }

        File.Move(file, target);
        return target;
    }
}

/// <summary>Schedules mail in every minute (ImportsSetup's pattern); without Hangfire it does nothing.</summary>
public sealed class MailInSchedule(IServiceScopeFactory scopes, ILogger<MailInSchedule> logger) : BackgroundService
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
            recurring.AddOrUpdate<MailInJob>(MailInJob.RecurringJobId, job => job.Run(CancellationToken.None), Cron.Minutely());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not schedule mail in");
        }
    }
}
