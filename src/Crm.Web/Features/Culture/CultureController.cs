using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Culture;

/// <summary>The language switch: remembered in a cookie, and on the profile of a signed-in user.</summary>
[AllowAnonymous]
public sealed class CultureController(UserManager<AppUser> users) : Controller
{
    [HttpPost]
    public async Task<IActionResult> Set(string culture, string? returnUrl)
    {
        if (!LocalizationSetup.IsSupported(culture))
        {
            return BadRequest();
        }

        // The switch changes the language only: the date format stays the one chosen, on the profile or in the cookie.
        var format = LocalizationSetup.ChosenFormat(Request);
        if (User.Identity?.IsAuthenticated == true && await users.GetUserAsync(User) is { } user)
        {
            user.Culture = culture;
            await users.UpdateAsync(user);
            format = user.DateFormat;
        }

        LocalizationSetup.WriteCultureCookie(Response, culture, format);

        return LocalRedirect(!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
