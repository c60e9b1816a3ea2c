using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Admin;

[Authorize(Policy = Policies.Admin)]
public sealed class AdminController : Controller
{
    public IActionResult Index() =>
        View("ComingSoon", new ComingSoon("Admin", "gear", "Users, teams, custom fields, pipelines, SLA policies and workflow rules."));
}
