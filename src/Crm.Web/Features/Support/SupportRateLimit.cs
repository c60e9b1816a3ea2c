using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Support;

/// <summary>
/// The public pages' limit per client address (a fixed window, <see cref="SupportOptions.PostsPerWindow"/> posts per
/// <see cref="SupportOptions.WindowMinutes"/>). Asked by the actions themselves rather than by the rate-limiting
/// middleware, so that a refused post shows the form again with what was typed, answered 429, instead of losing it.
/// Kept in memory: with several instances each counts its own (the limit is against floods, not an exact quota).
/// </summary>
public sealed class SupportRateLimit : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public SupportRateLimit(IOptions<SupportOptions> options)
    {
        var o = options.Value;
        Window = TimeSpan.FromMinutes(Math.Max(1, o.WindowMinutes));
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, o.PostsPerWindow),
            Window = Window,
            QueueLimit = 0,
        }));
    }

    public TimeSpan Window { get; }

    /// <summary>True when the address may post once more now (and counts the post).</summary>
    public bool TryTake(HttpContext context)
    {
        using var lease = _limiter.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
