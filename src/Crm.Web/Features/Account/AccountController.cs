using System.Globalization;
using System.Text;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Email;
using Crm.Web.Infrastructure.Localization;
using Crm.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Account;

[AllowAnonymous]
public sealed class AccountController(
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    IStringLocalizer<SharedResource> l,
    ILogger<AccountController> logger) : Controller
{
    [HttpGet]
    public IActionResult Login(string? returnUrl = null) =>
        User.Identity?.IsAuthenticated == true
            ? LocalRedirect(SafeReturnUrl(returnUrl))
            : View(new LoginForm { ReturnUrl = returnUrl });

    [HttpPost]
    public async Task<IActionResult> Login(LoginForm form, [FromServices] DecoyPassword decoy, [FromServices] IOptions<IdentityOptions> identity)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        // Every failure costs one password hash and gets one answer, so neither timing nor wording
        // tells whether an email has an account, or a locked one.
        var user = await users.FindByEmailAsync(form.Email);
        if (user is not { IsActive: true } || await users.IsLockedOutAsync(user))
        {
            decoy.Verify(form.Password);
            return SignInFailed(form, identity.Value.Lockout);
        }

        var result = await signIn.PasswordSignInAsync(user, form.Password, form.RememberMe, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            if (result.IsLockedOut)
            {
                logger.LogWarning("User {UserId} is locked out", user.Id);
            }

            return SignInFailed(form, identity.Value.Lockout);
        }

        if (LocalizationSetup.IsSupported(user.Culture))
        {
            LocalizationSetup.WriteCultureCookie(Response, user.Culture!);
        }

        return LocalRedirect(SafeReturnUrl(form.ReturnUrl));
    }

    [HttpPost]
    public async Task<IActionResult> Logout()
    {
        // A new stamp makes every cookie of this user fail its next check, copies included.
        if (await users.GetUserAsync(User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }

        await signIn.SignOutAsync();
        return RedirectToAction(nameof(Login));
    }

    [HttpGet]
    public IActionResult ForgotPassword([FromServices] PublicLinks links) =>
        View(links.IsConfigured ? new ForgotPasswordForm() : ResetNotConfigured(new ForgotPasswordForm()));

    [HttpPost]
    public IActionResult ForgotPassword(ForgotPasswordForm form, [FromServices] PublicLinks links, [FromServices] MailQueue mail)
    {
        if (!links.IsConfigured)
        {
            return View(ResetNotConfigured(form));
        }

        if (!ModelState.IsValid)
        {
            return View(form);
        }

        // The account is looked up, and the mail sent, after the response: the same answer, in the same time,
        // whether or not the address has an account.
        SendPasswordReset.Queue(mail, form.Email, CultureInfo.CurrentUICulture.Name);
        return View("ForgotPasswordSent");
    }

    [HttpGet]
    public IActionResult ResetPassword(string? email, string? code) =>
        string.IsNullOrEmpty(code)
            ? BadRequest()
            : View(new ResetPasswordForm { Email = email ?? string.Empty, Code = code });

    [HttpPost]
    public async Task<IActionResult> ResetPassword(ResetPasswordForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var user = await users.FindByEmailAsync(form.Email);
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(form.Code));
        }
        catch (FormatException)
        {
            token = string.Empty;
        }

        var result = user is null
            ? IdentityResult.Failed(users.ErrorDescriber.InvalidToken())
            : await users.ResetPasswordAsync(user, token, form.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Description);
            }

            return View(form);
        }

        await users.SetLockoutEndDateAsync(user!, null);
        await users.ResetAccessFailedCountAsync(user!);
        TempData["Flash"] = l["Your password has been changed. You can sign in."].Value;
        return RedirectToAction(nameof(Login));
    }

    [HttpGet]
    public IActionResult AccessDenied() => View();

    private ViewResult SignInFailed(LoginForm form, LockoutOptions lockout)
    {
        ModelState.AddModelError(
            string.Empty,
            l["Invalid email or password. After {0} failed attempts an account is locked for {1} minutes.", lockout.MaxFailedAccessAttempts, (int)lockout.DefaultLockoutTimeSpan.TotalMinutes]);
        return View(nameof(Login), form);
    }

    private ForgotPasswordForm ResetNotConfigured(ForgotPasswordForm form)
    {
        ModelState.AddModelError(string.Empty, l["Password reset by email is not configured. Ask your administrator to reset your password."]);
        return form;
    }

    private string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
