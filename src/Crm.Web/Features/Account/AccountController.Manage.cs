using System.Globalization;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Account;

/// <summary>/Account/Manage: every signed-in user's own account (the fallback policy requires a signed-in user here).</summary>
public sealed partial class AccountController
{
    [HttpGet]
    public async Task<IActionResult> Manage([FromServices] ManageAccount.Handler manage) =>
        await users.GetUserAsync(User) is { } user ? View(manage.Show(user)) : Challenge();

    [HttpPost]
    public async Task<IActionResult> Manage([Bind(Prefix = "Profile")] ManageAccount.ProfileForm form, [FromServices] ManageAccount.Handler manage)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        var errors = manage.Check(form);
        if (ModelState.IsValid && errors.Count == 0)
        {
            errors = await manage.SaveProfileAsync(user, form);
        }

        if (!ModelState.IsValid || errors.Count > 0)
        {
            AddErrors("Profile", errors);
            return View(manage.Show(user, form));
        }

        // The new name goes into this session's cookie now; the language and format into the culture cookie.
        await signIn.RefreshSignInAsync(user);
        WritePreferencesCookie(user);
        // Said in the language just chosen, which the next page is in.
        var requestLanguage = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(user.Culture!);
        TempData["Flash"] = l["Your account has been updated."].Value;
        CultureInfo.CurrentUICulture = requestLanguage;
        return RedirectToAction(nameof(Manage));
    }

    [HttpPost]
    public async Task<IActionResult> ChangePassword([Bind(Prefix = "Password")] ManageAccount.PasswordForm form, [FromServices] ManageAccount.Handler manage)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        var errors = await manage.ChangePasswordAsync(user, form, ModelState.IsValid);
        if (!ModelState.IsValid || errors.Count > 0)
        {
            AddErrors("Password", errors);
            return View(nameof(Manage), manage.Show(user));
        }

        // The new security stamp ends every other session; this one gets a cookie carrying it and stays signed in.
        await signIn.RefreshSignInAsync(user);
        logger.LogInformation("User {UserId} changed their password", user.Id);
        TempData["Flash"] = l["Your password has been changed. Your other sessions have been signed out."].Value;
        return RedirectToAction(nameof(Manage));
    }

    private void AddErrors(string prefix, IEnumerable<FieldError> errors)
    {
        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Field.Length == 0 ? string.Empty : $"{prefix}.{error.Field}", error.Message);
        }
    }

    /// <summary>The profile's language and date format in the culture cookie, so pages follow them from the next request.</summary>
    private void WritePreferencesCookie(AppUser user)
    {
        if (LocalizationSetup.IsSupported(user.Culture) || LocalizationSetup.IsFormat(user.DateFormat))
        {
            LocalizationSetup.WriteCultureCookie(Response, user.Culture ?? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, user.DateFormat);
        }
    }
}
