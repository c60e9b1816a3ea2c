using Crm.Tests.Infrastructure;
using Crm.Web.Features.Support;
using Crm.Web.Features.Tickets;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Crm.Tests.Features.Support;

public sealed class MailInTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static MimeMessage Mail(string from, string subject, string text, string? inReplyTo = null)
    {
        var message = new MimeMessage { Subject = subject, MessageId = $"{Guid.NewGuid():N}@customer.example" };
        message.From.Add(new MailboxAddress("Grace Hopper", from));
        message.To.Add(new MailboxAddress("Support", "support@crm.example"));
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo;
            message.References.Add(inReplyTo);
        }

        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    private async Task<MailIn.Result> ImportAsync(MimeMessage message)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MailIn>().ImportAsync(message, "test", CancellationToken.None);
    }

    private static string NewEmail() => $"mailer-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task A_new_mail_opens_an_email_ticket_for_a_new_contact()
    {
        var from = NewEmail();
        var result = await ImportAsync(Mail(from, "Cannot log in", "My password is refused."));

        Assert.Equal(InboundMailOutcome.Opened, result.Outcome);
        var ticket = await app.WithDbAsync(db => db.Tickets.Include(t => t.Contact).Include(t => t.Messages).SingleAsync(t => t.Id == result.TicketId));
        Assert.Equal((TicketChannel.Email, "Cannot log in"), (ticket.Channel, ticket.Subject));
        Assert.Equal((from, "Grace", "Hopper"), (ticket.Contact!.Email, ticket.Contact.FirstName, ticket.Contact.LastName));
        Assert.Equal("My password is refused.", Assert.Single(ticket.Messages).Body);
    }

    [Fact]
    public async Task A_reply_threads_onto_its_ticket_by_in_reply_to()
    {
        var from = NewEmail();
        var opened = await ImportAsync(Mail(from, "Invoice missing", "Where is my invoice?"));
        string replyId = string.Empty;
        await app.WithScopeAsync(async services =>
        {
            var reply = await services.GetRequiredService<TicketDesk>().AddMessageAsync(opened.TicketId!.Value, TicketMessageKind.Reply, "Here it is.", null, null, null, [], CancellationToken.None);
            replyId = reply.MessageId!;
        });
        Assert.False(string.IsNullOrEmpty(replyId));

        // MimeKit reads Message-IDs without their angle brackets.
        var answer = Mail(from, "Re: something else entirely", "Thanks, got it.", replyId.Trim('<', '>'));
        var result = await ImportAsync(answer);

        Assert.Equal((InboundMailOutcome.Threaded, opened.TicketId), (result.Outcome, result.TicketId));
        var last = await app.WithDbAsync(db => db.TicketMessages.Where(m => m.TicketId == opened.TicketId).OrderBy(m => m.Id).LastAsync());
        Assert.Equal((TicketMessageKind.Customer, "Thanks, got it.", from), (last.Kind, last.Body, last.From));
    }

    [Fact]
    public async Task An_answer_to_the_web_forms_confirmation_threads_onto_its_ticket()
    {
        var from = NewEmail();
        Ticket ticket;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            ticket = await scope.ServiceProvider.GetRequiredService<SupportRequest>()
                .OpenAsync(new SupportRequest.Form("Ada Lovelace", from, "Engine jammed", "It stopped at step 3.", null), null, CancellationToken.None);
        }

        var confirmation = await app.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Key == $"ticket-confirmation-{ticket.Id}"));

        var result = await ImportAsync(Mail(from, "Re: something", "More details.", confirmation.MessageId!.Trim('<', '>')));
        Assert.Equal((InboundMailOutcome.Threaded, ticket.Id), (result.Outcome, result.TicketId));
    }

    [Fact]
    public async Task A_mail_with_the_ticket_number_in_its_subject_threads_when_it_comes_from_the_contact()
    {
        var from = NewEmail();
        var opened = await ImportAsync(Mail(from, "Broken screen", "It is cracked."));
        var number = await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == opened.TicketId).Select(t => t.Number).SingleAsync());

        var threaded = await ImportAsync(Mail(from.ToUpperInvariant(), $"Re: [{number}] Broken screen", "Any news?"));
        Assert.Equal((InboundMailOutcome.Threaded, opened.TicketId), (threaded.Outcome, threaded.TicketId));

        // Someone else quoting the number opens a ticket of their own: a number is easy to guess.
        var stranger = await ImportAsync(Mail(NewEmail(), $"Re: [{number}] Broken screen", "Me too"));
        Assert.Equal(InboundMailOutcome.Opened, stranger.Outcome);
        Assert.NotEqual(opened.TicketId, stranger.TicketId);
    }

    [Theory]
    [InlineData("Auto-Submitted", "auto-replied")]
    [InlineData("Precedence", "bulk")]
    public async Task Auto_replies_and_bulk_mail_open_no_ticket(string header, string value)
    {
        var from = NewEmail();
        var message = Mail(from, "Out of office", "I am away until Monday.");
        message.Headers.Add(header, value);
        var result = await ImportAsync(message);

        Assert.Equal(InboundMailOutcome.Ignored, result.Outcome);
        Assert.False(await app.WithDbAsync(db => db.Tickets.AnyAsync(t => t.Contact!.Email == from)));
        Assert.True(await app.WithDbAsync(db => db.Set<InboundMail>().AnyAsync(m => m.From == from && m.Outcome == InboundMailOutcome.Ignored)));
    }

    [Fact]
    public async Task The_same_message_id_is_imported_once()
    {
        var from = NewEmail();
        var message = Mail(from, "Twice", "Sent twice by a confused server.");
        var first = await ImportAsync(message);
        var second = await ImportAsync(message);

        Assert.Equal(InboundMailOutcome.Opened, first.Outcome);
        Assert.True(second.Duplicate);
        Assert.Equal(1, await app.WithDbAsync(db => db.Tickets.CountAsync(t => t.Contact!.Email == from)));
    }

    [Fact]
    public async Task A_mail_claimed_by_a_run_that_stopped_is_imported_again_but_not_one_being_imported()
    {
        var abandoned = Mail(NewEmail(), "Abandoned", "The run died.");
        var busy = Mail(NewEmail(), "Busy", "Another run is on it.");
        await app.WithDbAsync(async db =>
        {
            db.Add(new InboundMail { MessageId = abandoned.MessageId!, Source = "test", Outcome = InboundMailOutcome.Pending, ReceivedAt = DateTime.UtcNow.AddMinutes(-11) });
            db.Add(new InboundMail { MessageId = busy.MessageId!, Source = "test", Outcome = InboundMailOutcome.Pending, ReceivedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });

        Assert.Equal(InboundMailOutcome.Opened, (await ImportAsync(abandoned)).Outcome);
        Assert.True((await ImportAsync(busy)).Duplicate);
    }

    [Fact]
    public async Task A_refused_attachment_is_listed_in_an_internal_note_and_a_good_one_kept()
    {
        var from = NewEmail();
        var message = Mail(from, "Files", "See attached.");
        var body = new BodyBuilder { TextBody = "See attached." };
        body.Attachments.Add("notes.txt", "all good\n"u8.ToArray());
        body.Attachments.Add("invoice.pdf", new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00 });
        message.Body = body.ToMessageBody();
        var result = await ImportAsync(message);

        var messages = await app.WithDbAsync(db => db.TicketMessages.Include(m => m.Attachments).Where(m => m.TicketId == result.TicketId).OrderBy(m => m.Id).ToListAsync());
        Assert.Equal("notes.txt", Assert.Single(messages[0].Attachments).FileName);
        var note = Assert.Single(messages, m => m.Kind == TicketMessageKind.Note);
        Assert.Contains("invoice.pdf", note.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pickup_folder_is_read_and_its_files_moved_to_done()
    {
        var from = NewEmail();
        var folder = Path.Combine(app.DataDirectory, "mail-in");
        Directory.CreateDirectory(folder);
        await Mail(from, "From the folder", "Dropped as a file.").WriteToAsync(Path.Combine(folder, "one.eml"));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MailInJob>().PickupAsync(CancellationToken.None);
        }

        Assert.False(File.Exists(Path.Combine(folder, "one.eml")));
        Assert.True(File.Exists(Path.Combine(folder, "done", "one.eml")));
        Assert.True(await app.WithDbAsync(db => db.Tickets.AnyAsync(t => t.Contact!.Email == from && t.Subject == "From the folder")));
    }

    [Fact]
    public async Task A_file_that_is_not_an_email_goes_to_failed_with_its_reason()
    {
        var folder = Path.Combine(app.DataDirectory, "mail-in");
        Directory.CreateDirectory(folder);
        var name = $"broken-{Guid.NewGuid():N}.eml";
        await File.WriteAllBytesAsync(Path.Combine(folder, name), []);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MailInJob>().PickupAsync(CancellationToken.None);
        }

        Assert.False(File.Exists(Path.Combine(folder, name)));
        Assert.True(File.Exists(Path.Combine(folder, "failed", name)));
        Assert.NotEmpty(await File.ReadAllTextAsync(Path.Combine(folder, "failed", name + ".reason.txt")));
    }
}
