using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Dashboard;

public sealed class DashboardController : Controller
{
    public IActionResult Index() => View();
}
