using Crm.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Tickets;

public sealed class TicketsController : Controller
{
    public IActionResult Index() =>
        View("ComingSoon", new ComingSoon("Tickets", "life-preserver", "Support tickets in queues, with priorities and SLA timers."));
}
