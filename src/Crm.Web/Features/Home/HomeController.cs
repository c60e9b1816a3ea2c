using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Home;

/// <summary>
/// The pages the exception handler and the status-code pages re-execute. Each answers the status of the error it shows;
/// asked for directly, with no error behind it, there is nothing to show: 404.
/// </summary>
[AllowAnonymous]
public sealed class HomeController : Controller
{
    [IgnoreAntiforgeryToken]
    public IActionResult Error()
    {
        if (HttpContext.Features.Get<IExceptionHandlerFeature>() is null)
        {
            return NotFound();
        }

        return ErrorPage(StatusCodes.Status500InternalServerError);
    }

    [IgnoreAntiforgeryToken]
    public IActionResult Status()
    {
        if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not { } original)
        {
            return NotFound();
        }

        return ErrorPage(original.OriginalStatusCode);
    }

    private ViewResult ErrorPage(int statusCode)
    {
        Response.StatusCode = statusCode;
        // A 403 answered by an action reads as the page a refused policy redirects to (/Account/AccessDenied).
        return statusCode == StatusCodes.Status403Forbidden
            ? View("AccessDenied")
            : View("Error", new ErrorModel(statusCode, Activity.Current?.Id ?? HttpContext.TraceIdentifier));
    }
}

public sealed record ErrorModel(int StatusCode, string RequestId);
