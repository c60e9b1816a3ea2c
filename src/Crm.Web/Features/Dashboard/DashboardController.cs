using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Dashboard;

public sealed class DashboardController : Controller
{
    public async Task<IActionResult> Index([FromServices] DashboardSummary.Handler summary, CancellationToken ct) =>
        View(await summary.Handle(CrmUser.From(User), ct));
}
