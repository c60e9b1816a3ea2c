using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Api;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Api;

/// <summary>Personal API tokens: shown once, kept hashed, revoked or of a deactivated user → 401; the cookie never opens the API.</summary>
public sealed partial class ApiTokensTests : IClassFixture<CrmAppFactory>
{
    private readonly CrmAppFactory app;

    public ApiTokensTests(CrmAppFactory app)
    {
        this.app = app;
        app.Settings["Crm:Api:RequestsPerMinute"] = "100000";
    }

    [GeneratedRegex("crm_[0-9a-f]{64}")]
    private static partial Regex TokenPattern();

    [Fact]
    public async Task A_token_made_on_the_account_page_is_shown_once_kept_hashed_works_and_stops_when_revoked()
    {
        var user = await app.CreateUserAsync(Roles.Sales, "Api tokens");
        var browser = await app.SignInAsync(user);
        var made = await browser.PostFormAsync("/Account/Tokens", new() { ["Form.Name"] = "Reporting script" });
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        Assert.Contains("no-store", made.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var token = TokenPattern().Match(await made.Content.ReadAsStringAsync()).Value;
        Assert.NotEmpty(token);

        // Shown once: the page does not show it again; stored as its SHA-256 only.
        Assert.DoesNotMatch(TokenPattern(), await browser.GetTextAsync("/Account/Tokens"));
        var stored = await app.WithDbAsync(db => db.Set<ApiToken>().SingleAsync(t => t.UserId == user.Id));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), stored.Hash);
        Assert.Null(stored.LastUsedAt);
        Assert.False(await app.WithDbAsync(db => db.Set<ApiToken>().AnyAsync(t => t.Hash.Contains(token.Substring(10, 20)) || t.Prefix == token)));

        var api = app.ApiClient(token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/contacts")).StatusCode);
        Assert.NotNull(await app.WithDbAsync(db => db.Set<ApiToken>().Where(t => t.Id == stored.Id).Select(t => t.LastUsedAt).SingleAsync()));
        Assert.Contains("Reporting script", await browser.GetTextAsync("/Account/Tokens"), StringComparison.Ordinal);

        var revoked = await browser.PostFormAsync($"/Account/Tokens/Revoke/{stored.Id}", [], "/Account/Tokens");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        var refused = await api.GetAsync("/api/v1/contacts");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(await app.WithDbAsync(db => db.SecurityEvents.AnyAsync(e => e.UserId == user.Id && e.Kind == SecurityEventKind.ApiTokenRevoked)));
    }

    [Fact]
    public async Task A_token_without_a_name_is_refused_with_the_error_shown_and_nothing_made()
    {
        var user = await app.CreateUserAsync(Roles.Sales);
        var browser = await app.SignInAsync(user);
        var made = await browser.PostFormAsync("/Account/Tokens", new() { ["Form.Name"] = "  " });
        var html = await made.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"error-summary\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(TokenPattern(), html);
        Assert.False(await app.WithDbAsync(db => db.Set<ApiToken>().AnyAsync(t => t.UserId == user.Id)));
    }

    [Fact]
    public async Task Nobody_revokes_another_users_token()
    {
        var owner = await app.CreateUserAsync(Roles.Sales);
        var token = await app.TokenForAsync(owner.Id);
        var id = await app.WithDbAsync(db => db.Set<ApiToken>().Where(t => t.UserId == owner.Id).Select(t => t.Id).SingleAsync());
        var other = await app.SignInAsync(await app.CreateUserAsync(Roles.Admin));
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostFormAsync($"/Account/Tokens/Revoke/{id}", [], "/Account/Tokens")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ApiClient(token).GetAsync("/api/v1/contacts")).StatusCode);
    }

    [Fact]
    public async Task A_deactivated_users_tokens_stop_working()
    {
        var user = await app.CreateUserAsync(Roles.Sales);
        var api = await app.ApiClientAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/contacts")).StatusCode);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/contacts")).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("crm_0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("not-a-token")]
    public async Task No_token_or_a_bad_one_is_401_as_json_with_a_bearer_challenge(string? token)
    {
        var response = await app.ApiClient(token).GetAsync("/api/v1/contacts");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, (await response.JsonAsync()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task The_sign_in_cookie_does_not_open_the_api()
    {
        var browser = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Contacts")).StatusCode);
        var response = await browser.GetAsync("/api/v1/contacts");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Too_many_requests_from_one_address_answer_429_with_retry_after()
    {
        using var limited = new CrmAppFactory();
        limited.Settings["Crm:Api:RequestsPerMinute"] = "3";
        var api = await limited.ApiClientAsync(await limited.CreateUserAsync(Roles.Sales));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/contacts")).StatusCode);
        }

        var refused = await api.GetAsync("/api/v1/contacts");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        // Bad tokens count too: guessing is throttled like reading.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await limited.ApiClient("crm_guess").GetAsync("/api/v1/contacts")).StatusCode);
    }
}
