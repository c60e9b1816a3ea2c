using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Crm.Web.Infrastructure.Auth;

/// <summary>
/// Creates the roles, and the first admin from configuration (Crm:Admin:Email and Crm:Admin:Password),
/// or resets that admin's password when it already exists. No default password exists anywhere.
/// </summary>
public sealed class AdminBootstrapper(
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<CrmOptions> options,
    TimeProvider clock,
    ILogger<AdminBootstrapper> logger)
{
    public async Task RunAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
            }
        }

        var admin = options.Value.Admin;
        if (string.IsNullOrWhiteSpace(admin.Email) || string.IsNullOrEmpty(admin.Password))
        {
            return;
        }

        var user = await users.FindByEmailAsync(admin.Email);
        if (user is null)
        {
            user = new AppUser
            {
                UserName = admin.Email,
                Email = admin.Email,
                EmailConfirmed = true,
                DisplayName = "Administrator",
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            Check(await users.CreateAsync(user, admin.Password), "create the configured admin");
            logger.LogInformation("Created the configured admin user {UserId}", user.Id);
        }
        else
        {
            // A reset changes the security stamp, which signs the admin out everywhere: not at every start.
            if (!await users.CheckPasswordAsync(user, admin.Password))
            {
                var token = await users.GeneratePasswordResetTokenAsync(user);
                Check(await users.ResetPasswordAsync(user, token, admin.Password), "reset the configured admin's password");
            }

            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            if (!user.IsActive)
            {
                // Configuring the admin is the way back in: a deactivated admin would stay locked out.
                user.IsActive = true;
                Check(await users.UpdateAsync(user), "reactivate the configured admin");
            }
        }

        if (!await users.IsInRoleAsync(user, Roles.Admin))
        {
            Check(await users.AddToRoleAsync(user, Roles.Admin), "add the configured admin to the Admin role");
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
