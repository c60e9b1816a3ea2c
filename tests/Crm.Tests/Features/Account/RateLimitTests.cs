using System.Net;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Features.Account;

/// <summary>
/// One address gets a few failed sign-ins and reset requests per window, then 429 with Retry-After and the form again
/// with what was typed. Successful sign-ins do not count: an office behind one address signs in at nine.
/// </summary>
public sealed class RateLimitTests(LowRateLimitsAppFactory app) : IClassFixture<LowRateLimitsAppFactory>
{
    [Fact]
    public async Task Failed_sign_ins_from_one_address_are_refused_with_429_after_the_limit_even_with_the_right_password()
    {
        var client = app.CreateBrowserLikeClient();

        // Successful sign-ins use nothing.
        for (var i = 0; i < 5; i++)
        {
            await app.SignInAsync();
        }

        for (var i = 0; i < 3; i++)
        {
            var failed = await client.PostFormAsync("/Account/Login", new() { ["Email"] = $"spray{i}@tests.crm", ["Password"] = "Wrong-Pass-2026" });
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        var refused = await client.PostFormAsync("/Account/Login", new() { ["Email"] = CrmAppFactory.AdminEmail, ["Password"] = CrmAppFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(15), refused.Headers.RetryAfter?.Delta);
        var page = await refused.ReadTextAsync();
        Assert.Contains("Too many failed sign-ins from your network. Try again in 15 minutes.", page, StringComparison.Ordinal);
        Assert.Contains($"value=\"{CrmAppFactory.AdminEmail}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_requests_from_one_address_are_refused_with_429_after_the_limit()
    {
        var client = app.CreateBrowserLikeClient();
        for (var i = 0; i < 2; i++)
        {
            var sent = await client.PostFormAsync("/Account/ForgotPassword", new() { ["Email"] = $"reset{i}@tests.crm" });
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        var refused = await client.PostFormAsync("/Account/ForgotPassword", new() { ["Email"] = "reset-last@tests.crm" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("Too many reset requests from your network.", await refused.ReadTextAsync(), StringComparison.Ordinal);
    }
}
