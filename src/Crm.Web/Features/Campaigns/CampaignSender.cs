using System.Globalization;
using System.Net;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.EmailTemplates;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Campaigns;

/// <summary>How campaign mail is queued (section "Crm:Campaigns").</summary>
public sealed class CampaignOptions
{
    public const string Section = "Crm:Campaigns";

    /// <summary>Members queued per transaction.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// At most this many campaign messages become due per minute (a real SMTP server's or provider's limit): each is queued
    /// with its own due time, so the outbox sends them no faster. 0: all are due at once (the pickup folder, a relay).
    /// </summary>
    public int MessagesPerMinute { get; set; }

    /// <summary>Requests to the open, click and unsubscribe links per client address and minute.</summary>
    public int LinkRequestsPerMinute { get; set; } = 300;
}

/// <summary>
/// Queues a campaign's mail into the outbox (docs/decisions/0021-campaign-sending.md), batch by batch: each batch's
/// messages and its members' move from Targeted to Sent commit in one transaction, so a send stopped anywhere resumes
/// with the members still Targeted and never mails one twice (the outbox key "campaign-member-{id}" is the second
/// guard). Who may receive marketing mail is decided in SQL at queue time: a live contact with an address, consent
/// granted, not "do not contact", never unsubscribed or bounced in any campaign. The campaign is claimed as outbox rows
/// are (a claim older than five minutes was lost with its process), by a sweeper every minute and right after a send
/// is asked for, so a restart picks up a send in progress or scheduled.
/// </summary>
public sealed class CampaignSender(
    CrmDbContext db,
    CampaignLinks links,
    TimeProvider clock,
    IOptions<CampaignOptions> options,
    OutboxKick kick,
    IStringLocalizer<SharedResource> l,
    ILogger<CampaignSender> logger)
{
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(5);

    public sealed record Recipient(long MemberId, string Email, string? FirstName, string? LastName, string? JobTitle, string? Company, string? Language);

    /// <summary>The members the send would mail now: targeted and allowed to receive marketing mail (SQL only).</summary>
    public IQueryable<CampaignMember> Eligible(int campaignId) =>
        db.CampaignMembers.Where(m => m.CampaignId == campaignId
            && m.Status == CampaignMemberStatus.Targeted
            && m.Contact!.Consent == ConsentState.Granted
            && m.Contact.Status != ContactStatus.DoNotContact
            && m.Contact.Email != null && m.Contact.Email != string.Empty
            && !db.CampaignMembers.Any(o => o.ContactId == m.ContactId && (o.Status == CampaignMemberStatus.Unsubscribed || o.Status == CampaignMemberStatus.Bounced)));

    /// <summary>The sweeper: every campaign whose send is due and not held by a live sender.</summary>
    public async Task Sweep(CancellationToken ct)
    {
        var now = Now();
        var stale = now - ClaimTimeout;
        var due = await db.Campaigns.AsNoTracking()
            .Where(c => c.SendFinishedAt == null && c.SendAt != null && c.SendAt <= now && (c.SendClaimedAt == null || c.SendClaimedAt < stale))
            .Select(c => c.Id).ToListAsync(ct);
        foreach (var id in due)
        {
            await Run(id, ct);
        }
    }

    public Task<int> Run(int campaignId, CancellationToken ct) => RunAsync(campaignId, int.MaxValue, ct);

    /// <summary>Queues the campaign's mail, at most <paramref name="maxBatches"/> batches (tests stop it between two); returns how many were queued.</summary>
    public async Task<int> RunAsync(int campaignId, int maxBatches, CancellationToken ct)
    {
        var claimedAt = Now();
        var stale = claimedAt - ClaimTimeout;
        var claimed = await db.Campaigns
            .Where(c => c.Id == campaignId && c.SendFinishedAt == null && c.SendAt != null && c.SendAt <= claimedAt && (c.SendClaimedAt == null || c.SendClaimedAt < stale))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SendClaimedAt, claimedAt), ct);
        if (claimed == 0)
        {
            return 0;
        }

        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId).Select(c => new { c.Name, c.MailTemplateId }).FirstAsync(ct);
        var template = campaign.MailTemplateId is int templateId ? await db.Set<MailTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == templateId, ct) : null;
        if (template is null)
        {
            logger.LogWarning("Campaign {Campaign} has no template: nothing sent", campaignId);
            await db.Campaigns.Where(c => c.Id == campaignId).ExecuteUpdateAsync(s => s.SetProperty(c => c.SendClaimedAt, (DateTime?)null), CancellationToken.None);
            return 0;
        }

        var settings = options.Value;
        var batchSize = Math.Clamp(settings.BatchSize, 1, 5000);
        var footers = new Dictionary<string, string>
        {
            ["fr"] = In("fr", () => l["To stop receiving these emails, unsubscribe"].Value),
            ["en"] = In("en", () => l["To stop receiving these emails, unsubscribe"].Value),
        };

        // Throttled: each message due a little after the previous one, counting those queued by an earlier run.
        var position = settings.MessagesPerMinute > 0 ? await db.CampaignMembers.CountAsync(m => m.CampaignId == campaignId && m.SentAt != null, ct) : 0;
        var start = claimedAt;
        var queued = 0;
        for (var batch = 0; batch < maxBatches && !ct.IsCancellationRequested; batch++)
        {
            var now = Now();
            await db.Campaigns.Where(c => c.Id == campaignId).ExecuteUpdateAsync(s => s.SetProperty(c => c.SendClaimedAt, now), ct);
            var recipients = await Eligible(campaignId).OrderBy(m => m.Id).Take(batchSize)
                .Select(m => new Recipient(m.Id, m.Contact!.Email!, m.Contact.FirstName, m.Contact.LastName, m.Contact.JobTitle, m.Contact.Company != null ? m.Contact.Company.Name : null, m.Contact.PreferredLanguage))
                .ToListAsync(ct);
            if (recipients.Count == 0)
            {
                await db.Campaigns.Where(c => c.Id == campaignId).ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.SendFinishedAt, now)
                    .SetProperty(c => c.SendClaimedAt, (DateTime?)null), CancellationToken.None);
                break;
            }

            var ids = recipients.Select(r => r.MemberId).ToList();
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);

                // Prepared inserts rather than tracked entities: the batch holds the write lock for a fraction of the time.
                await using (var writer = BulkWriter.InCurrentTransaction(db))
                {
                    var outbox = writer.Table<OutboxMessage>(returnsId: false,
                        nameof(OutboxMessage.To), nameof(OutboxMessage.Subject), nameof(OutboxMessage.Text), nameof(OutboxMessage.Html), nameof(OutboxMessage.Key),
                        nameof(OutboxMessage.Headers), nameof(OutboxMessage.Status), nameof(OutboxMessage.Attempts), nameof(OutboxMessage.NextAttemptAt), nameof(OutboxMessage.CreatedAt));
                    foreach (var recipient in recipients)
                    {
                        var message = Compose(template, campaign.Name, recipient, footers);
                        var due = settings.MessagesPerMinute > 0 ? start.AddMinutes((double)position++ / settings.MessagesPerMinute) : now;
                        await outbox.ExecuteAsync(ct, message.To, message.Subject, message.Text, message.Html, message.Key, message.Headers, message.Status, 0, due, now);
                    }
                }

                await db.CampaignMembers.Where(m => ids.Contains(m.Id) && m.Status == CampaignMemberStatus.Targeted)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, CampaignMemberStatus.Sent).SetProperty(m => m.SentAt, now), ct);
                await transaction.CommitAsync(ct);
                queued += recipients.Count;
            }
            catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
            {
                // Another sender queued some of these members first (their outbox keys exist): the next batch skips them.
                logger.LogWarning(e, "Campaign {Campaign}: a batch was queued by another sender", campaignId);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        if (queued > 0)
        {
            kick.AfterCommit();
        }

        return queued;
    }

    /// <summary>The test message a user sends themselves: the campaign's mail with their name, links that change no member.</summary>
    public async Task<bool> QueueTestAsync(int campaignId, string to, string? name, string? language, CancellationToken ct)
    {
        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId).Select(c => new { c.Name, c.MailTemplateId }).FirstOrDefaultAsync(ct);
        var template = campaign?.MailTemplateId is int templateId ? await db.Set<MailTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == templateId, ct) : null;
        if (campaign is null || template is null || !links.IsConfigured)
        {
            return false;
        }

        var footer = In(language ?? "en", () => l["To stop receiving these emails, unsubscribe"].Value);
        var parts = (name ?? string.Empty).Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        var message = Compose(template, campaign.Name, new Recipient(0, to, parts.FirstOrDefault(), parts.Skip(1).FirstOrDefault(), null, null, language), new Dictionary<string, string> { [Lang(language)] = footer });
        var now = Now();
        message.Subject = "[Test] " + message.Subject;
        message.NextAttemptAt = now;
        message.CreatedAt = now;
        db.Outbox.Add(message);
        await db.SaveChangesAsync(ct);
        kick.AfterCommit();
        return true;
    }

    /// <summary>One member's message: the template in their language with their values, tracked links, the open pixel, the unsubscribe link and headers.</summary>
    private OutboxMessage Compose(MailTemplate template, string campaignName, Recipient r, IReadOnlyDictionary<string, string> footers)
    {
        var language = Lang(r.Language);
        var unsubscribe = links.Unsubscribing(r.MemberId).ToString();
        var values = new Dictionary<string, string>
        {
            ["contact.first_name"] = r.FirstName ?? string.Empty,
            ["contact.last_name"] = r.LastName ?? string.Empty,
            ["contact.name"] = $"{r.FirstName} {r.LastName}".Trim(),
            ["contact.email"] = r.Email,
            ["contact.job_title"] = r.JobTitle ?? string.Empty,
            ["company.name"] = r.Company ?? string.Empty,
            ["campaign.name"] = campaignName,
            ["unsubscribe.link"] = unsubscribe,
        };
        var mail = MailTemplates.Render(template, language, values, target => links.Tracked(r.MemberId, target).ToString());
        var footer = footers.GetValueOrDefault(language) ?? footers.Values.First();
        var text = mail.Text + $"\n\n--\n{footer}: {unsubscribe}\n";
        var html = (mail.Html ?? string.Empty)
            + $"<p><small><a href=\"{WebUtility.HtmlEncode(unsubscribe)}\">{WebUtility.HtmlEncode(footer)}</a></small></p>\n"
            + $"<img src=\"{WebUtility.HtmlEncode(links.OpenPixel(r.MemberId).ToString())}\" width=\"1\" height=\"1\" alt=\"\">\n";
        return new OutboxMessage
        {
            To = r.Email,
            Subject = mail.Subject.Length <= OutboxMessage.MaxSubjectLength ? mail.Subject : mail.Subject[..OutboxMessage.MaxSubjectLength],
            Text = text,
            Html = html,
            Key = r.MemberId == 0 ? null : OutboxKey(r.MemberId),
            Headers = $"List-Unsubscribe: <{unsubscribe}>\nList-Unsubscribe-Post: List-Unsubscribe=One-Click",
            Status = OutboxStatus.Pending,
        };
    }

    /// <summary>The outbox key of a member's mail: a member belongs to one campaign, so its id names the send.</summary>
    public static string OutboxKey(long memberId) => string.Create(CultureInfo.InvariantCulture, $"campaign-member-{memberId}");

    private static string Lang(string? language) => string.Equals(language, "fr", StringComparison.OrdinalIgnoreCase) ? "fr" : "en";

    private static string In(string language, Func<string> read)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = MergeValues.CultureOf(language);
        try
        {
            return read();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
