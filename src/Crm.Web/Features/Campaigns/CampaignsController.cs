using Crm.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Campaigns;

public sealed class CampaignsController : Controller
{
    public IActionResult Index() =>
        View("ComingSoon", new ComingSoon("Campaigns", "megaphone", "Segments and email campaigns that respect consent."));
}
