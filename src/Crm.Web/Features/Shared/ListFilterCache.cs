using System.Collections.Concurrent;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.Web.Features.Shared;

/// <summary>
/// The list filters' options that are the same whoever asks (the owners; every tag, for who sees every record), kept
/// in memory: each list page view read them again, two of its nine queries. Dropped as soon as a user, a role or a
/// tag is saved (<see cref="ListFilterCacheInvalidation"/>), and after <see cref="KeptFor"/> whatever happens, for
/// writes that do not go through EF.
/// </summary>
public sealed class ListFilterCache(TimeProvider clock)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _version;

    public async Task<IReadOnlyList<Option>> GetAsync(string key, Func<CancellationToken, Task<IReadOnlyList<Option>>> load, CancellationToken ct)
    {
        var version = Interlocked.Read(ref _version);
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.Version == version && now - entry.At < KeptFor)
        {
            return entry.Options;
        }

        var options = await load(ct);
        // Not kept when a save came in while loading: what was read may be from before it.
        if (Interlocked.Read(ref _version) == version)
        {
            _entries[key] = new Entry(version, now, options);
        }

        return options;
    }

    public void Invalidate() => Interlocked.Increment(ref _version);

    private sealed record Entry(long Version, DateTimeOffset At, IReadOnlyList<Option> Options);
}

/// <summary>Drops the <see cref="ListFilterCache"/> when a save touches users, their roles or tags: before the write and again after it.</summary>
public sealed class ListFilterCacheInvalidation(ListFilterCache cache) : SaveChangesInterceptor
{
    private static readonly object Touched = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> _saving = [];

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
        if (context is not null && context.ChangeTracker.Entries().Any(e =>
                e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && e.Entity is AppUser or Tag or IdentityUserRole<string> or IdentityRole))
        {
            cache.Invalidate();
            _saving.AddOrUpdate(context, Touched);
        }
    }

    /// <summary>Again once written: a page that read between the first drop and the write must not keep what it read.</summary>
    private void Saved(DbContext? context)
    {
        if (context is not null && _saving.Remove(context))
        {
            cache.Invalidate();
        }
    }
}
