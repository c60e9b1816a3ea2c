using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Tickets;

/// <summary>
/// The tickets pages: the queues on the kit's list (sorted by the resolution deadline unless another sort is chosen),
/// one ticket's pages and the actions every kind shares; what is tickets' own: writing on the conversation, downloading
/// an attachment (only of a ticket the user may see), merging a duplicate.
/// </summary>
public sealed class TicketsController : RecordListController<Ticket, TicketForm, TicketList, TicketList.Query, TicketList.Row>
{
    [HttpPost]
    [RequestSizeLimit(60L * 1024 * 1024)]
    public async Task<IActionResult> Write(
        int id, TicketConversation.Form form, List<IFormFile> files, [FromServices] TicketConversation conversation, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var outcome = await conversation.WriteAsync(id, form, files, CrmUser.From(User), ct);
        return await this.Respond(
            outcome,
            messageId =>
            {
                TempData["Flash"] = form.Kind == TicketMessageKind.Note ? l["Note added."].Value : l["Reply sent."].Value;
                return Redirect($"{Ticket.Kind.DetailsPath(id)}#message-{messageId}");
            },
            invalid: () => DetailsAgainAsync(id, page => page with { Reply = form }, ct));
    }

    /// <summary>A file of a ticket's message: 404 unless the user may see the ticket; always a download, never shown inline.</summary>
    [HttpGet("/Tickets/Attachment/{id:long}")]
    public async Task<IActionResult> Attachment(long id, [FromServices] TicketConversation conversation, [FromServices] TicketAttachmentStore store, CancellationToken ct)
    {
        var attachment = await conversation.AttachmentAsync(id, CrmUser.From(User), ct);
        return attachment is null ? NotFound() : File(store.OpenRead(attachment), attachment.ContentType, attachment.FileName);
    }

    [HttpPost]
    public async Task<IActionResult> Merge(int id, string? into, [FromServices] TicketMerge merge, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        await this.Respond(
            await merge.MergeAsync(id, into, CrmUser.From(User), ct),
            keptId =>
            {
                TempData["Flash"] = l["The ticket was merged into this one."].Value;
                return RedirectToAction(nameof(Details), new { id = keptId });
            },
            invalid: () => DetailsAgainAsync(id, page => page with { MergeInto = into }, ct));

    private async Task<IActionResult> DetailsAgainAsync(int id, Func<TicketDetails.View, TicketDetails.View> with, CancellationToken ct)
    {
        var details = HttpContext.RequestServices.GetRequiredService<Shared.IRecordDetails<Ticket>>();
        return await details.HandleAsync(id, CrmUser.From(User), null, null, false, ct) is TicketDetails.View page
            ? View("RecordDetails", with(page))
            : NotFound();
    }
}
