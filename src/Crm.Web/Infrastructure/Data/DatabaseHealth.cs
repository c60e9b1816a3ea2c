using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Web.Infrastructure.Data;

/// <summary>
/// The database's health, for <c>/health</c> and <c>/health/ready</c>. The full check (the database answers and every
/// migration is applied) opens a connection and reads the migrations history: a few milliseconds each time, which a
/// probe hitting <c>/health</c> under load paid on every call. Migrations are applied only at start, so once a check has
/// found them all applied, <c>/health</c> answers from memory; <c>/health/ready</c> still asks the database, at most once
/// every few seconds.
/// </summary>
public sealed class DatabaseHealth(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan ReadyCheckedFor = TimeSpan.FromSeconds(5);

    private volatile bool _migrationsApplied;
    private volatile CheckedResult? _ready;

    /// <summary>Healthy from memory once a full check has passed; until then, the full check.</summary>
    public Task<HealthCheckResult> LiveAsync(CancellationToken ct) =>
        _migrationsApplied ? Task.FromResult(HealthCheckResult.Healthy()) : CheckAsync(ct);

    /// <summary>The full check, reused for <see cref="ReadyCheckedFor"/>.</summary>
    public async Task<HealthCheckResult> ReadyAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_ready is { } last && now - last.At < ReadyCheckedFor)
        {
            return last.Result;
        }

        var result = await CheckAsync(ct);
        _ready = new CheckedResult(now, result);
        return result;
    }

    private async Task<HealthCheckResult> CheckAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            if (!await db.Database.CanConnectAsync(ct))
            {
                return HealthCheckResult.Unhealthy("The database does not answer.");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                return HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied.");
            }

            _migrationsApplied = true;
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database check failed.", ex);
        }
    }

    private sealed record CheckedResult(DateTimeOffset At, HealthCheckResult Result);
}

/// <summary><c>/health</c>: the process serves and the schema was found up to date (liveness, from memory).</summary>
public sealed class DatabaseLiveCheck(DatabaseHealth health) : IHealthCheck
{
    public const string Tag = "live";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        health.LiveAsync(cancellationToken);
}

/// <summary><c>/health/ready</c>: the database answers now and every migration is applied (cached a few seconds).</summary>
public sealed class DatabaseReadyCheck(DatabaseHealth health) : IHealthCheck
{
    public const string Tag = "ready";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        health.ReadyAsync(cancellationToken);
}
