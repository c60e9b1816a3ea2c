using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Api;

/// <summary>
/// The API's only way in: <c>Authorization: Bearer crm_…</c> with a personal token (<see cref="ApiToken"/>). The token's
/// user gets the principal the cookie gives (Identity's claims factory: roles, team, name, time zone), and the request
/// then goes through the same claims transformation (<c>VisibilityClaims</c>), so the record rules apply exactly as on
/// the pages. A revoked token, a token of a deactivated user, or none answers 401 as JSON.
/// </summary>
public sealed class ApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CrmDbContext db,
    SignInManager<AppUser> signIn,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    /// <summary>"Last used" is written at most this often per token: one UPDATE per request would serialise reads on SQLite.</summary>
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    private const string FailureItem = "crm:api-token-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        if (!token.StartsWith(ApiTokens.TokenPrefix, StringComparison.Ordinal) || token.Length > 100)
        {
            return Fail("The API token is not valid.");
        }

        var hash = ApiTokens.HashOf(token);
        var found = await db.Set<ApiToken>().AsNoTracking()
            .Where(t => t.Hash == hash && t.RevokedAt == null)
            .Select(t => new { t.Id, t.LastUsedAt, t.User })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (found?.User is not { IsActive: true } user)
        {
            return Fail("The API token is not valid.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (found.LastUsedAt is not { } used || now - used >= LastUsedPrecision)
        {
            await db.Set<ApiToken>().Where(t => t.Id == found.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        var identity = new ClaimsIdentity(principal.Claims, SchemeName, principal.Identities.First().NameClaimType, principal.Identities.First().RoleClaimType);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private AuthenticateResult Fail(string message)
    {
        Context.Items[FailureItem] = message;
        return AuthenticateResult.Fail(message);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var message = Context.Items[FailureItem] as string ?? "An API token is required: send it as Authorization: Bearer <token>.";
        return ApiErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized, l[message]);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiErrors.WriteAsync(Context, StatusCodes.Status403Forbidden, l["You may not do this."]);
}

/// <summary>The API's errors: RFC 9457 problem details, in JSON, whatever the status.</summary>
public static class ApiErrors
{
    public static Task WriteAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(Problem(status, detail)), context.RequestAborted);
    }

    public static Microsoft.AspNetCore.Mvc.ProblemDetails Problem(int status, string detail) => new()
    {
        Status = status,
        Title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
        Detail = detail,
    };
}
