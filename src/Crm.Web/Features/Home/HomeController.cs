using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Home;

[AllowAnonymous]
public sealed class HomeController : Controller
{
    [IgnoreAntiforgeryToken]
    public IActionResult Error() =>
        View(new ErrorModel(500, Activity.Current?.Id ?? HttpContext.TraceIdentifier));

    [IgnoreAntiforgeryToken]
    public IActionResult Status(int id) =>
        View("Error", new ErrorModel(id, Activity.Current?.Id ?? HttpContext.TraceIdentifier));
}

public sealed record ErrorModel(int StatusCode, string RequestId);
