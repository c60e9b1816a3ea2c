using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Support;
using Crm.Web.Features.Tickets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Tests.Features.Support;

public sealed class SupportFormTests(SupportAppFactory app) : IClassFixture<SupportAppFactory>
{
    private static string NewEmail() => $"customer-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task The_form_is_open_to_anyone_without_the_apps_navigation()
    {
        var client = app.CreateBrowserLikeClient();
        var response = await client.GetAsync("/Support/New");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadTextAsync();
        Assert.Contains("data-testid=\"support-form\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("crm-navbar", html, StringComparison.Ordinal);
        Assert.Contains("class=\"crm-hp\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_form_shows_every_error_at_once_and_opens_nothing()
    {
        var before = await app.WithDbAsync(db => db.Tickets.CountAsync());
        var client = app.CreateBrowserLikeClient();
        var response = await client.PostSupportAsync(new() { ["Name"] = "", ["Email"] = "not-an-address", ["Subject"] = "", ["Message"] = "" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadTextAsync();
        Assert.Contains("There are 4 problems", html, StringComparison.Ordinal);
        Assert.Contains("Type your name.", html, StringComparison.Ordinal);
        Assert.Contains("Type an email address such as name@example.com.", html, StringComparison.Ordinal);
        Assert.Contains("Say in a few words what it is about.", html, StringComparison.Ordinal);
        Assert.Contains("Write your message.", html, StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Tickets.CountAsync()));
    }

    [Fact]
    public async Task The_errors_are_in_french_for_a_french_browser()
    {
        var client = app.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR");
        var response = await client.PostSupportAsync(new() { ["Name"] = "", ["Email"] = "", ["Subject"] = "", ["Message"] = "" });
        var html = await response.ReadTextAsync();
        Assert.Contains("Saisissez votre nom.", html, StringComparison.Ordinal);
        Assert.Contains("Contacter le support", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filled_honeypot_pretends_success_and_opens_no_ticket_nor_mail()
    {
        var email = NewEmail();
        var client = app.CreateBrowserLikeClient();
        var fields = SupportForms.Request(email);
        fields["Website"] = "http://spam.example";
        var response = await client.PostSupportAsync(fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Support/Sent", response.LocationPath());
        Assert.False(await app.WithDbAsync(db => db.Contacts.AnyAsync(c => c.Email == email)));
        Assert.False(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.To == email)));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var email = NewEmail();
        var client = app.CreateBrowserLikeClient();
        var response = await client.PostSupportAsync(SupportForms.Request(email), withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Contacts.AnyAsync(c => c.Email == email)));
    }

    [Fact]
    public async Task A_request_opens_a_web_form_ticket_and_emails_a_working_link_to_its_public_thread()
    {
        var email = NewEmail();
        var client = app.CreateBrowserLikeClient();
        var response = await client.PostSupportAsync(SupportForms.Request(email), ("photo.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Support/Sent", response.LocationPath());

        var ticket = await app.WithDbAsync(db => db.Tickets.Include(t => t.Contact).Include(t => t.Messages).ThenInclude(m => m.Attachments).SingleAsync(t => t.Contact!.Email == email));
        Assert.Equal(TicketChannel.WebForm, ticket.Channel);
        Assert.Equal("The printer is on fire", ticket.Subject);
        Assert.Equal("Marie", ticket.Contact!.FirstName);
        Assert.Equal("Curie", ticket.Contact.LastName);
        var first = Assert.Single(ticket.Messages);
        Assert.Equal(TicketMessageKind.Customer, first.Kind);
        Assert.Equal("photo.png", Assert.Single(first.Attachments).FileName);

        var mail = await app.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Key == $"ticket-confirmation-{ticket.Id}"));
        Assert.Equal(email, mail.To);
        Assert.Contains(ticket.Number, mail.Subject, StringComparison.Ordinal);
        Assert.Contains(ticket.Number, mail.Text, StringComparison.Ordinal);
        Assert.NotNull(mail.MessageId);
        Assert.Equal(mail.MessageId, first.MessageId);

        var page = await app.CreateBrowserLikeClient().GetAsync(SupportForms.LinkPath(mail.Text));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.ReadTextAsync();
        Assert.Contains(ticket.Number, html, StringComparison.Ordinal);
        Assert.Contains("Smoke comes out of it since this morning.", html, StringComparison.Ordinal);
        Assert.Contains("photo.png", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_attachment_is_an_error_beside_the_others_and_opens_nothing()
    {
        var email = NewEmail();
        var client = app.CreateBrowserLikeClient();
        var response = await client.PostSupportAsync(SupportForms.Request(email), ("invoice.pdf", [0x4D, 0x5A, 0x90, 0x00, 0x03]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("invoice.pdf", await response.ReadTextAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Tickets.AnyAsync(t => t.Contact!.Email == email)));
    }

    [Fact]
    public async Task An_existing_contact_gets_the_ticket_and_keeps_its_own_name()
    {
        var email = NewEmail();
        var contactId = await app.AddContactAsync("Ada", "Lovelace", email: email);
        var response = await app.CreateBrowserLikeClient().PostSupportAsync(SupportForms.Request(email, name: "Someone Else"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var ticket = await app.WithDbAsync(db => db.Tickets.SingleAsync(t => t.ContactId == contactId));
        Assert.Equal(TicketChannel.WebForm, ticket.Channel);
        var contact = await app.WithDbAsync(db => db.Contacts.SingleAsync(c => c.Id == contactId));
        Assert.Equal(("Ada", "Lovelace"), (contact.FirstName, contact.LastName));
        Assert.Equal(1, await app.WithDbAsync(db => db.Contacts.CountAsync(c => c.Email == email)));
    }

    [Fact]
    public async Task The_customer_page_shows_replies_never_internal_notes_and_a_reply_reopens_a_waiting_ticket()
    {
        var email = NewEmail();
        await app.CreateBrowserLikeClient().PostSupportAsync(SupportForms.Request(email));
        var ticketId = await app.WithDbAsync(db => db.Tickets.Where(t => t.Contact!.Email == email).Select(t => t.Id).SingleAsync());
        await app.WithScopeAsync(async services =>
        {
            var desk = services.GetRequiredService<TicketDesk>();
            await desk.AddMessageAsync(ticketId, TicketMessageKind.Note, "Internal: customer is on the gold plan", null, null, null, [], CancellationToken.None);
            await desk.AddMessageAsync(ticketId, TicketMessageKind.Reply, "Please unplug it and tell us what happens.", null, null, null, [], CancellationToken.None);
            var db = services.GetRequiredService<Crm.Web.Infrastructure.Data.CrmDbContext>();
            var ticket = await db.Tickets.SingleAsync(t => t.Id == ticketId);
            await desk.ChangeAsync(ticket, TicketStatus.WaitingOnCustomer, ticket.Priority, CancellationToken.None);
            await db.SaveChangesAsync();
        });

        var mail = await app.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Key == $"ticket-confirmation-{ticketId}"));
        var link = SupportForms.LinkPath(mail.Text);
        var client = app.CreateBrowserLikeClient();
        var html = await client.GetTextAsync(link);
        Assert.Contains("Please unplug it and tell us what happens.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("gold plan", html, StringComparison.Ordinal);
        Assert.Contains("Waiting for your answer", html, StringComparison.Ordinal);

        var reply = await client.PostSupportAsync(new() { ["message"] = "Unplugged: the smoke stopped." }, ("log.txt", "smoke: none\n"u8.ToArray()), action: link);
        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        var after = await app.WithDbAsync(db => db.Tickets.Include(t => t.Messages).ThenInclude(m => m.Attachments).SingleAsync(t => t.Id == ticketId));
        Assert.Equal(TicketStatus.Open, after.Status);
        var last = after.Messages.OrderBy(m => m.Id).Last();
        Assert.Equal((TicketMessageKind.Customer, "Unplugged: the smoke stopped.", email), (last.Kind, last.Body, last.From));
        Assert.Equal("log.txt", Assert.Single(last.Attachments).FileName);
    }

    [Fact]
    public async Task A_tampered_link_opens_nothing()
    {
        var email = NewEmail();
        await app.CreateBrowserLikeClient().PostSupportAsync(SupportForms.Request(email));
        var mail = await app.WithDbAsync(db => db.Outbox.Where(m => m.To == email).SingleAsync());
        var link = SupportForms.LinkPath(mail.Text);
        var tampered = link[..^3] + (link[^3] == 'A' ? "B" : "A") + link[^2..];

        var response = await app.CreateBrowserLikeClient().GetAsync(tampered);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("data-testid=\"link-invalid\"", await response.ReadTextAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateBrowserLikeClient().GetAsync("/Support/Ticket/not-a-token")).StatusCode);
    }

    [Fact]
    public async Task A_links_token_never_reaches_the_log()
    {
        var token = "SecretToken" + Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateBrowserLikeClient().GetAsync($"/Support/Ticket/{token}")).StatusCode);

        var lines = await ServerLog.WaitForAsync(app.DataDirectory, line => line.Contains("HTTP GET /Support/Ticket/*** responded 404", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public void A_link_works_until_it_expires_and_never_for_another_ticket()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var protection = app.Services.GetRequiredService<IDataProtectionProvider>();
        var links = new TicketLinks(protection, clock, app.Services.GetRequiredService<Crm.Web.Infrastructure.Web.PublicLinks>(), Options.Create(new SupportOptions { LinkDays = 30 }));
        var token = links.TokenFor(42);

        Assert.Equal(42, links.TicketOf(token));
        clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(42, links.TicketOf(token));
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Null(links.TicketOf(token));

        // Data Protection's other purposes cannot be replayed as a link.
        var other = protection.CreateProtector("Crm.Email.SmtpPassword").Protect($"42|{DateTimeOffset.UtcNow.AddDays(90).ToUnixTimeSeconds()}");
        Assert.Null(links.TicketOf(other));
    }
}

public sealed class SupportRateLimitTests(TightlyLimitedSupportAppFactory app) : IClassFixture<TightlyLimitedSupportAppFactory>
{
    [Fact]
    public async Task Past_the_limit_a_post_is_answered_429_with_what_was_typed_kept()
    {
        var client = app.CreateBrowserLikeClient();
        var invalid = new Dictionary<string, string> { ["Name"] = "", ["Email"] = "", ["Subject"] = "", ["Message"] = "" };
        Assert.Equal(HttpStatusCode.OK, (await client.PostSupportAsync(invalid)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostSupportAsync(invalid)).StatusCode);

        var email = $"limited-{Guid.NewGuid():N}@example.com";
        var response = await client.PostSupportAsync(SupportForms.Request(email, subject: "Third time lucky"));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var html = await response.ReadTextAsync();
        Assert.Contains("data-testid=\"too-many\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Third time lucky\"", html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Contacts.AnyAsync(c => c.Email == email)));
    }
}
