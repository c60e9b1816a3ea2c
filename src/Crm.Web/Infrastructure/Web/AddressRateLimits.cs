using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm.Web.Infrastructure.Web;

/// <summary>How many attempts one client address gets per window, per limit (section "Crm:RateLimits").</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Crm:RateLimits";

    /// <summary>Failed sign-ins from one address (any accounts) before it must wait: against password spraying.</summary>
    public int FailedSignIns { get; set; } = 20;

    public int FailedSignInsWindowMinutes { get; set; } = 15;

    /// <summary>"Forgot your password?" requests from one address.</summary>
    public int PasswordResets { get; set; } = 5;

    public int PasswordResetsWindowMinutes { get; set; } = 15;
}

/// <summary>One limit per client address: its name, how many attempts it allows and per how long.</summary>
public sealed record AddressRateLimit(string Name, int Permits, TimeSpan Window);

/// <summary>
/// Limits per client address, asked by the actions themselves rather than by the rate-limiting middleware, so that a
/// refused post shows its form again with what was typed, answered 429 with Retry-After. Each limit is registered
/// where it is used (<see cref="AddressRateLimitsSetup.AddAddressRateLimit"/>): sign-in and reset here, the public
/// support form in its feature. Kept in memory: with several instances each counts its own (the limits are against
/// floods, not exact quotas).
/// </summary>
public sealed class AddressRateLimits : IDisposable
{
    public const string FailedSignIn = "failed-sign-in";
    public const string PasswordReset = "password-reset";

    private readonly Dictionary<string, (PartitionedRateLimiter<string> Limiter, TimeSpan Window)> _limits;

    public AddressRateLimits(IEnumerable<AddressRateLimit> limits) =>
        _limits = limits.ToDictionary(l => l.Name, l => (Create(l.Permits, l.Window), l.Window), StringComparer.Ordinal);

    /// <summary>Whether the address has attempts left, without using one.</summary>
    public bool HasLeft(string limit, HttpContext context)
    {
        using var lease = _limits[limit].Limiter.AttemptAcquire(Address(context), 0);
        return lease.IsAcquired;
    }

    /// <summary>Uses one attempt; false when none was left.</summary>
    public bool TryTake(string limit, HttpContext context)
    {
        using var lease = _limits[limit].Limiter.AttemptAcquire(Address(context));
        return lease.IsAcquired;
    }

    /// <summary>Answers 429 with Retry-After (the whole window: a fixed window's end is not known per address).</summary>
    public int Refuse(string limit, HttpContext context)
    {
        var window = _limits[limit].Window;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = ((int)window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return (int)Math.Ceiling(window.TotalMinutes);
    }

    public void Dispose()
    {
        foreach (var (limiter, _) in _limits.Values)
        {
            limiter.Dispose();
        }
    }

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static PartitionedRateLimiter<string> Create(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = window,
            QueueLimit = 0,
        }));
}

public static class AddressRateLimitsSetup
{
    /// <summary>Registers a limit, its numbers read from the options <typeparamref name="TOptions"/> when first asked.</summary>
    public static IServiceCollection AddAddressRateLimit<TOptions>(this IServiceCollection services, string name, Func<TOptions, (int Permits, int WindowMinutes)> read)
        where TOptions : class
    {
        services.TryAddSingleton<AddressRateLimits>();
        services.AddSingleton(sp =>
        {
            var (permits, minutes) = read(sp.GetRequiredService<IOptions<TOptions>>().Value);
            return new AddressRateLimit(name, permits, TimeSpan.FromMinutes(Math.Max(1, minutes)));
        });
        return services;
    }
}
