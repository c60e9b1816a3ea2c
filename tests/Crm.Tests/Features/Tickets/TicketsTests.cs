using System.Net;
using System.Net.Http.Headers;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Tickets;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Crm.Tests.Features.Shared;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Tickets;

/// <summary>
/// What is tickets' own (the kit's theories cover their list, bulk assign/tag/delete, editor and the visibility walk):
/// numbering, the conversation (replies to the outbox, notes not, mentions once), attachments checked by content and
/// downloaded through the access rule, who sees which queue, merging a duplicate and closing in bulk.
/// </summary>
public sealed class TicketsTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static string Marker() => Guid.NewGuid().ToString("N")[..8];

    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    /// <summary>The first bytes of a Windows executable ("MZ"), as an .exe renamed .pdf carries them.</summary>
    private static readonly byte[] Exe = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00];

    private async Task<T> WithDeskAsync<T>(Func<TicketDesk, CrmDbContext, Task<T>> action)
    {
        T result = default!;
        await app.WithScopeAsync(async services => result = await action(services.GetRequiredService<TicketDesk>(), services.GetRequiredService<CrmDbContext>()));
        return result;
    }

    private async Task<Ticket> OpenAsync(string subject, int? contactId = null, int? teamId = null, string? ownerId = null) =>
        await WithDeskAsync((desk, _) => desk.OpenAsync(
            new NewTicket(subject, "Help, please.", TicketChannel.Email) { ContactId = contactId, TeamId = teamId, OwnerId = ownerId }, CancellationToken.None));

    private async Task<HttpResponseMessage> WriteAsync(HttpClient client, int ticketId, string body, string kind = "Reply", string? status = null, params (string Name, byte[] Content)[] files)
    {
        var page = await client.GetAsync("/Search");
        var token = FormPosting.AntiforgeryToken(await page.Content.ReadAsStringAsync());
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(body), "Message" },
            { new StringContent(kind), "Kind" },
        };
        if (status is not null)
        {
            form.Add(new StringContent(status), "Status");
        }

        foreach (var (name, content) in files)
        {
            var file = new ByteArrayContent(content);
            // What a browser claims is never trusted: the content decides.
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "files", name);
        }

        return await client.PostAsync($"/Tickets/Write/{ticketId}", form);
    }

    [Fact]
    public async Task An_opened_ticket_is_numbered_with_its_year_and_id_and_keeps_the_customers_first_message()
    {
        var ticket = await OpenAsync("Numbering " + Marker());

        var stored = await app.WithDbAsync(db => db.Tickets.Include(t => t.Messages).SingleAsync(t => t.Id == ticket.Id));
        Assert.Equal($"T-{stored.CreatedAt.Year}-{ticket.Id:000000}", stored.Number);
        Assert.Matches(@"^T-\d{4}-\d{6}$", stored.Number);
        Assert.Equal(TicketStatus.New, stored.Status);
        var first = Assert.Single(stored.Messages);
        Assert.Equal((TicketMessageKind.Customer, "Help, please."), (first.Kind, first.Body));
    }

    [Fact]
    public async Task A_public_reply_is_queued_to_the_contact_with_a_message_id_and_a_note_is_not()
    {
        var email = $"client-{Marker()}@example.com";
        var contact = await app.AddContactAsync("Claire", "Client", email: email);
        var ticket = await OpenAsync("Invoice missing " + Marker(), contactId: contact);
        var client = await app.SignInAsync();

        Assert.Equal(HttpStatusCode.Redirect, (await WriteAsync(client, ticket.Id, "Here is your invoice.")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await WriteAsync(client, ticket.Id, "Customer is upset, be gentle.", kind: "Note")).StatusCode);

        var messages = await app.WithDbAsync(db => db.TicketMessages.Where(m => m.TicketId == ticket.Id).OrderBy(m => m.Id).ToListAsync());
        var reply = messages.Single(m => m.Kind == TicketMessageKind.Reply);
        var note = messages.Single(m => m.Kind == TicketMessageKind.Note);
        var mail = await app.WithDbAsync(db => db.Outbox.Where(m => m.To == email).ToListAsync());
        var sent = Assert.Single(mail);
        Assert.Equal($"ticket-reply-{reply.Id}", sent.Key);
        Assert.Equal(reply.MessageId, sent.MessageId);
        Assert.StartsWith($"<ticket-{ticket.Id}-{reply.Id}@", sent.MessageId, StringComparison.Ordinal);
        Assert.Contains(ticket.Number, sent.Subject, StringComparison.Ordinal);
        Assert.Contains("Here is your invoice.", sent.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(mail, m => m.Text.Contains("be gentle", StringComparison.Ordinal));
        Assert.Null(note.MessageId);

        var stored = await app.WithDbAsync(db => db.Tickets.SingleAsync(t => t.Id == ticket.Id));
        Assert.Equal(TicketStatus.Open, stored.Status);
        Assert.NotNull(stored.FirstRespondedAt);
        var page = WebUtility.HtmlDecode(await client.GetHtmlAsync($"/Tickets/Details/{ticket.Id}"));
        Assert.Contains("crm-message crm-message-note", page, StringComparison.Ordinal);
        Assert.Contains("Customer is upset, be gentle.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_mentioned_twice_in_a_note_is_notified_once_and_one_who_may_not_see_the_ticket_is_not()
    {
        var agent = await app.CreateUserAsync(Roles.Support, "Mentions " + Marker());
        var marketer = await app.CreateUserAsync(Roles.Marketing);
        var ticket = await OpenAsync("Mentions " + Marker(), teamId: agent.TeamId);
        var handle = agent.Email[..agent.Email.IndexOf('@')];
        var outsider = marketer.Email[..marketer.Email.IndexOf('@')];
        var client = await app.SignInAsync();

        await WriteAsync(client, ticket.Id, $"@{handle} can you look? cc @{outsider}. Thanks @{handle}!", kind: "Note");
        await WriteAsync(client, ticket.Id, "Nothing new.", kind: "Note");

        var notified = await app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == agent.Id || n.UserId == marketer.Id).ToListAsync());
        var notification = Assert.Single(notified);
        Assert.Equal(agent.Id, notification.UserId);
        Assert.StartsWith("ticket-mention-", notification.Key, StringComparison.Ordinal);
        Assert.Equal($"/Tickets/Details/{ticket.Id}", notification.Link![..notification.Link!.IndexOf('#')]);
    }

    [Fact]
    public async Task An_executable_renamed_pdf_and_a_file_over_the_limit_are_refused_and_nothing_is_written()
    {
        var ticket = await OpenAsync("Attachments " + Marker());
        var client = await app.SignInAsync();
        var tooBig = new byte[(10 * 1024 * 1024) + 1];
        var folder = Path.Combine(app.DataDirectory, "attachments");
        int Stored() => Directory.Exists(folder) ? Directory.GetFiles(folder).Length : 0;
        var before = Stored();
        Pdf.CopyTo(tooBig, 0);

        var renamed = await WriteAsync(client, ticket.Id, "See attached.", files: ("invoice.pdf", Exe));
        var big = await WriteAsync(client, ticket.Id, "See attached.", files: ("scan.pdf", tooBig));

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Contains("\"invoice.pdf\" is not a file type we accept", WebUtility.HtmlDecode(await renamed.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("\"scan.pdf\" is larger than 10 MB.", WebUtility.HtmlDecode(await big.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.TicketMessages.CountAsync(m => m.TicketId == ticket.Id)));
        Assert.Equal(before, Stored());
    }

    [Theory]
    [InlineData("report.pdf", true)]
    [InlineData("report.png", false)]
    [InlineData("notes.txt", false)]
    [InlineData("setup.exe", false)]
    public void A_files_type_is_read_from_its_content_and_must_agree_with_its_name(string name, bool accepted) =>
        Assert.Equal(accepted, TicketAttachmentStore.TypeOf(Pdf, Path.GetExtension(name)) is not null);

    [Fact]
    public void Plain_text_is_accepted_as_text_and_binary_content_named_txt_is_not()
    {
        Assert.Equal("text/plain", TicketAttachmentStore.TypeOf("Bonjour, voilà le journal.\r\n"u8, ".txt"));
        Assert.Null(TicketAttachmentStore.TypeOf(Exe, ".txt"));
    }

    [Fact]
    public async Task Support_sees_its_queues_and_unqueued_tickets_sales_read_their_teams_marketing_none_attachments_included()
    {
        var queue = "Support queue " + Marker();
        var agent = await app.CreateUserAsync(Roles.Support, queue);
        var otherAgent = await app.CreateUserAsync(Roles.Support, "Other queue " + Marker());
        var sales = await app.CreateUserAsync(Roles.Sales, queue);
        var marketer = await app.CreateUserAsync(Roles.Marketing);
        var mine = await OpenAsync("Ours " + Marker(), teamId: agent.TeamId, ownerId: otherAgent.Id);
        var unqueued = await OpenAsync("Unqueued " + Marker());
        var theirs = await OpenAsync("Theirs " + Marker(), teamId: otherAgent.TeamId, ownerId: otherAgent.Id);
        var admin = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await WriteAsync(admin, mine.Id, "Log attached.", files: ("log.pdf", Pdf))).StatusCode);
        var attachment = await app.WithDbAsync(db => db.TicketAttachments.Where(a => db.TicketMessages.Any(m => m.Id == a.MessageId && m.TicketId == mine.Id)).Select(a => a.Id).SingleAsync());

        var support = await app.SignInAsync(agent);
        var list = await support.GetHtmlAsync("/Tickets?queue=all&q=" + Uri.EscapeDataString(""));
        Assert.Contains(mine.Subject, list, StringComparison.Ordinal);
        Assert.Contains(unqueued.Subject, list, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.Subject, list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await support.GetAsync($"/Tickets/Details/{theirs.Id}")).StatusCode);
        var download = await support.GetAsync($"/Tickets/Attachment/{attachment}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());

        var salesClient = await app.SignInAsync(sales);
        var salesPage = await salesClient.GetHtmlAsync($"/Tickets/Details/{mine.Id}");
        Assert.DoesNotContain("data-testid=\"ticket-write\"", salesPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await WriteAsync(salesClient, mine.Id, "Sales should not answer.")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await salesClient.GetAsync($"/Tickets/Attachment/{attachment}")).StatusCode);

        var marketing = await app.SignInAsync(marketer);
        var empty = await (await marketing.GetAsync("/Tickets?queue=all")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(mine.Subject, empty, StringComparison.Ordinal);
        Assert.DoesNotContain(unqueued.Subject, empty, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await marketing.GetAsync($"/Tickets/Details/{mine.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await marketing.GetAsync($"/Tickets/Attachment/{attachment}")).StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.TicketMessages.CountAsync(m => m.TicketId == mine.Id && m.Kind == TicketMessageKind.Reply)));
    }

    [Fact]
    public async Task The_queues_show_an_agents_open_tickets_the_unassigned_ones_and_those_at_risk_due_first()
    {
        var queue = "Queues " + Marker();
        var agent = await app.CreateUserAsync(Roles.Support, queue);
        var tag = "q" + Marker();
        var now = DateTime.UtcNow;
        var ids = await app.WithDbAsync(async db =>
        {
            Ticket Make(string subject, string? owner, TicketStatus status, SlaState sla, int dueHours) => new()
            {
                Subject = $"{subject} {tag}", OwnerId = owner, TeamId = agent.TeamId, Status = status, SlaState = sla, ResolutionDueAt = now.AddHours(dueHours),
            };
            var made = new[]
            {
                Make("Mine later", agent.Id, TicketStatus.Open, SlaState.OnTrack, 30),
                Make("Mine sooner", agent.Id, TicketStatus.New, SlaState.AtRisk, 2),
                Make("Mine closed", agent.Id, TicketStatus.Closed, SlaState.OnTrack, 1),
                Make("Nobody's", null, TicketStatus.Open, SlaState.Breached, 5),
            };
            db.Tickets.AddRange(made);
            await db.SaveChangesAsync();
            return made.Select(t => t.Id).ToArray();
        });
        var client = await app.SignInAsync(agent);

        async Task<List<string>> SubjectsAsync(string queueKey)
        {
            var html = WebUtility.HtmlDecode(await client.GetHtmlAsync($"/Tickets?queue={queueKey}&q={tag}"));
            return new[] { "Mine later", "Mine sooner", "Mine closed", "Nobody's" }
                .Where(s => html.Contains($"{s} {tag}", StringComparison.Ordinal))
                .OrderBy(s => html.IndexOf($"{s} {tag}", StringComparison.Ordinal))
                .ToList();
        }

        Assert.Equal(["Mine sooner", "Mine later"], await SubjectsAsync("mine"));
        Assert.Equal(["Nobody's"], await SubjectsAsync("unassigned"));
        Assert.Equal(["Mine sooner", "Nobody's"], await SubjectsAsync("atrisk"));
        Assert.Equal(["Mine sooner", "Nobody's", "Mine later"], await SubjectsAsync("team"));
        Assert.Equal(4, ids.Length);
    }

    [Fact]
    public async Task Merging_a_duplicate_moves_its_messages_and_puts_it_in_the_recycle_bin_with_where_it_went()
    {
        var kept = await OpenAsync("Printer broken " + Marker());
        var duplicate = await OpenAsync("Printer still broken " + Marker());
        var client = await app.SignInAsync();

        var merged = await client.PostFormAsync($"/Tickets/Merge/{duplicate.Id}", new() { ["into"] = kept.Number }, $"/Tickets/Details/{duplicate.Id}");

        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Equal($"/Tickets/Details/{kept.Id}", merged.Headers.Location!.OriginalString);
        Assert.Equal(2, await app.WithDbAsync(db => db.TicketMessages.CountAsync(m => m.TicketId == kept.Id)));
        var gone = await app.WithDbAsync(db => db.Tickets.IgnoreQueryFilters().SingleAsync(t => t.Id == duplicate.Id));
        Assert.NotNull(gone.DeletedAt);
        Assert.Equal(kept.Id, gone.MergedIntoId);
        Assert.Equal(2, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == "Ticket" && a.Action == AuditAction.Merged && (a.EntityId == kept.Id || a.EntityId == duplicate.Id))));
        var redirect = await client.GetAsync($"/Tickets/Details/{duplicate.Id}");
        Assert.Equal($"/Tickets/Details/{kept.Id}", redirect.Headers.Location?.OriginalString);

        var self = await client.PostFormAsync($"/Tickets/Merge/{kept.Id}", new() { ["into"] = kept.Number }, $"/Tickets/Details/{kept.Id}");
        Assert.Equal(HttpStatusCode.OK, self.StatusCode);
        Assert.Contains("Give the number of another ticket you can see.", WebUtility.HtmlDecode(await self.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    private Task<Crm.Web.Features.CustomFields.CustomField> AddTicketFieldAsync(string label) =>
        app.WithDbAsync(async db =>
        {
            var field = new Crm.Web.Features.CustomFields.CustomField
            {
                Kind = Ticket.Kind.Key, Key = "t-" + Marker(), Type = Crm.Web.Features.CustomFields.CustomFieldType.Text, LabelEn = label, LabelFr = label, CreatedAt = DateTime.UtcNow,
            };
            db.CustomFields.Add(field);
            await db.SaveChangesAsync();
            return field;
        });

    private Task SetTextAsync(Crm.Web.Features.CustomFields.CustomField field, int ticketId, string text) =>
        app.WithDbAsync(async db =>
        {
            db.CustomFieldValues.Add(new Crm.Web.Features.CustomFields.CustomFieldValue { FieldId = field.Id, RecordId = ticketId, Text = text, TextKey = text.ToLowerInvariant() });
            await db.SaveChangesAsync();
        });

    private Task<List<string?>> TextsAsync(Crm.Web.Features.CustomFields.CustomField field, int ticketId) =>
        app.WithDbAsync(db => db.CustomFieldValues.Where(v => v.FieldId == field.Id && v.RecordId == ticketId).Select(v => v.Text).ToListAsync());

    [Fact]
    public async Task Merging_a_duplicate_copies_its_custom_values_the_kept_ticket_has_none_for_and_a_refused_merge_copies_nothing()
    {
        var serial = await AddTicketFieldAsync("Serial");
        var site = await AddTicketFieldAsync("Site");
        var kept = await OpenAsync("Scanner jammed " + Marker());
        var duplicate = await OpenAsync("Scanner still jammed " + Marker());
        await SetTextAsync(serial, duplicate.Id, "SN-42");
        await SetTextAsync(site, duplicate.Id, "Lyon");
        await SetTextAsync(site, kept.Id, "Paris");
        var client = await app.SignInAsync();

        var refused = await client.PostFormAsync($"/Tickets/Merge/{duplicate.Id}", new() { ["into"] = "T-0000-999999" }, $"/Tickets/Details/{duplicate.Id}");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Empty(await TextsAsync(serial, kept.Id));

        var merged = await client.PostFormAsync($"/Tickets/Merge/{duplicate.Id}", new() { ["into"] = kept.Number }, $"/Tickets/Details/{duplicate.Id}");

        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Equal(["SN-42"], await TextsAsync(serial, kept.Id));
        Assert.Equal(["Paris"], await TextsAsync(site, kept.Id));
        Assert.Equal(["SN-42"], await TextsAsync(serial, duplicate.Id));
        var entry = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.EntityType == "Ticket" && a.Action == AuditAction.Merged && a.EntityId == kept.Id));
        Assert.Contains(serial.Name, entry.Changes, StringComparison.Ordinal);
        Assert.DoesNotContain(site.Name, entry.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purging_a_ticket_deletes_its_attachment_files_and_leaves_those_of_live_tickets()
    {
        var client = await app.SignInAsync();
        var purged = await OpenAsync("Purged with files " + Marker());
        var live = await OpenAsync("Live with files " + Marker());
        Assert.Equal(HttpStatusCode.Redirect, (await WriteAsync(client, purged.Id, "See attached.", files: ("a.pdf", Pdf))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await WriteAsync(client, live.Id, "See attached.", files: ("b.pdf", Pdf))).StatusCode);
        var folder = Path.Combine(app.DataDirectory, "attachments");
        var stored = await app.WithDbAsync(db => db.TicketAttachments.Join(db.TicketMessages, a => a.MessageId, m => m.Id, (a, m) => new { m.TicketId, a.StoredName })
            .Where(x => x.TicketId == purged.Id || x.TicketId == live.Id).ToDictionaryAsync(x => x.TicketId, x => Path.Combine(folder, x.StoredName)));
        Assert.True(File.Exists(stored[purged.Id]));
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/Tickets/Delete/{purged.Id}", [], $"/Tickets/Details/{purged.Id}")).StatusCode);

        // A live ticket handed to the purge by mistake keeps its files; the one in the bin goes with its files.
        await app.WithScopeAsync(async sp =>
        {
            var purge = sp.GetRequiredService<Crm.Web.Features.RecycleBin.RecycleBinPurge>();
            await purge.PurgeAsync(Ticket.Kind, [live.Id], null, CancellationToken.None);
            await purge.PurgeAsync(Ticket.Kind, [purged.Id], null, CancellationToken.None);
        });

        Assert.False(File.Exists(stored[purged.Id]));
        Assert.False(await app.WithDbAsync(db => db.Tickets.IgnoreQueryFilters().AnyAsync(t => t.Id == purged.Id)));
        Assert.True(File.Exists(stored[live.Id]));
        Assert.True(await app.WithDbAsync(db => db.Tickets.AnyAsync(t => t.Id == live.Id)));
    }

    [Fact]
    public async Task Closing_in_bulk_closes_the_tickets_the_user_may_edit_and_skips_the_others()
    {
        var agent = await app.CreateUserAsync(Roles.Support, "Bulk close " + Marker());
        var other = await app.CreateUserAsync(Roles.Support, "Bulk other " + Marker());
        var ours = await OpenAsync("Close me " + Marker(), teamId: agent.TeamId, ownerId: agent.Id);
        var unassigned = await OpenAsync("Close me too " + Marker());
        var theirs = await OpenAsync("Not mine " + Marker(), teamId: other.TeamId, ownerId: other.Id);
        var client = await app.SignInAsync(agent);

        var response = await client.PostMultipleAsync(
            "/Tickets/Bulk",
            Fields(("Ids", $"{ours.Id}"), ("Ids", $"{unassigned.Id}"), ("Ids", $"{theirs.Id}"), ("Action", "close"), ("ReturnUrl", "/Tickets")),
            "/Tickets");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var statuses = await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == ours.Id || t.Id == unassigned.Id || t.Id == theirs.Id).ToDictionaryAsync(t => t.Id, t => (t.Status, t.ClosedAt)));
        Assert.Equal(TicketStatus.Closed, statuses[ours.Id].Status);
        Assert.NotNull(statuses[ours.Id].ClosedAt);
        Assert.Equal(TicketStatus.Closed, statuses[unassigned.Id].Status);
        Assert.Equal(TicketStatus.New, statuses[theirs.Id].Status);
        Assert.Contains("2 records changed. 1 skipped", WebUtility.HtmlDecode(await client.GetHtmlAsync("/Tickets")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contacts_page_lists_its_tickets_and_offers_a_new_one_prefilled_with_the_contact_and_its_company()
    {
        var company = await app.AddCompanyAsync("Ticketed " + Marker());
        var contact = await app.AddContactAsync("Paul", "Panel" + Marker(), companyId: company);
        var ticket = await OpenAsync("Panel ticket " + Marker(), contactId: contact);
        var client = await app.SignInAsync();

        var page = WebUtility.HtmlDecode(await client.GetHtmlAsync($"/Contacts/Details/{contact}"));
        var form = WebUtility.HtmlDecode(await client.GetHtmlAsync($"/Tickets/Create?contactId={contact}&companyId={company}"));

        Assert.Contains($"/Tickets/Details/{ticket.Id}", page, StringComparison.Ordinal);
        Assert.Contains($"/Tickets/Create?contactId={contact}&companyId={company}", page, StringComparison.Ordinal);
        Assert.Matches($"<option value=\"{contact}\" selected=\"selected\"", form);
        Assert.Equal(company, await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == ticket.Id).Select(t => t.CompanyId).SingleAsync()));
    }
}
