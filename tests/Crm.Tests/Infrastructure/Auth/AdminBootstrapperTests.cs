using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Infrastructure.Auth;

public sealed class AdminBootstrapperTests
{
    [Fact]
    public async Task The_configured_admin_is_created_at_start_with_the_Admin_role()
    {
        await using var app = new CrmAppFactory();

        await app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var admin = await users.FindByEmailAsync(CrmAppFactory.AdminEmail);
            Assert.NotNull(admin);
            Assert.True(await users.IsInRoleAsync(admin, Roles.Admin));
            Assert.True(await users.CheckPasswordAsync(admin, CrmAppFactory.AdminPassword));
        });
    }

    [Fact]
    public async Task Every_role_exists_after_start()
    {
        await using var app = new NoAdminAppFactory();

        await app.WithScopeAsync(async services =>
        {
            var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in Roles.All)
            {
                Assert.True(await roles.RoleExistsAsync(role), role);
            }
        });
    }

    [Fact]
    public async Task Restarting_with_the_configured_password_resets_a_changed_one()
    {
        var dataDirectory = CrmAppFactory.NewDataDirectory();
        try
        {
            await using (var first = CrmAppFactory.On(dataDirectory))
            {
                await first.WithScopeAsync(async services =>
                {
                    var users = services.GetRequiredService<UserManager<AppUser>>();
                    var admin = (await users.FindByEmailAsync(CrmAppFactory.AdminEmail))!;
                    var changed = await users.ChangePasswordAsync(admin, CrmAppFactory.AdminPassword, "Changed-Pass-2026");
                    Assert.True(changed.Succeeded);
                });
            }

            await using var restarted = CrmAppFactory.On(dataDirectory);
            var client = await restarted.SignInAsync();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

            var old = await restarted.CreateBrowserLikeClient()
                .PostFormAsync("/Account/Login", new() { ["Email"] = CrmAppFactory.AdminEmail, ["Password"] = "Changed-Pass-2026" });
            Assert.Equal(HttpStatusCode.OK, old.StatusCode);
            Assert.Contains("Invalid email or password.", await old.ReadTextAsync(), StringComparison.Ordinal);
        }
        finally
        {
            CrmAppFactory.DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task Running_the_bootstrapper_unlocks_a_locked_out_admin()
    {
        await using var app = new CrmAppFactory();
        var client = app.CreateBrowserLikeClient();
        for (var i = 0; i < AuthSetup.MaxFailedSignIns; i++)
        {
            await client.PostFormAsync("/Account/Login", new() { ["Email"] = CrmAppFactory.AdminEmail, ["Password"] = "Wrong-Pass-2026" });
        }

        var locked = await client.PostFormAsync("/Account/Login", new() { ["Email"] = CrmAppFactory.AdminEmail, ["Password"] = CrmAppFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);

        await app.WithScopeAsync(services => services.GetRequiredService<AdminBootstrapper>().RunAsync());

        var signedIn = await client.PostFormAsync("/Account/Login", new() { ["Email"] = CrmAppFactory.AdminEmail, ["Password"] = CrmAppFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task Restarting_with_the_same_configured_password_keeps_the_admin_signed_in()
    {
        var dataDirectory = CrmAppFactory.NewDataDirectory();
        try
        {
            string cookie;
            await using (var first = CrmAppFactory.On(dataDirectory))
            {
                var response = await first.CreateBrowserLikeClient()
                    .PostFormAsync("/Account/Login", new() { ["Email"] = CrmAppFactory.AdminEmail, ["Password"] = CrmAppFactory.AdminPassword });
                cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("crm.auth=", StringComparison.Ordinal)).Split(';')[0];
            }

            await using var restarted = CrmAppFactory.On(dataDirectory);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Add("Cookie", cookie);
            var home = await restarted.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }).SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        }
        finally
        {
            CrmAppFactory.DeleteDataDirectory(dataDirectory);
        }
    }
}
