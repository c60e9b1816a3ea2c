using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Infrastructure.Auth;

/// <summary>
/// Whether the one-time setup page is still open: only while the database has no user at all.
/// Once a user exists that never changes back, so the answer is cached after the first "no".
/// </summary>
public sealed class SetupState(IServiceScopeFactory scopes)
{
    private volatile bool _hasUsers;

    public async Task<bool> IsSetupNeededAsync(CancellationToken ct = default)
    {
        if (_hasUsers)
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.CrmDbContext>();
        _hasUsers = await db.Users.AnyAsync(ct);
        return !_hasUsers;
    }

    public void MarkDone() => _hasUsers = true;
}

/// <summary>Sends every page to /Setup while no user exists; static files, health and setup itself pass.</summary>
public sealed class SetupGateMiddleware(RequestDelegate next, SetupState state)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var passes = path.StartsWithSegments("/Setup", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/lib", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/css", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/js", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/Culture", StringComparison.OrdinalIgnoreCase);
        if (!passes && await state.IsSetupNeededAsync(context.RequestAborted))
        {
            context.Response.Redirect("/Setup");
            return;
        }

        await next(context);
    }
}
