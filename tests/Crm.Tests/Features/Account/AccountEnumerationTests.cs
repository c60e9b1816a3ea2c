using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Account;

/// <summary>
/// Whether an email has an account must show neither in the answer nor in the work done (and so the time taken):
/// the tests count password verifications rather than time them.
/// </summary>
public sealed partial class AccountEnumerationTests(HashCountingAppFactory app) : IClassFixture<HashCountingAppFactory>
{
    private const string WrongPassword = "Wrong-Pass-2026";

    [GeneratedRegex("value=\"[^\"]*\"")]
    private static partial Regex Values();

    /// <summary>The page without what legitimately differs: the typed email and the antiforgery tokens.</summary>
    private static async Task<string> PageTextAsync(HttpResponseMessage response, string email) =>
        Values().Replace((await response.ReadTextAsync()).Replace(email, "{email}", StringComparison.Ordinal), "value=\"\"");

    private async Task<(int Verifications, HttpResponseMessage Response)> SignInAsync(string email, string password)
    {
        var client = app.CreateBrowserLikeClient();
        var page = await client.GetStringAsync("/Account/Login");
        var before = app.Verifications;
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = FormPosting.AntiforgeryToken(page),
        }));
        return (app.Verifications - before, response);
    }

    [Fact]
    public async Task An_unknown_email_costs_one_password_verification_like_a_real_account()
    {
        await app.CreateUserAsync("real-one@tests.crm", "Real-Pass-2026", Roles.Sales);

        var (unknown, _) = await SignInAsync("nobody-here@tests.crm", WrongPassword);
        var (real, _) = await SignInAsync("real-one@tests.crm", WrongPassword);

        Assert.Equal(1, unknown);
        Assert.Equal(1, real);
    }

    [Fact]
    public async Task An_inactive_account_costs_one_password_verification_and_cannot_sign_in()
    {
        const string email = "inactive-one@tests.crm";
        const string password = "Inactive-Pass-2026";
        var user = await app.CreateUserAsync(email, password, Roles.Sales);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsActive, false)));

        var (verifications, response) = await SignInAsync(email, password);

        Assert.Equal(1, verifications);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_locked_account_costs_one_verification_and_answers_like_a_wrong_password()
    {
        const string locked = "locked-one@tests.crm";
        const string other = "other-one@tests.crm";
        await app.CreateUserAsync(locked, "Locked-Pass-2026", Roles.Sales);
        await app.CreateUserAsync(other, "Other-Pass-2026", Roles.Sales);
        for (var i = 0; i < AuthSetup.MaxFailedSignIns; i++)
        {
            await SignInAsync(locked, WrongPassword);
        }

        var (lockedVerifications, lockedAnswer) = await SignInAsync(locked, "Locked-Pass-2026");
        var (_, wrongAnswer) = await SignInAsync(other, WrongPassword);
        var (_, unknownAnswer) = await SignInAsync("unknown-one@tests.crm", WrongPassword);

        Assert.Equal(1, lockedVerifications);
        Assert.Equal(HttpStatusCode.OK, lockedAnswer.StatusCode);
        var wrongPage = await PageTextAsync(wrongAnswer, other);
        Assert.Contains("Invalid email or password. After 5 failed attempts an account is locked for 15 minutes.", wrongPage, StringComparison.Ordinal);
        Assert.Equal(wrongPage, await PageTextAsync(lockedAnswer, locked));
        Assert.Equal(wrongPage, await PageTextAsync(unknownAnswer, "unknown-one@tests.crm"));
    }

    [Fact]
    public async Task Forgot_password_answers_a_known_and_an_unknown_email_alike_and_mails_the_known_one()
    {
        const string known = "known-one@tests.crm";
        const string unknown = "unknown-two@tests.crm";
        await app.CreateUserAsync(known, "Known-Pass-2026", Roles.Sales);
        var before = app.MailFiles().ToHashSet();

        var knownAnswer = await app.CreateBrowserLikeClient().PostFormAsync("/Account/ForgotPassword", new() { ["Email"] = known });
        var unknownAnswer = await app.CreateBrowserLikeClient().PostFormAsync("/Account/ForgotPassword", new() { ["Email"] = unknown });
        await app.MailQueueIdleAsync();

        Assert.Equal(HttpStatusCode.OK, knownAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknownAnswer.StatusCode);
        Assert.Equal(await PageTextAsync(knownAnswer, known), await PageTextAsync(unknownAnswer, unknown));
        var mail = Assert.Single(app.MailFiles(), f => !before.Contains(f));
        Assert.Equal(known, Assert.Single(MimeKit.MimeMessage.Load(mail).To.Mailboxes).Address);
    }
}
