using System.Security.Claims;
using Crm.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Web.Infrastructure.Auth;

/// <summary>
/// Checks on every signed-in request that the cookie's security stamp is still the user's and the user still
/// active, so signing out, a password reset or a deactivation ends every session of that user at once, copied
/// cookies included. One read by primary key; the claims are rebuilt (and the cookie re-issued) only once the
/// cookie is older than <see cref="SecurityStampValidatorOptions.ValidationInterval"/>, as Identity's own
/// validator does, so a new role or team still reaches open sessions.
/// </summary>
public static class SessionCheck
{
    /// <summary>Whether the signed-in user has two-step sign-in on, read with the stamp (see <see cref="TwoFactorRequirement"/>).</summary>
    public const string TwoFactorEnabledItem = "crm:two-factor";

    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var claimTypes = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var id = context.Principal?.FindFirstValue(claimTypes.UserIdClaimType);
        var stamp = context.Principal?.FindFirstValue(claimTypes.SecurityStampClaimType);
        var current = id is null || stamp is null
            ? null
            : await services.GetRequiredService<CrmDbContext>().Users.AsNoTracking()
                .Where(u => u.Id == id)
                .Select(u => new { u.SecurityStamp, u.IsActive, u.TwoFactorEnabled })
                .SingleOrDefaultAsync(context.HttpContext.RequestAborted);

        if (current is not { IsActive: true } || !string.Equals(current.SecurityStamp, stamp, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        context.HttpContext.Items[TwoFactorEnabledItem] = current.TwoFactorEnabled;
        var interval = services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (context.Properties.IssuedUtc is { } issued && now - issued > interval)
        {
            var signIn = services.GetRequiredService<SignInManager<AppUser>>();
            if (await signIn.UserManager.FindByIdAsync(id!) is { } user)
            {
                context.ReplacePrincipal(await signIn.CreateUserPrincipalAsync(user));
                context.ShouldRenew = true;
            }
        }
    }
}
