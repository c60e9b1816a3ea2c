using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Settings;

/// <summary>The company's logo for the menu bar, to every signed-in user.</summary>
[Route("Logo")]
public sealed class LogoController(CompanyLogo logo) : Controller
{
    [HttpGet("")]
    public IActionResult Index()
    {
        if (logo.Find() is not var (path, contentType, _))
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "private, max-age=86400";
        Response.Headers.XContentTypeOptions = "nosniff";
        return PhysicalFile(path, contentType);
    }
}
