using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Account;

/// <summary>/Account/Manage: every signed-in user's own name, language, date format and password.</summary>
public sealed class ManageAccountTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private const string Password = "Manage-Pass-2026";

    private async Task<(AppUser User, HttpClient Browser)> NewUserAsync(string email, string role = Roles.Sales)
    {
        var user = await app.CreateUserAsync(email, Password, role);
        return (user, await app.SignInAsync(email, Password));
    }

    private static Task<HttpResponseMessage> SaveProfileAsync(HttpClient browser, string name, string language, string format) =>
        browser.PostFormAsync(
            "/Account/Manage",
            new() { ["Profile.DisplayName"] = name, ["Profile.Language"] = language, ["Profile.DateFormat"] = format });

    private static Task<HttpResponseMessage> ChangePasswordAsync(HttpClient browser, string current, string next, string confirm) =>
        browser.PostFormAsync(
            "/Account/ChangePassword",
            new() { ["Password.CurrentPassword"] = current, ["Password.NewPassword"] = next, ["Password.ConfirmPassword"] = confirm },
            formPage: "/Account/Manage");

    /// <summary>The opening tag of the field with this id, whatever the order of its attributes.</summary>
    private static string Field(string page, string id) =>
        Regex.Match(page, $"<(?:input|select)[^>]*id=\"{id}\"[^>]*>").Value is { Length: > 0 } tag ? tag : throw new InvalidOperationException($"No field {id}.");

    private Task<AppUser> StoredAsync(string id) => app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == id));

    [Fact]
    public async Task The_account_page_needs_a_signed_in_user()
    {
        var response = await app.CreateBrowserLikeClient().GetAsync("/Account/Manage");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.LocationPath(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Sales)]
    [InlineData(Roles.Support)]
    [InlineData(Roles.Marketing)]
    [InlineData(Roles.Manager)]
    public async Task Every_role_reaches_its_account_page_from_the_user_menu(string role)
    {
        var (_, browser) = await NewUserAsync($"menu-{role.ToLowerInvariant()}@tests.crm", role);

        Assert.Contains("href=\"/Account/Manage\"", await browser.GetTextAsync("/"), StringComparison.Ordinal);
        var page = await browser.GetAsync("/Account/Manage");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"menu-{role.ToLowerInvariant()}@tests.crm", await page.ReadTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_display_name_is_saved_and_shown_in_this_session_at_once()
    {
        var (user, browser) = await NewUserAsync("rename@tests.crm");

        var saved = await SaveProfileAsync(browser, "  Ada Lovelace  ", "en", "");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/Account/Manage", saved.LocationPath());
        Assert.Equal("Ada Lovelace", (await StoredAsync(user.Id)).DisplayName);
        Assert.Contains("<span class=\"crm-user-name\">Ada Lovelace</span>", await browser.GetTextAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Language_and_date_format_are_saved_and_followed_by_the_next_pages()
    {
        var (user, browser) = await NewUserAsync("prefs@tests.crm");
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");

        var saved = await SaveProfileAsync(browser, "Prefs", "fr", "en-GB");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = await StoredAsync(user.Id);
        Assert.Equal("fr", stored.Culture);
        Assert.Equal("en-GB", stored.DateFormat);
        var page = await browser.GetTextAsync("/Account/Manage");
        Assert.Contains("<html lang=\"fr\">", page, StringComparison.Ordinal);
        Assert.Contains("Votre compte a été mis à jour.", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"en-GB\" selected=\"selected\">", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choosing_the_browser_s_format_again_clears_the_choice()
    {
        var (user, browser) = await NewUserAsync("unset-format@tests.crm");
        await SaveProfileAsync(browser, "Unset", "en", "en-US");

        await SaveProfileAsync(browser, "Unset", "en", "");

        Assert.Null((await StoredAsync(user.Id)).DateFormat);
    }

    [Fact]
    public async Task Every_profile_error_shows_at_once_and_nothing_is_saved()
    {
        var (user, browser) = await NewUserAsync("profile-errors@tests.crm");

        var response = await SaveProfileAsync(browser, "", "de", "xx-XX");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadTextAsync();
        Assert.Contains("The Display name field is required.", page, StringComparison.Ordinal);
        Assert.Contains("Choose a language from the list.", page, StringComparison.Ordinal);
        Assert.Contains("Choose a date format from the list.", page, StringComparison.Ordinal);
        Assert.Contains("There are 3 problems:", page, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", Field(page, "Profile_DisplayName"), StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"Profile_DisplayName-error\"", Field(page, "Profile_DisplayName"), StringComparison.Ordinal);
        Assert.Contains("autofocus", Field(page, "Profile_DisplayName"), StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", Field(page, "Profile_Language"), StringComparison.Ordinal);
        Assert.DoesNotContain("autofocus", Field(page, "Profile_Language"), StringComparison.Ordinal);
        Assert.Contains("href=\"#Profile_DateFormat\"", page, StringComparison.Ordinal);
        var stored = await StoredAsync(user.Id);
        Assert.Equal("profile-errors@tests.crm", stored.DisplayName);
        Assert.Null(stored.DateFormat);
    }

    [Fact]
    public async Task A_wrong_current_password_changes_nothing()
    {
        var (user, browser) = await NewUserAsync("wrong-current@tests.crm");
        var stampBefore = (await StoredAsync(user.Id)).SecurityStamp;

        var response = await ChangePasswordAsync(browser, "Not-The-Pass-2026", "Brand-New-Pass-2027", "Brand-New-Pass-2027");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The current password is not correct.", await response.ReadTextAsync(), StringComparison.Ordinal);
        Assert.Equal(stampBefore, (await StoredAsync(user.Id)).SecurityStamp);
        await app.SignInAsync("wrong-current@tests.crm", Password);
    }

    [Fact]
    public async Task Every_password_error_shows_at_once()
    {
        var (_, browser) = await NewUserAsync("password-errors@tests.crm");

        var response = await ChangePasswordAsync(browser, "Not-The-Pass-2026", "short", "other");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadTextAsync();
        Assert.Contains("The current password is not correct.", page, StringComparison.Ordinal);
        Assert.Contains("The passwords do not match.", page, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"Password_NewPassword-error new-password-hint\"", Field(page, "Password_NewPassword"), StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", Field(page, "Password_ConfirmPassword"), StringComparison.Ordinal);
        Assert.Contains("autofocus", Field(page, "Password_CurrentPassword"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_change_ends_the_other_sessions_and_keeps_this_one()
    {
        var (user, browser) = await NewUserAsync("change-password@tests.crm");
        var stampBefore = (await StoredAsync(user.Id)).SecurityStamp;
        var elsewhere = await app.SignInAsync("change-password@tests.crm", Password);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/")).StatusCode);

        var changed = await ChangePasswordAsync(browser, Password, "Brand-New-Pass-2027", "Brand-New-Pass-2027");

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal("/Account/Manage", changed.LocationPath());
        Assert.Contains("Your other sessions have been signed out.", await browser.GetTextAsync("/Account/Manage"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Contacts")).StatusCode);
        var other = await elsewhere.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.StartsWith("/Account/Login", other.LocationPath(), StringComparison.Ordinal);
        await app.SignInAsync("change-password@tests.crm", "Brand-New-Pass-2027");
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.SignInAsync("change-password@tests.crm", Password));
        Assert.NotEqual(stampBefore, (await StoredAsync(user.Id)).SecurityStamp);
    }

    [Theory]
    [InlineData("/Account/Manage")]
    [InlineData("/Account/ChangePassword")]
    public async Task A_post_without_antiforgery_token_is_refused(string action)
    {
        var (user, browser) = await NewUserAsync($"csrf-{action.Length}@tests.crm");
        var stampBefore = (await StoredAsync(user.Id)).SecurityStamp;

        var response = await browser.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Profile.DisplayName"] = "Forged", ["Profile.Language"] = "en",
            ["Password.CurrentPassword"] = Password, ["Password.NewPassword"] = "Forged-Pass-2027", ["Password.ConfirmPassword"] = "Forged-Pass-2027",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var stored = await StoredAsync(user.Id);
        Assert.NotEqual("Forged", stored.DisplayName);
        Assert.Equal(stampBefore, stored.SecurityStamp);
    }
}
