using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.EmailTemplates;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Mail;

/// <summary>
/// The outbox end to end: a row queued in a transaction is delivered to a real SMTP server, once; a server that is down
/// gets retries with backoff, then the mail is Failed and shown to admins. Tests share one app and one clock, so each
/// uses its own addresses and runs the sender until its own rows are settled.
/// </summary>
[Collection(nameof(OutboxSenderTests))]
public sealed class OutboxSenderTests(MailAppFactory app) : IClassFixture<MailAppFactory>
{
    [Fact]
    public async Task A_template_queued_for_a_contact_reaches_the_smtp_server_with_its_merge_fields_filled()
    {
        await using var smtp = InProcessSmtp.Start();
        await app.UseSmtpAsync(smtp.Port, "crm@tests.crm", "Crm tests");
        var owner = await app.CreateUserAsync("owner-merge@tests.crm", "Owner-Pass-2026", Roles.Sales);
        var contactId = await app.WithDbAsync(async db =>
        {
            var contact = new Contact { FirstName = "Zoé <b>", LastName = "Durand", PreferredLanguage = "fr", OwnerId = owner.Id };
            contact.SetEmails(["zoe.durand@example.com"]);
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
            return contact.Id;
        });

        await app.WithScopeAsync(async services =>
        {
            var mail = await services.GetRequiredService<MailTemplates>().RenderForAsync(1, "contacts", contactId, MailRecipient.Contact, CancellationToken.None);
            Assert.True(mail.Ok, mail.Problem);
            services.GetRequiredService<MailOutbox>().Add(mail.To!, mail.Mail!, $"test-template-{contactId}");
            await services.GetRequiredService<CrmDbContext>().SaveChangesAsync();
        });
        await app.RunOutboxAsync();

        var received = await smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "zoe.durand@example.com"));
        Assert.Equal("crm@tests.crm", received.From.Mailboxes.Single().Address);
        Assert.Equal("Crm tests", received.From.Mailboxes.Single().Name);
        // The contact prefers French: the French text, with her first name.
        Assert.Equal("Suite à notre échange, Zoé <b>", received.Subject);
        Assert.Contains("Bonjour Zoé <b>,", received.TextBody, StringComparison.Ordinal);
        Assert.Contains("owner-merge@tests.crm", received.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", received.TextBody, StringComparison.Ordinal);
        Assert.Contains("Bonjour Zoé &lt;b&gt;,", received.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", received.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Bien cordialement,<br>\nowner-merge@tests.crm<br>\nowner-merge@tests.crm</p>", received.HtmlBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var row = await app.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Key == $"test-template-{contactId}"));
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, row.SentAt);
    }

    [Fact]
    public async Task The_sender_run_twice_at_once_sends_each_message_once()
    {
        await using var smtp = InProcessSmtp.Start();
        await app.UseSmtpAsync(smtp.Port);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await app.QueueAsync($"twice-{i}@example.com", $"Twice {i}", "Once only."));
        }

        await Task.WhenAll(app.RunOutboxAsync(), app.RunOutboxAsync());
        await app.RunOutboxAsync();

        foreach (var id in ids)
        {
            Assert.Equal(OutboxStatus.Sent, (await app.OutboxRowAsync(id)).Status);
        }

        await Task.Delay(200);
        for (var i = 0; i < 5; i++)
        {
            Assert.Single(smtp.Received, m => m.To.Mailboxes.Any(a => a.Address == $"twice-{i}@example.com"));
        }
    }

    [Fact]
    public async Task A_batch_goes_over_one_connection()
    {
        await using var smtp = InProcessSmtp.Start();
        await app.UseSmtpAsync(smtp.Port);
        for (var i = 0; i < 4; i++)
        {
            await app.QueueAsync($"batch-{i}@example.com", $"Batch {i}", "One connection.");
        }

        Assert.Equal(4, await app.RunOutboxAsync());
        Assert.Equal(4, smtp.Received.Count(m => m.Subject?.StartsWith("Batch ", StringComparison.Ordinal) == true));
        Assert.Equal(1, smtp.Sessions);
    }

    [Fact]
    public async Task When_the_server_cannot_be_reached_the_run_stops_and_the_other_messages_keep_their_attempts()
    {
        await app.UseSmtpAsync(InProcessSmtp.FreePort());
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await app.QueueAsync($"unreachable-{i}@example.com", $"Unreachable {i}", "Waits."));
        }

        await app.RunOutboxAsync();

        var attempts = new List<int>();
        foreach (var id in ids)
        {
            attempts.Add((await app.OutboxRowAsync(id)).Attempts);
        }

        // One attempt failed to connect (this one, or an older row of another test); the others were left alone.
        Assert.True(attempts.Sum() <= 1 && attempts.Count(a => a == 0) >= 2, string.Join(", ", attempts));
        await app.WithDbAsync(db => db.Outbox.Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task The_same_key_queues_one_email()
    {
        await app.QueueAsync("key@example.com", "Keyed", "Text", key: "test-same-key");
        await Assert.ThrowsAsync<DbUpdateException>(() => app.QueueAsync("key@example.com", "Keyed", "Text", key: "test-same-key"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Key == "test-same-key")));
    }

    [Fact]
    public async Task A_server_that_is_down_gets_retries_with_backoff_then_the_mail_is_failed_and_shown_to_admins()
    {
        await app.UseSmtpAsync(InProcessSmtp.FreePort());
        var id = await app.QueueAsync("down@example.com", "Server down", "Never arrives.");

        await app.RunOutboxAsync();
        var row = await app.OutboxRowAsync(id);
        Assert.Equal((OutboxStatus.Pending, 1), (row.Status, row.Attempts));
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime + OutboxSender.Backoff[0], row.NextAttemptAt);
        Assert.StartsWith("Could not connect to the server", row.LastError, StringComparison.Ordinal);

        // Before its time, nothing is tried.
        app.Clock.Advance(OutboxSender.Backoff[0] - TimeSpan.FromSeconds(1));
        await app.RunOutboxAsync();
        Assert.Equal(1, (await app.OutboxRowAsync(id)).Attempts);

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        for (var attempt = 2; attempt <= OutboxSender.MaxAttempts; attempt++)
        {
            await app.RunOutboxAsync();
            row = await app.OutboxRowAsync(id);
            Assert.Equal(attempt, row.Attempts);
            if (attempt < OutboxSender.MaxAttempts)
            {
                Assert.Equal(OutboxStatus.Pending, row.Status);
                Assert.Equal(app.Clock.GetUtcNow().UtcDateTime + OutboxSender.Backoff[attempt - 1], row.NextAttemptAt);
                app.Clock.Advance(OutboxSender.Backoff[attempt - 1]);
            }
        }

        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.Equal(6, row.Attempts);

        var admin = await app.SignInAsync();
        var page = await admin.GetTextAsync("/Admin/Outbox");
        Assert.Contains("down@example.com", page, StringComparison.Ordinal);
        Assert.Contains("Could not connect to the server: check the host and the port.", page, StringComparison.Ordinal);
        Assert.Contains($"action=\"/Admin/Outbox/{id}/Retry\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"failed-mail\"", await admin.GetTextAsync("/Admin"), StringComparison.Ordinal);

        // Sent again once the server is back: queued with its attempts from zero, then delivered.
        await using var smtp = InProcessSmtp.Start();
        await app.UseSmtpAsync(smtp.Port);
        var retried = await admin.PostFormAsync($"/Admin/Outbox/{id}/Retry", [], "/Admin/Outbox");
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal((OutboxStatus.Pending, 0), ((await app.OutboxRowAsync(id)).Status, (await app.OutboxRowAsync(id)).Attempts));
        await app.RunOutboxAsync();
        await smtp.WaitForAsync(m => m.Subject == "Server down");
        Assert.Equal(OutboxStatus.Sent, (await app.OutboxRowAsync(id)).Status);
    }

    [Fact]
    public async Task A_claim_left_by_a_dead_process_is_taken_again_after_five_minutes()
    {
        await using var smtp = InProcessSmtp.Start();
        await app.UseSmtpAsync(smtp.Port);
        var id = await app.QueueAsync("claimed@example.com", "Claimed", "Text");
        var claimedAt = app.Clock.GetUtcNow().UtcDateTime;
        await app.WithDbAsync(db => db.Outbox.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedAt, claimedAt)));

        await app.RunOutboxAsync();
        Assert.Equal(OutboxStatus.Pending, (await app.OutboxRowAsync(id)).Status);

        app.Clock.Advance(OutboxSender.ClaimTimeout + TimeSpan.FromSeconds(1));
        await app.RunOutboxAsync();
        Assert.Equal(OutboxStatus.Sent, (await app.OutboxRowAsync(id)).Status);
        await smtp.WaitForAsync(m => m.Subject == "Claimed");
    }

    [Fact]
    public async Task With_no_smtp_server_the_mail_is_written_as_an_eml_file()
    {
        await app.UsePickupFolderAsync();
        var id = await app.QueueAsync("pickup@example.com", "Picked up", "Written to a file.");

        await app.RunOutboxAsync();

        Assert.Equal(OutboxStatus.Sent, (await app.OutboxRowAsync(id)).Status);
        var file = Assert.Single(app.MailFiles(), f => File.ReadAllText(f).Contains("pickup@example.com", StringComparison.Ordinal));
        var message = await MimeKit.MimeMessage.LoadAsync(file);
        Assert.Equal("Picked up", message.Subject);
        Assert.Contains("Written to a file.", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_reset_mail_goes_through_the_outbox_so_a_server_that_is_down_gets_retries()
    {
        await app.UseSmtpAsync(InProcessSmtp.FreePort());
        var user = await app.CreateUserAsync("reset-outbox@tests.crm", "Reset-Pass-2026", Roles.Sales);
        var anonymous = app.CreateBrowserLikeClient();

        await anonymous.PostFormAsync("/Account/ForgotPassword", new() { ["Email"] = user.Email! });
        await app.MailQueueIdleAsync();

        var row = await app.WithDbAsync(db => db.Outbox.SingleAsync(m => m.To == "reset-outbox@tests.crm"));
        Assert.Equal((OutboxStatus.Pending, 1), (row.Status, row.Attempts));
        Assert.Contains("/Account/ResetPassword?email=", row.Text, StringComparison.Ordinal);

        await using var smtp = InProcessSmtp.Start();
        await app.UseSmtpAsync(smtp.Port);
        app.Clock.Advance(OutboxSender.Backoff[0]);
        await app.RunOutboxAsync();
        var received = await smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "reset-outbox@tests.crm"));
        Assert.Equal("Reset your Crm password", received.Subject);
    }
}
