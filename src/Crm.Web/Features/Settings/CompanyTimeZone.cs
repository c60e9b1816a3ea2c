using Crm.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Crm.Web.Features.Settings;

/// <summary>
/// Puts the company's time zone (Settings) on each request, where <see cref="UserTime"/> reads it for every page; a
/// person's own zone (My account) comes with their sign-in cookie and goes before it.
/// </summary>
public sealed class CompanyTimeZone(CurrentSettings settings) : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var http = context.HttpContext;
        if ((await settings.GetAsync(http.RequestAborted)).TimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            http.Items[UserTime.CompanyZoneItem] = zone;
        }

        await next();
    }
}
