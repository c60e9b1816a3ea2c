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

/// <summary>Signing in and out, password resets (anonymous) and the access-denied page; the account page is in AccountController.Manage.cs.</summary>
public sealed partial class AccountController(
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    IStringLocalizer<SharedResource> l,
    ILogger<AccountController> logger) : Controller
{
    [HttpGet, AllowAnonymous]
    public IActionResult Login(string? returnUrl = null) =>
        User.Identity?.IsAuthenticated == true
            ? LocalRedirect(SafeReturnUrl(returnUrl))
            : View(new LoginForm { ReturnUrl = returnUrl });

    [HttpPost, AllowAnonymous]
    public async Task<IActionResult> Login(LoginForm form, [FromServices] DecoyPassword decoy, [FromServices] IOptions<IdentityOptions> identity, [FromServices] SecurityLog log)
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
            await log.WriteAsync(SecurityEventKind.SignInFailed, user?.Id, null, form.Email, HttpContext.RequestAborted);
            return SignInFailed(form, identity.Value.Lockout);
        }

        var result = await signIn.PasswordSignInAsync(user, form.Password, form.RememberMe, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            if (result.IsLockedOut)
            {
                logger.LogWarning("User {UserId} is locked out", user.Id);
            }

            await log.WriteAsync(result.IsLockedOut ? SecurityEventKind.LockedOut : SecurityEventKind.SignInFailed, user.Id, null, form.Email, HttpContext.RequestAborted);
            return SignInFailed(form, identity.Value.Lockout);
        }

        await log.WriteAsync(SecurityEventKind.SignedIn, user.Id, user.Id, null, HttpContext.RequestAborted);
        WritePreferencesCookie(user);

        return LocalRedirect(SafeReturnUrl(form.ReturnUrl));
    }

    [HttpPost, AllowAnonymous]
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

    [HttpGet, AllowAnonymous]
    public IActionResult ForgotPassword([FromServices] PublicLinks links) =>
        View(links.IsConfigured ? new ForgotPasswordForm() : ResetNotConfigured(new ForgotPasswordForm()));

    [HttpPost, AllowAnonymous]
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

    [HttpGet, AllowAnonymous]
    public IActionResult ResetPassword(string? email, string? code, bool invite = false) =>
        string.IsNullOrEmpty(code)
            ? BadRequest()
            : View(new ResetPasswordForm { Email = email ?? string.Empty, Code = code, Invite = invite });

    [HttpPost, AllowAnonymous]
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

    /// <summary>Where the sign-in cookie sends a request a policy refuses; a 403 answered by a page shows the same view.</summary>
    [HttpGet, AllowAnonymous]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }

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
