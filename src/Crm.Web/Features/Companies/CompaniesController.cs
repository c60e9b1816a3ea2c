using Crm.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Companies;

public sealed class CompaniesController : Controller
{
    public IActionResult Index() =>
        View("ComingSoon", new ComingSoon("Companies", "buildings", "Companies, their contacts and their activity."));
}
