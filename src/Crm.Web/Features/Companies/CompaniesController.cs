using Crm.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Companies;

/// <summary>
/// The companies pages. Split by concern over partial files (lists in this file, one record's pages in
/// CompaniesController.Record.cs); actions take their handlers with [FromServices], so the class has no constructor.
/// </summary>
public sealed partial class CompaniesController : Controller
{
    public IActionResult Index() =>
        View("ComingSoon", new ComingSoon("Companies", "people", "Companies"));
}
