using System.Text;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Email;
using Crm.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

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
    public async Task<IActionResult> Login(LoginForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var user = await users.FindByEmailAsync(form.Email);
        if (user is null || !user.IsActive)
        {
            ModelState.AddModelError(string.Empty, l["Invalid email or password."]);
            return View(form);
        }

        var result = await signIn.PasswordSignInAsync(user, form.Password, form.RememberMe, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            logger.LogWarning("User {UserId} is locked out", user.Id);
            ModelState.AddModelError(string.Empty, l["This account is locked after too many failed attempts. Try again in 15 minutes or reset your password."]);
            return View(form);
        }

        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, l["Invalid email or password."]);
            return View(form);
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
        await signIn.SignOutAsync();
        return RedirectToAction(nameof(Login));
    }

    [HttpGet]
    public IActionResult ForgotPassword() => View(new ForgotPasswordForm());

    [HttpPost]
    public async Task<IActionResult> ForgotPassword(ForgotPasswordForm form, [FromServices] MailSender mail, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var user = await users.FindByEmailAsync(form.Email);
        if (user is { IsActive: true, Email: not null })
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
            var link = Url.Action(nameof(ResetPassword), "Account", new { email = user.Email, code }, Request.Scheme, Request.Host.Value);
            await mail.SendAsync(
                user.Email,
                l["Reset your Crm password"],
                $"{l["Someone asked to reset the password of your Crm account. If it was you, open this link: {0}", link ?? string.Empty]}\n\n{l["If it was not you, ignore this message."]}",
                ct: ct);
        }

        // The same answer whether or not the account exists: no way to probe for emails.
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

    private string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
