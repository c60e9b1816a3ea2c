using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Web.Infrastructure.Data;

/// <summary>A cache that saves through EF drop: it says which saved entries touch what it holds.</summary>
public interface ISavedChangesCache
{
    bool Touches(EntityEntry entry);

    void Invalidate();
}

/// <summary>
/// Values read from the database and kept in memory per key, until a save touches what they were read from
/// (<see cref="Touches"/>, checked by <see cref="SavedChangesCacheInvalidation"/> before the write and again after it)
/// and at most <paramref name="keptFor"/> whatever happens: for writes that do not go through EF (bulk inserts) and
/// for the other instances of a scaled-out app, which do not see this one's saves.
/// </summary>
public abstract class SavedChangesCache<TValue>(TimeProvider clock, TimeSpan keptFor) : ISavedChangesCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _version;

    public async Task<TValue> GetAsync(string key, Func<CancellationToken, Task<TValue>> load, CancellationToken ct)
    {
        var version = Interlocked.Read(ref _version);
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.Version == version && now - entry.At < keptFor)
        {
            return entry.Value;
        }

        var value = await load(ct);
        // Not kept when a save came in while loading: what was read may be from before it.
        if (Interlocked.Read(ref _version) == version)
        {
            _entries[key] = new Entry(version, now, value);
        }

        return value;
    }

    public void Invalidate() => Interlocked.Increment(ref _version);

    public abstract bool Touches(EntityEntry entry);

    private sealed record Entry(long Version, DateTimeOffset At, TValue Value);
}

/// <summary>Drops the caches a save touches: before the write and again after it.</summary>
public sealed class SavedChangesCacheInvalidation(IEnumerable<ISavedChangesCache> caches) : SaveChangesInterceptor
{
    private readonly ISavedChangesCache[] _caches = [.. caches];
    private readonly ConditionalWeakTable<DbContext, ISavedChangesCache[]> _saving = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Saved(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return Task.CompletedTask;
    }

    private void Saving(DbContext? context)
    {
        if (context is null || _caches.Length == 0)
        {
            return;
        }

        var changed = context.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        var touched = _caches.Where(c => changed.Any(c.Touches)).ToArray();
        if (touched.Length > 0)
        {
            Array.ForEach(touched, c => c.Invalidate());
            _saving.AddOrUpdate(context, touched);
        }
    }

    /// <summary>Again once written: a page that read between the first drop and the write must not keep what it read.</summary>
    private void Saved(DbContext? context)
    {
        if (context is not null && _saving.TryGetValue(context, out var touched))
        {
            _saving.Remove(context);
            Array.ForEach(touched, c => c.Invalidate());
        }
    }
}

public static class SavedChangesCacheSetup
{
    /// <summary>One cache (a singleton), dropped by the saves it says it <see cref="ISavedChangesCache.Touches"/>.</summary>
    public static IServiceCollection AddSavedChangesCache<TCache>(this IServiceCollection services)
        where TCache : class, ISavedChangesCache
    {
        services.TryAddSingleton<TCache>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISavedChangesCache, TCache>(sp => sp.GetRequiredService<TCache>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInterceptor, SavedChangesCacheInvalidation>());
        return services;
    }
}
