using Crm.Web.Features.Mail;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Admin;

[Authorize(Policy = Policies.Admin)]
public sealed class AdminController : Controller
{
    public sealed record IndexModel(int FailedMail);

    public async Task<IActionResult> Index([FromServices] OutboxAdmin outbox, CancellationToken ct) =>
        View("/Features/Admin/Index.cshtml", new IndexModel(await outbox.FailedCountAsync(ct)));
}
