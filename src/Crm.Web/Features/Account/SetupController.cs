using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Account;

/// <summary>The one-time page that creates the first admin when none is configured and the database is empty.</summary>
[AllowAnonymous]
public sealed class SetupController(SetupState state, UserManager<AppUser> users, SignInManager<AppUser> signIn, TimeProvider clock) : Controller
{
    private const string SetupView = "~/Features/Account/Setup.cshtml";

    // Two setup posts at the same moment must not both create an admin.
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    [HttpGet]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        await state.IsSetupNeededAsync(ct) ? View(SetupView, new SetupForm()) : NotFound();

    [HttpPost]
    public async Task<IActionResult> Index(SetupForm form, CancellationToken ct)
    {
        await OneAtATime.WaitAsync(ct);
        try
        {
            return await CreateAdminAsync(form, ct);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    private async Task<IActionResult> CreateAdminAsync(SetupForm form, CancellationToken ct)
    {
        if (!await state.IsSetupNeededAsync(ct))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return View(SetupView, form);
        }

        var user = new AppUser
        {
            UserName = form.Email,
            Email = form.Email,
            EmailConfirmed = true,
            DisplayName = form.DisplayName,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, form.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Description);
            }

            return View(SetupView, form);
        }

        await users.AddToRoleAsync(user, Roles.Admin);
        state.MarkDone();
        await signIn.SignInAsync(user, isPersistent: false);
        return Redirect("/");
    }
}
