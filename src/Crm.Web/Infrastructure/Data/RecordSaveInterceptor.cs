using System.Text.Json;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.Web.Infrastructure.Data;

/// <summary>
/// On every save: refreshes search keys, stamps times, bumps concurrency versions, turns deletes into
/// soft deletes, records field-level history for audited entities (ARCHITECTURE §5), and keeps the
/// <see cref="SearchWord"/> rows of <see cref="IWordIndexed"/> records in step with their names.
/// </summary>
public sealed class RecordSaveInterceptor(TimeProvider clock, CurrentUser currentUser) : SaveChangesInterceptor
{
    private static readonly HashSet<string> Unaudited = new(StringComparer.Ordinal)
    {
        nameof(ITracked.CreatedAt), nameof(ITracked.UpdatedAt), nameof(ITracked.Version), "LastActivityAt",
    };

    private List<EntityEntry>? _created;
    private List<(string Kind, EntityEntry Entry, bool Existed)>? _reworded;
    private bool _writingAudit;

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        BeforeSave(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        BeforeSave(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (AfterSave(eventData.Context) is { } staleWords)
        {
            var context = eventData.Context!;
            try
            {
                foreach (var (kind, ids) in staleWords)
                {
                    await context.Set<SearchWord>().Where(w => w.Kind == kind && ids.Contains(w.RecordId)).ExecuteDeleteAsync(cancellationToken);
                }

                await context.SaveChangesAsync(cancellationToken);
            }
            finally
            {
                _writingAudit = false;
                ForgetWords(context);
            }
        }

        return await base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (AfterSave(eventData.Context) is { } staleWords)
        {
            var context = eventData.Context!;
            try
            {
                foreach (var (kind, ids) in staleWords)
                {
                    context.Set<SearchWord>().Where(w => w.Kind == kind && ids.Contains(w.RecordId)).ExecuteDelete();
                }

                context.SaveChanges();
            }
            finally
            {
                _writingAudit = false;
                ForgetWords(context);
            }
        }

        return base.SavedChanges(eventData, result);
    }

    private void BeforeSave(DbContext? context)
    {
        if (context is null || _writingAudit)
        {
            return;
        }

        context.ChangeTracker.DetectChanges();
        var now = clock.GetUtcNow().UtcDateTime;
        var userId = currentUser.IdOrNull;
        _created = [];
        KeepWhatASoftDeleteCascadedTo(context);
        _reworded = [];
        foreach (var entry in context.ChangeTracker.Entries().ToList())
        {
            if (entry.State is EntityState.Added or EntityState.Modified && entry.Entity is ISearchIndexed indexed)
            {
                indexed.RefreshSearchKeys();
            }

            if (entry.State == EntityState.Deleted && entry.Entity is ISoftDeletable soft)
            {
                entry.State = EntityState.Modified;
                soft.DeletedAt = now;
            }

            if (SearchWords.KindOf(entry.Metadata.ClrType) is { } kind && WordsChanged(entry))
            {
                _reworded.Add((kind, entry, entry.State != EntityState.Added));
            }

            if (entry.Entity is ITracked tracked)
            {
                if (entry.State == EntityState.Added)
                {
                    tracked.CreatedAt = tracked.CreatedAt == default ? now : tracked.CreatedAt;
                    tracked.UpdatedAt = now;
                    tracked.Version = 1;
                }
                else if (entry.State == EntityState.Modified)
                {
                    tracked.UpdatedAt = now;
                    tracked.Version++;
                }
            }

            if (entry.Entity is IAudited audited)
            {
                if (entry.State == EntityState.Added)
                {
                    _created.Add(entry);
                }
                else if (entry.State == EntityState.Modified)
                {
                    var action = entry.Entity is ISoftDeletable { DeletedAt: not null } s && entry.Property(nameof(ISoftDeletable.DeletedAt)).OriginalValue is null
                        ? AuditAction.Deleted
                        : entry.Entity is ISoftDeletable { DeletedAt: null } && entry.Property(nameof(ISoftDeletable.DeletedAt)).OriginalValue is not null
                            ? AuditAction.Restored
                            : AuditAction.Updated;
                    var changes = Changes(entry);
                    if (action != AuditAction.Updated || changes.Count > 0)
                    {
                        context.Set<AuditEntry>().Add(new AuditEntry
                        {
                            EntityType = entry.Metadata.ClrType.Name,
                            EntityId = audited.Id,
                            Action = action,
                            UserId = userId,
                            At = now,
                            Changes = changes.Count > 0 ? JsonSerializer.Serialize(changes) : null,
                        });
                    }
                }
            }
        }

        context.ChangeTracker.DetectChanges();
    }

    /// <summary>
    /// Remove() on a record that is only moved to the recycle bin must not take its rows with it: the change tracker has
    /// already marked the tracked dependents (tags, emails, phones, activities) Deleted by cascade, and they would be
    /// deleted for good, so that the restored record came back without them.
    /// </summary>
    private static void KeepWhatASoftDeleteCascadedTo(DbContext context)
    {
        var softDeleted = context.ChangeTracker.Entries().Where(e => e.State == EntityState.Deleted && e.Entity is ISoftDeletable).ToList();
        if (softDeleted.Count == 0)
        {
            return;
        }

        foreach (var dependent in context.ChangeTracker.Entries().Where(e => e.State == EntityState.Deleted).ToList())
        {
            var cascaded = dependent.Metadata.GetForeignKeys()
                .Where(fk => fk.DeleteBehavior is DeleteBehavior.Cascade or DeleteBehavior.ClientCascade)
                .Any(fk => softDeleted.Any(principal => !ReferenceEquals(principal, dependent) && PointsTo(dependent, fk, principal)));
            if (cascaded)
            {
                dependent.State = EntityState.Unchanged;
            }
        }
    }

    private static bool PointsTo(EntityEntry dependent, Microsoft.EntityFrameworkCore.Metadata.IForeignKey fk, EntityEntry principal)
    {
        if (!fk.PrincipalEntityType.IsAssignableFrom(principal.Metadata))
        {
            return false;
        }

        for (var i = 0; i < fk.Properties.Count; i++)
        {
            if (!Equals(dependent.Property(fk.Properties[i].Name).CurrentValue, principal.Property(fk.PrincipalKey.Properties[i].Name).CurrentValue))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Queues the audit entries of created records and the words of records whose names changed (ids are known only
    /// now), and returns the records whose old words must be deleted first; null when there is nothing to write.
    /// </summary>
    private Dictionary<string, List<int>>? AfterSave(DbContext? context)
    {
        if (context is null || _writingAudit || (_created is not { Count: > 0 } && _reworded is not { Count: > 0 }))
        {
            return null;
        }

        var stale = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var (kind, entry, existed) in _reworded ?? [])
        {
            var record = (IWordIndexed)entry.Entity;
            if (existed)
            {
                (stale.TryGetValue(kind, out var ids) ? ids : stale[kind] = []).Add(record.Id);
            }

            if (entry.State != EntityState.Detached)
            {
                context.Set<SearchWord>().AddRange(SearchWords.Rows(kind, record.Id, record.WordSources()));
            }
        }

        _reworded = null;

        var now = clock.GetUtcNow().UtcDateTime;
        var userId = currentUser.IdOrNull;
        foreach (var entry in _created ?? [])
        {
            context.Set<AuditEntry>().Add(new AuditEntry
            {
                EntityType = entry.Metadata.ClrType.Name,
                EntityId = ((IAudited)entry.Entity).Id,
                Action = AuditAction.Created,
                UserId = userId,
                At = now,
            });
        }

        _created = null;
        _writingAudit = true;
        return stale;
    }

    /// <summary>
    /// New records and changed names need their words rewritten; a record deleted for good loses them. A soft delete
    /// keeps them: the query filter hides the record, and a restore finds it again at once.
    /// </summary>
    private static bool WordsChanged(EntityEntry entry) => entry.State switch
    {
        EntityState.Added or EntityState.Deleted => true,
        EntityState.Modified => !SearchWords.Of(((IWordIndexed)entry.Entity).WordSources())
            .SetEquals(SearchWords.Of(((IWordIndexed)entry.OriginalValues.ToObject()).WordSources())),
        _ => false,
    };

    // Written words stay out of the change tracker: a later save of the same context rewrites them by key.
    private static void ForgetWords(DbContext context)
    {
        foreach (var entry in context.ChangeTracker.Entries<SearchWord>().ToList())
        {
            entry.State = EntityState.Detached;
        }
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (!_writingAudit)
        {
            _created = null;
            _reworded = null;
        }
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    private static List<FieldChange> Changes(EntityEntry entry)
    {
        var changes = new List<FieldChange>();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (!property.IsModified || property.Metadata.IsPrimaryKey() || Unaudited.Contains(name) || IsDerived(name))
            {
                continue;
            }

            if (!Equals(property.OriginalValue, property.CurrentValue))
            {
                changes.Add(new FieldChange(name, Format(property.OriginalValue), Format(property.CurrentValue)));
            }
        }

        foreach (var complex in entry.ComplexProperties)
        {
            foreach (var property in complex.Properties)
            {
                if (property.IsModified && !Equals(property.OriginalValue, property.CurrentValue))
                {
                    changes.Add(new FieldChange($"{complex.Metadata.Name}.{property.Metadata.Name}", Format(property.OriginalValue), Format(property.CurrentValue)));
                }
            }
        }

        return changes;
    }

    // Normalised columns follow their source field; recording both would only add noise.
    private static bool IsDerived(string name) =>
        name.EndsWith("Key", StringComparison.Ordinal) || name is "SortName" or "PhoneE164";

    private static string? Format(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public sealed record FieldChange(string Field, string? Old, string? New);
}
