using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Infrastructure.Localization;

/// <summary>
/// Dates and times are written as the user chose (fr-FR, en-GB, en-US), else as the browser asks. Read on the account
/// page's "Member since", a stored UTC time shown in the app's zone (Europe/Paris): 22:49 UTC is 23:49 in Paris.
/// </summary>
public sealed class DateFormatTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private const string Password = "Format-Pass-2026";
    private static readonly DateTime Created = new(2026, 11, 29, 22, 49, 0, DateTimeKind.Utc);

    private async Task<HttpClient> UserAsync(string email, string? acceptLanguage)
    {
        var user = await app.CreateUserAsync(email, Password, Roles.Sales);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.CreatedAt, Created)));
        var browser = app.CreateBrowserLikeClient();
        if (acceptLanguage is not null)
        {
            browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        await browser.PostFormAsync("/Account/Login", new() { ["Email"] = email, ["Password"] = Password });
        return browser;
    }

    private static async Task<string> MemberSinceAsync(HttpClient browser)
    {
        var page = await browser.GetTextAsync("/Account/Manage");
        var start = page.IndexOf("data-testid=\"member-since\">", StringComparison.Ordinal);
        Assert.True(start >= 0, "No member-since on the account page.");
        start = page.IndexOf('>', start) + 1;
        // ICU writes a narrow no-break space before AM/PM; the reader sees a space.
        return page[start..page.IndexOf('<', start)].Replace('\u202f', ' ');
    }

    [Theory]
    [InlineData("en-GB,en;q=0.9", "Member since 29/11/2026 23:49")]
    [InlineData("en-US,en;q=0.9", "Member since 11/29/2026 11:49 PM")]
    [InlineData("fr-FR,fr;q=0.9", "Membre depuis le 29/11/2026 23:49")]
    [InlineData("en", "Member since 11/29/2026 11:49 PM")]
    [InlineData("en-IE,en;q=0.9", "Member since 29/11/2026 23:49")]
    [InlineData("de-DE,en-GB;q=0.8", "Member since 29/11/2026 23:49")]
    [InlineData(null, "Member since 11/29/2026 11:49 PM")]
    public async Task Without_a_choice_dates_follow_the_browser(string? acceptLanguage, string expected)
    {
        var browser = await UserAsync($"browser-{Guid.NewGuid():N}@tests.crm", acceptLanguage);

        Assert.Equal(expected, await MemberSinceAsync(browser));
    }

    [Theory]
    [InlineData("en-US", "en", "Member since 11/29/2026 11:49 PM")]
    [InlineData("en-GB", "en", "Member since 29/11/2026 23:49")]
    [InlineData("fr-FR", "fr", "Membre depuis le 29/11/2026 23:49")]
    [InlineData("en-US", "fr", "Membre depuis le 11/29/2026 11:49 PM")]
    public async Task The_user_s_choice_wins_over_the_browser(string format, string language, string expected)
    {
        var browser = await UserAsync($"choice-{Guid.NewGuid():N}@tests.crm", "en-GB,en;q=0.9");

        await browser.PostFormAsync("/Account/Manage", new() { ["Profile.DisplayName"] = "Chooser", ["Profile.Language"] = language, ["Profile.DateFormat"] = format });

        Assert.Equal(expected, await MemberSinceAsync(browser));
    }

    [Fact]
    public async Task The_chosen_format_follows_the_user_to_a_new_browser_and_survives_the_language_switch()
    {
        var email = $"travels-{Guid.NewGuid():N}@tests.crm";
        var first = await UserAsync(email, "en-GB");
        await first.PostFormAsync("/Account/Manage", new() { ["Profile.DisplayName"] = "Traveller", ["Profile.Language"] = "en", ["Profile.DateFormat"] = "en-US" });

        var second = app.CreateBrowserLikeClient();
        second.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB");
        await second.PostFormAsync("/Account/Login", new() { ["Email"] = email, ["Password"] = Password });
        Assert.Equal("Member since 11/29/2026 11:49 PM", await MemberSinceAsync(second));

        await second.PostFormAsync("/Culture/Set", new() { ["culture"] = "fr" }, formPage: "/");
        Assert.Equal("Membre depuis le 11/29/2026 11:49 PM", await MemberSinceAsync(second));
    }

    [Fact]
    public async Task The_language_switch_of_a_visitor_keeps_the_browser_s_format()
    {
        var browser = await UserAsync($"switch-{Guid.NewGuid():N}@tests.crm", "en-GB,en;q=0.9");

        await browser.PostFormAsync("/Culture/Set", new() { ["culture"] = "en" }, formPage: "/");

        Assert.Equal("Member since 29/11/2026 23:49", await MemberSinceAsync(browser));
    }
}
