using Crm.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Deals;

public sealed class DealsController : Controller
{
    public IActionResult Index() =>
        View("ComingSoon", new ComingSoon("Deals", "kanban", "Move deals through a pipeline board, with forecast and win rate."));
}
