using Crm.Web.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Api;

/// <summary>The API's limits (section "Crm:Api").</summary>
public sealed class ApiOptions
{
    public const string Section = "Crm:Api";

    /// <summary>Requests per minute from one client address, answered or not (a bad token counts too).</summary>
    public int RequestsPerMinute { get; set; } = 120;
}

/// <summary>
/// Limits the API per client address before authentication, so that guessing tokens is throttled as well as reading:
/// 429 with Retry-After, as the other public endpoints answer (<see cref="AddressRateLimits"/>).
/// </summary>
public sealed class ApiRateLimit(RequestDelegate next)
{
    public const string Limit = "api";

    public async Task InvokeAsync(HttpContext context, AddressRateLimits limits, IStringLocalizer<SharedResource> l)
    {
        if (context.Request.Path.StartsWithSegments(ApiSetup.PathBase, StringComparison.OrdinalIgnoreCase) && !limits.TryTake(Limit, context))
        {
            limits.Refuse(Limit, context);
            await ApiErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, l["Too many requests: wait a minute and try again."]);
            return;
        }

        await next(context);
    }
}
