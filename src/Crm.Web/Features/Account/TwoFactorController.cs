using System.Globalization;
using System.Text;
using Crm.Web.Features.Settings;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace Crm.Web.Features.Account;

/// <summary>
/// Two-step sign-in with an authenticator app (TOTP, Identity's own provider): set up and turned off at
/// /Account/TwoFactor, asked after the password at /Account/TwoFactor/Code, with single-use recovery codes for a lost phone.
/// </summary>
[Route("Account/TwoFactor")]
public sealed class TwoFactorController(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    SecurityLog log,
    AddressRateLimits limits,
    IStringLocalizer<SharedResource> l) : Controller
{
    public const int RecoveryCodeCount = 10;
    private const string Folder = "/Features/Account/";

    public sealed record SetupPage(bool Enabled, bool Required, string? Key, string? QrDataUri, int RecoveryCodesLeft, IReadOnlyList<string>? NewRecoveryCodes);

    public sealed record CodePage(string? ReturnUrl, bool RememberMe, bool Recovery);

    [HttpGet("")]
    public async Task<IActionResult> Index(bool required, CancellationToken ct) =>
        await users.GetUserAsync(User) is { } user ? View(Folder + "TwoFactor.cshtml", await SetupAsync(user, required, null)) : Challenge();

    [HttpPost("Enable")]
    public async Task<IActionResult> Enable(string? code, CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Digits(code)))
        {
            ModelState.AddModelError("code", l["This code is not the one the app shows now. Check the phone's clock and type the 6 digits again."]);
            return View(Folder + "TwoFactor.cshtml", await SetupAsync(user, false, null));
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        await log.WriteAsync(SecurityEventKind.TwoFactorEnabled, user.Id, user.Id, null, ct);
        await signIn.RefreshSignInAsync(user);
        return View(Folder + "TwoFactor.cshtml", await SetupAsync(user, false, codes));
    }

    [HttpPost("RecoveryCodes")]
    public async Task<IActionResult> RecoveryCodes(CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { TwoFactorEnabled: true } user)
        {
            return RedirectToAction(nameof(Index));
        }

        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        return View(Folder + "TwoFactor.cshtml", await SetupAsync(user, false, codes));
    }

    [HttpPost("Disable")]
    public async Task<IActionResult> Disable(string? code, [FromServices] CurrentSettings settings, CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { TwoFactorEnabled: true } user)
        {
            return RedirectToAction(nameof(Index));
        }

        if ((await settings.GetAsync(ct)).RequireTwoFactorForAdmins && await users.IsInRoleAsync(user, Roles.Admin))
        {
            ModelState.AddModelError("code", l["Two-step sign-in is required for admins: it cannot be turned off."]);
            return View(Folder + "TwoFactor.cshtml", await SetupAsync(user, false, null));
        }

        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Digits(code)))
        {
            ModelState.AddModelError("code", l["This code is not the one the app shows now. Check the phone's clock and type the 6 digits again."]);
            return View(Folder + "TwoFactor.cshtml", await SetupAsync(user, false, null));
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await log.WriteAsync(SecurityEventKind.TwoFactorDisabled, user.Id, user.Id, null, ct);
        await signIn.RefreshSignInAsync(user);
        TempData["Flash"] = l["Two-step sign-in is off."].Value;
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("Code"), AllowAnonymous]
    public async Task<IActionResult> Code(string? returnUrl, bool rememberMe, bool recovery = false) =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null
            ? Redirect("/Account/Login")
            : View(Folder + "TwoFactorCode.cshtml", new CodePage(returnUrl, rememberMe, recovery));

    [HttpPost("Code"), AllowAnonymous]
    public async Task<IActionResult> Code(string? code, string? returnUrl, bool rememberMe, bool recovery, CancellationToken ct)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Redirect("/Account/Login");
        }

        var page = new CodePage(returnUrl, rememberMe, recovery);
        if (!limits.HasLeft(AddressRateLimits.FailedSignIn, HttpContext))
        {
            var minutes = limits.Refuse(AddressRateLimits.FailedSignIn, HttpContext);
            ModelState.AddModelError("code", l["Too many failed sign-ins from your network. Try again in {0} minutes.", minutes]);
            return View(Folder + "TwoFactorCode.cshtml", page);
        }

        // Wrong codes count towards the account's lock-out, like wrong passwords.
        var result = recovery
            ? await signIn.TwoFactorRecoveryCodeSignInAsync((code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal))
            : await signIn.TwoFactorAuthenticatorSignInAsync(Digits(code), rememberMe, rememberClient: false);
        if (!result.Succeeded)
        {
            limits.TryTake(AddressRateLimits.FailedSignIn, HttpContext);
            await log.WriteAsync(SecurityEventKind.TwoFactorFailed, user.Id, null, null, ct);
            ModelState.AddModelError("code", result.IsLockedOut
                ? l["Too many wrong codes: the account is locked for a while. Try again later."]
                : recovery ? l["This recovery code is not valid or was already used."] : l["This code is not the one the app shows now. Check the phone's clock and type the 6 digits again."]);
            return View(Folder + "TwoFactorCode.cshtml", page);
        }

        await log.WriteAsync(recovery ? SecurityEventKind.RecoveryCodeUsed : SecurityEventKind.SignedIn, user.Id, user.Id, recovery ? null : "two-step", ct);
        return LocalRedirect(!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }

    private async Task<SetupPage> SetupAsync(AppUser user, bool required, IReadOnlyList<string>? newCodes)
    {
        if (user.TwoFactorEnabled)
        {
            return new SetupPage(true, required, null, null, await users.CountRecoveryCodesAsync(user), newCodes);
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // A new key changes the security stamp, which ends sessions: this one gets a cookie carrying the new stamp.
            await users.ResetAuthenticatorKeyAsync(user);
            await signIn.RefreshSignInAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        var uri = string.Create(CultureInfo.InvariantCulture, $"otpauth://totp/{Uri.EscapeDataString("Crm:" + user.Email)}?secret={key}&issuer=Crm&digits=6");
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return new SetupPage(false, required, Grouped(key!), "data:image/png;base64," + Convert.ToBase64String(png), 0, null);
    }

    private static string Digits(string? code) => new((code ?? string.Empty).Where(char.IsAsciiDigit).ToArray());

    private static string Grouped(string key)
    {
        var grouped = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return grouped.ToString().TrimEnd().ToLowerInvariant();
    }
}
