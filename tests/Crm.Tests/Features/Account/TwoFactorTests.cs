using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Settings;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Account;

/// <summary>Two-step sign-in with an authenticator app: set up, asked after the password, recovery codes, required for admins.</summary>
public sealed partial class TwoFactorTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private const string Password = "Two-Step-2026";

    [GeneratedRegex("<li class=\"col\">([^<]+)</li>")]
    private static partial Regex RecoveryCodePattern();

    [Fact]
    public async Task Turning_it_on_takes_the_apps_current_code_and_shows_ten_recovery_codes_once()
    {
        await app.CreateUserAsync("two-step-setup@tests.crm", Password, Roles.Sales);
        var client = await app.SignInAsync("two-step-setup@tests.crm", Password);
        var page = await client.GetTextAsync("/Account/TwoFactor");
        Assert.Contains("data-testid=\"qr-code\"", page, StringComparison.Ordinal);
        Assert.Contains("src=\"data:image/png;base64,", page, StringComparison.Ordinal);

        var wrong = await client.PostFormAsync("/Account/TwoFactor/Enable", new() { ["code"] = "000000" }, "/Account/TwoFactor");
        Assert.Contains("This code is not the one the app shows now.", await wrong.ReadTextAsync(), StringComparison.Ordinal);
        Assert.False(await EnabledAsync("two-step-setup@tests.crm"));

        var on = await client.PostFormAsync("/Account/TwoFactor/Enable", new() { ["code"] = await CodeAsync("two-step-setup@tests.crm") }, "/Account/TwoFactor");
        var shown = await on.ReadTextAsync();
        Assert.Equal(10, RecoveryCodePattern().Count(shown));
        Assert.True(await EnabledAsync("two-step-setup@tests.crm"));
        Assert.DoesNotContain("recovery-codes", await client.GetTextAsync("/Account/TwoFactor"), StringComparison.Ordinal);
        Assert.Contains("Recovery codes left: 10.", await client.GetTextAsync("/Account/TwoFactor"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_password_the_code_is_asked_and_only_the_right_one_or_an_unused_recovery_code_signs_in()
    {
        var codes = await TurnOnAsync("two-step-signin@tests.crm", Roles.Sales);

        var client = app.CreateBrowserLikeClient();
        var password = await client.PostFormAsync("/Account/Login", new() { ["Email"] = "two-step-signin@tests.crm", ["Password"] = Password, ["ReturnUrl"] = "/Contacts" });
        Assert.StartsWith("/Account/TwoFactor/Code", password.LocationPath(), StringComparison.Ordinal);
        Assert.StartsWith("/Account/Login", (await client.GetAsync("/Contacts")).LocationPath(), StringComparison.Ordinal);

        var codePage = password.LocationPath();
        var wrong = await client.PostFormAsync("/Account/TwoFactor/Code", new() { ["code"] = "123 456", ["returnUrl"] = "/Contacts" }, codePage);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("This code is not the one the app shows now.", await wrong.ReadTextAsync(), StringComparison.Ordinal);

        var right = await client.PostFormAsync("/Account/TwoFactor/Code", new() { ["code"] = await CodeAsync("two-step-signin@tests.crm"), ["returnUrl"] = "/Contacts" }, codePage);
        Assert.Equal("/Contacts", right.LocationPath());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Contacts")).StatusCode);

        // A recovery code works once.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var other = app.CreateBrowserLikeClient();
            var step = await other.PostFormAsync("/Account/Login", new() { ["Email"] = "two-step-signin@tests.crm", ["Password"] = Password });
            var recoveryPage = step.LocationPath() + "&recovery=true";
            var used = await other.PostFormAsync("/Account/TwoFactor/Code", new() { ["code"] = codes[0], ["recovery"] = "true", ["returnUrl"] = "/" }, recoveryPage);
            if (attempt == 0)
            {
                Assert.Equal("/", used.LocationPath());
            }
            else
            {
                Assert.Contains("This recovery code is not valid or was already used.", await used.ReadTextAsync(), StringComparison.Ordinal);
            }
        }

        var kinds = await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.Detail == null || e.Detail == "two-step").Where(e => db.Users.Any(u => u.Id == e.UserId && u.Email == "two-step-signin@tests.crm")).Select(e => e.Kind).ToListAsync());
        Assert.Contains(SecurityEventKind.TwoFactorFailed, kinds);
        Assert.Contains(SecurityEventKind.RecoveryCodeUsed, kinds);
    }

    [Fact]
    public async Task The_code_page_without_a_password_first_goes_back_to_sign_in()
    {
        var client = app.CreateBrowserLikeClient();
        Assert.Equal("/Account/Login", (await client.GetAsync("/Account/TwoFactor/Code")).LocationPath());
    }

    [Fact]
    public async Task When_required_an_admin_without_it_reaches_only_its_setup_and_cannot_turn_it_off_once_on()
    {
        await app.CreateUserAsync("two-step-admin@tests.crm", Password, Roles.Admin);
        await app.CreateUserAsync("two-step-sales@tests.crm", Password, Roles.Sales);
        await SetRequiredAsync(true);
        try
        {
            var admin = await app.SignInAsync("two-step-admin@tests.crm", Password);
            var blocked = await admin.GetAsync("/Contacts");
            Assert.Equal("/Account/TwoFactor?required=true", blocked.LocationPath());
            Assert.Contains("data-testid=\"two-factor-required\"", await admin.GetTextAsync("/Account/TwoFactor?required=true"), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Account/Manage")).StatusCode);

            var sales = await app.SignInAsync("two-step-sales@tests.crm", Password);
            Assert.Equal(HttpStatusCode.OK, (await sales.GetAsync("/Contacts")).StatusCode);

            await admin.PostFormAsync("/Account/TwoFactor/Enable", new() { ["code"] = await CodeAsync("two-step-admin@tests.crm") }, "/Account/TwoFactor");
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Contacts")).StatusCode);

            var off = await admin.PostFormAsync("/Account/TwoFactor/Disable", new() { ["code"] = await CodeAsync("two-step-admin@tests.crm") }, "/Account/TwoFactor");
            Assert.Contains("Two-step sign-in is required for admins: it cannot be turned off.", await off.ReadTextAsync(), StringComparison.Ordinal);
            Assert.True(await EnabledAsync("two-step-admin@tests.crm"));
        }
        finally
        {
            await SetRequiredAsync(false);
        }
    }

    [Fact]
    public async Task Turning_it_off_takes_a_current_code()
    {
        await TurnOnAsync("two-step-off@tests.crm", Roles.Sales);
        var client = app.CreateBrowserLikeClient();
        var step = await client.PostFormAsync("/Account/Login", new() { ["Email"] = "two-step-off@tests.crm", ["Password"] = Password });
        await client.PostFormAsync("/Account/TwoFactor/Code", new() { ["code"] = await CodeAsync("two-step-off@tests.crm") }, step.LocationPath());

        var refused = await client.PostFormAsync("/Account/TwoFactor/Disable", new() { ["code"] = "111111" }, "/Account/TwoFactor");
        Assert.Contains("This code is not the one the app shows now.", await refused.ReadTextAsync(), StringComparison.Ordinal);
        Assert.True(await EnabledAsync("two-step-off@tests.crm"));

        await client.PostFormAsync("/Account/TwoFactor/Disable", new() { ["code"] = await CodeAsync("two-step-off@tests.crm") }, "/Account/TwoFactor");
        Assert.False(await EnabledAsync("two-step-off@tests.crm"));
        await app.SignInAsync("two-step-off@tests.crm", Password);
    }

    private async Task<List<string>> TurnOnAsync(string email, string role)
    {
        await app.CreateUserAsync(email, Password, role);
        var client = await app.SignInAsync(email, Password);
        await client.GetAsync("/Account/TwoFactor");
        var on = await client.PostFormAsync("/Account/TwoFactor/Enable", new() { ["code"] = await CodeAsync(email) }, "/Account/TwoFactor");
        return RecoveryCodePattern().Matches(await on.ReadTextAsync()).Select(m => m.Groups[1].Value).ToList();
    }

    private Task<bool> EnabledAsync(string email) => app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.TwoFactorEnabled).SingleAsync());

    private Task SetRequiredAsync(bool required) => app.WithDbAsync(async db =>
    {
        var row = await db.Set<OrganisationSettings>().SingleOrDefaultAsync();
        if (row is null)
        {
            row = new OrganisationSettings();
            db.Add(row);
        }

        row.RequireTwoFactorForAdmins = required;
        await db.SaveChangesAsync();
    });

    /// <summary>What an authenticator app shows now for the user's key (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits).</summary>
    private async Task<string> CodeAsync(string email)
    {
        string? key = null;
        await app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            key = await users.GetAuthenticatorKeyAsync((await users.FindByEmailAsync(email))!);
        });
        var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }

#pragma warning disable CA5350 // RFC 6238 is HMAC-SHA1: what every authenticator app computes.
        var hash = HMACSHA1.HashData(Base32(key!), counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var output = new List<byte>();
        foreach (var c in text.ToUpperInvariant().Where(c => c != '='))
        {
            value = (value << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)((value >> (bits - 8)) & 0xff));
                bits -= 8;
            }
        }

        return [.. output];
    }
}
