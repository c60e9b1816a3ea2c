using Crm.Web.Features.Shared;
using Crm.Web.Features.Tickets;
using Crm.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Support;

/// <summary>The pages customers see, without an account: the request form and their ticket through the emailed link.</summary>
[AllowAnonymous]
[Route("Support")]
public sealed class SupportController(SupportRequest requests, AddressRateLimits limits, TicketLinks links, CustomerThread threads, IStringLocalizer<SharedResource> l) : Controller
{
    public sealed record NewPage(SupportRequest.Form Form, bool TooMany);

    public sealed record TicketPage(string Token, CustomerThread.View Ticket, string? Message, bool TooMany);

    private const string NewView = "/Features/Support/New.cshtml";
    private const string TicketView = "/Features/Support/Ticket.cshtml";

    [HttpGet("")]
    public IActionResult Index() => Redirect("/Support/New");

    [HttpGet("New")]
    public IActionResult New() => View(NewView, new NewPage(new SupportRequest.Form(null, null, null, null, null), false));

    [HttpPost("New")]
    [RequestSizeLimit(32 * 1024 * 1024)]
    public async Task<IActionResult> Create(SupportRequest.Form form, IFormFile? attachment, CancellationToken ct)
    {
        ModelState.Clear();
        if (!limits.TryTake(SupportSetup.PostLimit, HttpContext))
        {
            return TooMany(NewView, new NewPage(form with { Website = null }, true));
        }

        // A bot filled the field people never see: it is told all went well, and nothing is opened or sent.
        if (!string.IsNullOrEmpty(form.Website))
        {
            return Redirect("/Support/Sent");
        }

        var errors = requests.Check(form).ToList();
        TicketAttachment? stored = null;
        if (errors.Count == 0)
        {
            var (file, error) = await requests.StoreAsync(attachment, "attachment", ct);
            stored = file;
            if (error is not null)
            {
                errors.Add(error);
            }
        }
        else if (attachment is { Length: > 0 })
        {
            ModelState.AddModelError("attachment", l["Choose the file again: a browser does not send it twice."]);
        }

        if (errors.Count > 0)
        {
            AddErrors(errors);
            return View(NewView, new NewPage(form, false));
        }

        await requests.OpenAsync(form, stored, ct);
        return Redirect("/Support/Sent");
    }

    [HttpGet("Sent")]
    public IActionResult Sent() => View("/Features/Support/Sent.cshtml");

    [HttpGet("Ticket/{token}")]
    public async Task<IActionResult> Ticket(string token, CancellationToken ct) =>
        await ThreadOf(token, ct) is { } thread ? View(TicketView, new TicketPage(token, thread, null, false)) : LinkInvalid();

    [HttpPost("Ticket/{token}")]
    [RequestSizeLimit(32 * 1024 * 1024)]
    public async Task<IActionResult> Reply(string token, string? message, IFormFile? attachment, [FromServices] TicketDesk desk, CancellationToken ct)
    {
        ModelState.Clear();
        if (await ThreadOf(token, ct) is not { } thread)
        {
            return LinkInvalid();
        }

        if (!limits.TryTake(SupportSetup.PostLimit, HttpContext))
        {
            return TooMany(TicketView, new TicketPage(token, thread, message, true));
        }

        if (!thread.TakesReplies)
        {
            return View(TicketView, new TicketPage(token, thread, message, false));
        }

        var errors = requests.CheckMessage(message, "message").ToList();
        TicketAttachment? stored = null;
        if (errors.Count == 0)
        {
            var (file, error) = await requests.StoreAsync(attachment, "attachment", ct);
            stored = file;
            if (error is not null)
            {
                errors.Add(error);
            }
        }

        if (errors.Count > 0)
        {
            AddErrors(errors);
            return View(TicketView, new TicketPage(token, thread, message, false));
        }

        await desk.AddMessageAsync(thread.Id, TicketMessageKind.Customer, message!, null, thread.ContactEmail, null, stored is null ? [] : [stored], ct);
        TempData["Flash"] = l["Your reply was sent."].Value;
        return Redirect($"/Support/Ticket/{Uri.EscapeDataString(token)}");
    }

    [HttpGet("Ticket/{token}/Files/{id:long}")]
    public async Task<IActionResult> Download(string token, long id, [FromServices] TicketAttachmentStore store, CancellationToken ct)
    {
        if (links.TicketOf(token) is not int ticketId || await threads.PublicAttachmentAsync(ticketId, id, ct) is not { } file)
        {
            return NotFound();
        }

        return File(store.OpenRead(file), file.ContentType, file.FileName);
    }

    private async Task<CustomerThread.View?> ThreadOf(string token, CancellationToken ct) =>
        links.TicketOf(token) is int id ? await threads.ForAsync(id, ct) : null;

    private ViewResult LinkInvalid()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("/Features/Support/LinkInvalid.cshtml");
    }

    private ViewResult TooMany(string view, object model)
    {
        limits.Refuse(SupportSetup.PostLimit, HttpContext);
        return View(view, model);
    }

    private void AddErrors(IEnumerable<FieldError> errors)
    {
        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Field, error.Message);
        }
    }
}
