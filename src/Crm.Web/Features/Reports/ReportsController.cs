using Crm.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Reports;

public sealed class ReportsController : Controller
{
    public IActionResult Index() =>
        View("ComingSoon", new ComingSoon("Reports", "bar-chart", "Pipeline, forecast, activity and SLA reports, exported to Excel."));
}
