using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Crm.Web.Features.Settings;

/// <summary>
/// When the settings require it, an admin without two-step sign-in reaches no page but its setup (and signing out):
/// the admin's powers are what an attacker with a stolen password would want most.
/// </summary>
public sealed class TwoFactorRequirement(CurrentSettings settings) : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.Identity?.IsAuthenticated == true
            && http.User.IsInRole(Roles.Admin)
            && http.Items[SessionCheck.TwoFactorEnabledItem] is false
            && !http.Request.Path.StartsWithSegments("/Account", StringComparison.OrdinalIgnoreCase)
            && (await settings.GetAsync(http.RequestAborted)).RequireTwoFactorForAdmins)
        {
            context.Result = new RedirectResult("/Account/TwoFactor?required=true");
            return;
        }

        await next();
    }
}
