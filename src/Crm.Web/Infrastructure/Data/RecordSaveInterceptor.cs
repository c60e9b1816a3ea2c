using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Web.Infrastructure.Data;

/// <summary>
/// On every save: refreshes search keys, stamps times, bumps concurrency versions, turns deletes into soft deletes, and
/// records field-level history for audited entities, which is also the change-event log (ARCHITECTURE §5, decision 0006).
/// Every entry is written in the transaction of the change: updates, deletes and restores in the same statement batch;
/// creations and tag lists, which need database-generated ids, just before the transaction commits. It also keeps the
/// <see cref="SearchWord"/> rows of <see cref="IWordIndexed"/> records in step with their names.
/// </summary>
public sealed class RecordSaveInterceptor(TimeProvider clock, CurrentUser currentUser, ChangeScope scope, RecordKinds kinds)
    : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public const string TagsField = "Tags";

    private static readonly HashSet<string> Unaudited = new(StringComparer.Ordinal)
    {
        nameof(ITracked.CreatedAt), nameof(ITracked.UpdatedAt), nameof(ITracked.Version), "LastActivityAt",
    };

    private Pending? _pending;
    private List<(string Kind, EntityEntry Entry, bool Existed)>? _reworded;
    private bool _writingAudit;

    /// <summary>What one save still has to write once the database has given ids.</summary>
    private sealed class Pending(Stamp stamp)
    {
        public Stamp Stamp { get; } = stamp;
        public List<EntityEntry> Created { get; } = [];
        public List<Deferred> Updates { get; } = [];

        /// <summary>True when this save runs in a transaction EF opens for it: the entries go in just before its commit.</summary>
        public bool InSaveTransaction { get; set; }
        public AutoTransactionBehavior PreviousBehavior { get; set; }

        public bool Any => Created.Count > 0 || Updates.Count > 0;
    }

    private sealed record Stamp(string? UserId, DateTime Now, ChangeSource Source, string CorrelationId);

    /// <summary>An update whose tag lists are only known after the save (a new tag gets its id then).</summary>
    private sealed record Deferred(string EntityType, int EntityId, AuditAction Action, List<FieldChange> Changes, TagLinks Tags);

    private sealed class TagLinks
    {
        public List<EntityEntry> Kept { get; } = [];
        public List<EntityEntry> Added { get; } = [];
        public List<int> Removed { get; } = [];
        public bool Changed => Added.Count > 0 || Removed.Count > 0;
    }

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
        var context = eventData.Context;
        var staleWords = QueueWords(context);
        var audit = AfterSave(context);
        if (audit || staleWords is not null)
        {
            try
            {
                _writingAudit = true;
                foreach (var (kind, ids) in staleWords ?? [])
                {
                    await context!.Set<SearchWord>().Where(w => w.Kind == kind && ids.Contains(w.RecordId)).ExecuteDeleteAsync(cancellationToken);
                }

                await context!.SaveChangesAsync(cancellationToken);
            }
            finally
            {
                _writingAudit = false;
                ForgetWords(context!);
            }
        }

        return await base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        var context = eventData.Context;
        var staleWords = QueueWords(context);
        var audit = AfterSave(context);
        if (audit || staleWords is not null)
        {
            try
            {
                _writingAudit = true;
                foreach (var (kind, ids) in staleWords ?? [])
                {
                    context!.Set<SearchWord>().Where(w => w.Kind == kind && ids.Contains(w.RecordId)).ExecuteDelete();
                }

                context!.SaveChanges();
            }
            finally
            {
                _writingAudit = false;
                ForgetWords(context!);
            }
        }

        return base.SavedChanges(eventData, result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (!_writingAudit)
        {
            Forget(eventData.Context);
            _reworded = null;
        }
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    // EF opens its own transaction for the save (asked for in BeforeSave); the creation entries are inserted in it just
    // before it commits, once every id is known. A retried save (SQL Server) commits again and writes them again.
    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (EntriesForCommit(eventData.Context) is { } write)
        {
            using var writer = BulkWriter.InCurrentTransaction(write.Db);
            var table = AuditTable(writer);
            foreach (var entry in write.Entries)
            {
                table.Execute(AuditValues(entry));
            }
        }

        return result;
    }

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (EntriesForCommit(eventData.Context) is { } write)
        {
            await using var writer = BulkWriter.InCurrentTransaction(write.Db);
            var table = AuditTable(writer);
            foreach (var entry in write.Entries)
            {
                await table.ExecuteAsync(cancellationToken, AuditValues(entry));
            }
        }

        return result;
    }

    /// <summary>The columns <see cref="AuditValues"/> fills, for writers that insert entries without EF (bulk import).</summary>
    public static BulkTable AuditTable(BulkWriter writer) => writer.Table<AuditEntry>(returnsId: false,
        nameof(AuditEntry.EntityType), nameof(AuditEntry.Kind), nameof(AuditEntry.EntityId), nameof(AuditEntry.Action),
        nameof(AuditEntry.Source), nameof(AuditEntry.CorrelationId), nameof(AuditEntry.UserId), nameof(AuditEntry.At), nameof(AuditEntry.Changes));

    public static object?[] AuditValues(AuditEntry e) =>
        [e.EntityType, e.Kind, e.EntityId, e.Action, e.Source, e.CorrelationId, e.UserId, e.At, e.Changes];

    private void BeforeSave(DbContext? context)
    {
        if (context is null || _writingAudit)
        {
            return;
        }

        context.ChangeTracker.DetectChanges();
        var userId = currentUser.IdOrNull;
        var stamp = new Stamp(userId, clock.GetUtcNow().UtcDateTime, scope.Source ?? (userId is null ? ChangeSource.System : ChangeSource.Form),
            scope.CorrelationId ?? ChangeScope.NewCorrelationId());
        var pending = new Pending(stamp);
        _reworded = [];
        KeepWhatASoftDeleteCascadedTo(context);
        var entries = context.ChangeTracker.Entries().ToList();

        // A path that writes its own entry for a record (a merge) says what happened to it; the interceptor adds none.
        var explained = new HashSet<(string, int)>();
        foreach (var own in entries.Where(e => e.State == EntityState.Added).Select(e => e.Entity).OfType<AuditEntry>())
        {
            own.Kind = own.Kind.Length > 0 ? own.Kind : kinds.KeyOf(own.EntityType);
            own.CorrelationId ??= stamp.CorrelationId;
            explained.Add((own.EntityType, own.EntityId));
        }

        foreach (var written in entries.Where(e => e.State == EntityState.Added).Select(e => e.Entity).OfType<IWrittenBy>())
        {
            written.ByUserId ??= userId;
        }

        foreach (var entry in entries.Where(e => e is { State: EntityState.Deleted, Entity: ISoftDeletable }))
        {
            entry.State = EntityState.Modified;
            ((ISoftDeletable)entry.Entity).DeletedAt = stamp.Now;
        }

        var tags = TagChanges(entries);
        var values = ValueChanges(entries);
        foreach (var entry in entries.Where(e => e is { State: EntityState.Unchanged, Entity: IAudited and ITracked }))
        {
            // A record whose emails, phones or tags alone changed is changed too: its version and "updated" date move.
            var key = (entry.Metadata.ClrType.Name, ((IAudited)entry.Entity).Id);
            if (values.ContainsKey(key) || tags.ContainsKey(key))
            {
                entry.Property(nameof(ITracked.Version)).IsModified = true;
            }
        }

        foreach (var entry in entries)
        {
            if (entry.State is EntityState.Added or EntityState.Modified && entry.Entity is ISearchIndexed indexed)
            {
                indexed.RefreshSearchKeys();
            }

            if (SearchWords.KindOf(entry.Metadata.ClrType) is { } kind && WordsChanged(entry))
            {
                _reworded.Add((kind, entry, entry.State != EntityState.Added));
            }

            if (entry.Entity is ITracked tracked)
            {
                if (entry.State == EntityState.Added)
                {
                    tracked.CreatedAt = tracked.CreatedAt == default ? stamp.Now : tracked.CreatedAt;
                    tracked.UpdatedAt = stamp.Now;
                    tracked.Version = 1;
                }
                else if (entry.State == EntityState.Modified)
                {
                    tracked.UpdatedAt = stamp.Now;
                    tracked.Version++;
                }
            }

            if (entry.Entity is not IAudited audited)
            {
                continue;
            }

            var type = entry.Metadata.ClrType.Name;
            if (entry.State == EntityState.Added)
            {
                pending.Created.Add(entry);
                continue;
            }

            if (explained.Contains((type, audited.Id)))
            {
                continue;
            }

            tags.Remove((type, audited.Id), out var links);
            if (entry.State != EntityState.Modified && links is null)
            {
                continue;
            }

            var action = entry.State != EntityState.Modified ? AuditAction.Updated : ActionOf(entry);
            var changes = entry.State == EntityState.Modified ? Changes(entry) : [];
            if (values.Remove((type, audited.Id), out var listed))
            {
                changes.AddRange(listed);
            }

            if (links is { Changed: true })
            {
                pending.Updates.Add(new Deferred(type, audited.Id, action, changes, links));
            }
            else if (action != AuditAction.Updated || changes.Count > 0)
            {
                context.Set<AuditEntry>().Add(Entry(type, audited.Id, action, stamp, changes));
            }
        }

        // Tags changed on records that are not tracked as entities themselves.
        foreach (var ((type, id), links) in tags)
        {
            if (links.Changed && !explained.Contains((type, id)))
            {
                pending.Updates.Add(new Deferred(type, id, AuditAction.Updated, [], links));
            }
        }

        context.ChangeTracker.DetectChanges();
        if (pending.Any)
        {
            pending.PreviousBehavior = context.Database.AutoTransactionBehavior;
            if (context.Database.CurrentTransaction is null)
            {
                // Not written by a second save after the commit (an event lost if that failed): EF opens a transaction
                // even for one statement, and the entries join it just before it commits.
                pending.InSaveTransaction = true;
                context.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
            }
        }

        _pending = pending.Any ? pending : null;
    }

    /// <summary>Inside a caller's transaction the second save is part of that transaction, so it commits or not with it.</summary>
    private bool AfterSave(DbContext? context)
    {
        if (context is null || _writingAudit || _pending is not { } pending)
        {
            return false;
        }

        Forget(context);
        if (pending.InSaveTransaction)
        {
            return false;
        }

        context.Set<AuditEntry>().AddRange(Build(pending));
        _writingAudit = true;
        return true;
    }

    private (CrmDbContext Db, List<AuditEntry> Entries)? EntriesForCommit(DbContext? context) =>
        context is CrmDbContext db && !_writingAudit && _pending is { InSaveTransaction: true } pending ? (db, Build(pending)) : null;

    private void Forget(DbContext? context)
    {
        if (_pending is { } pending && context is not null)
        {
            context.Database.AutoTransactionBehavior = pending.PreviousBehavior;
        }

        _pending = null;
    }

    private List<AuditEntry> Build(Pending pending)
    {
        var entries = pending.Created
            .Select(e => Entry(e.Metadata.ClrType.Name, (int)e.Property(nameof(IAudited.Id)).CurrentValue!, AuditAction.Created, pending.Stamp, []))
            .ToList();
        foreach (var update in pending.Updates)
        {
            var kept = update.Tags.Kept.Select(TagIdOf).ToList();
            var before = kept.Concat(update.Tags.Removed);
            var after = kept.Concat(update.Tags.Added.Select(TagIdOf));
            // A new list each time: a save SQL Server retries builds the entries again.
            List<FieldChange> changes = [.. update.Changes, new FieldChange(TagsField, TagList(before), TagList(after))];
            entries.Add(Entry(update.EntityType, update.EntityId, update.Action, pending.Stamp, changes));
        }

        return entries;
    }

    private AuditEntry Entry(string type, int id, AuditAction action, Stamp stamp, List<FieldChange> changes) => new()
    {
        EntityType = type,
        Kind = kinds.KeyOf(type),
        EntityId = id,
        Action = action,
        Source = stamp.Source,
        CorrelationId = stamp.CorrelationId,
        UserId = stamp.UserId,
        At = stamp.Now,
        Changes = changes.Count > 0 ? JsonSerializer.Serialize(changes) : null,
    };

    private static AuditAction ActionOf(EntityEntry entry)
    {
        if (entry.Entity is not ISoftDeletable soft)
        {
            return AuditAction.Updated;
        }

        var wasDeleted = entry.Property(nameof(ISoftDeletable.DeletedAt)).OriginalValue is not null;
        return (wasDeleted, soft.DeletedAt is not null) switch
        {
            (false, true) => AuditAction.Deleted,
            (true, false) => AuditAction.Restored,
            _ => AuditAction.Updated,
        };
    }

    /// <summary>
    /// The lists of <see cref="IRecordValue"/> fields that this save changes, by the record they belong to, as one change
    /// of each field (values joined with "; ", kept ones first in their order, added ones after); records being created
    /// are left out, and so are records whose values are changed without the record being tracked.
    /// </summary>
    private static Dictionary<(string Type, int Id), List<FieldChange>> ValueChanges(List<EntityEntry> entries)
    {
        var lists = new Dictionary<(string Type, int Id, string Field), (List<(int Id, string Value)> Before, List<(int Id, string Value)> After)>();
        var changed = new HashSet<(string, int, string)>();
        foreach (var entry in entries.Where(e => e.Entity is IRecordValue && e.State != EntityState.Detached))
        {
            var owner = entry.Metadata.GetForeignKeys().FirstOrDefault(fk => typeof(IAudited).IsAssignableFrom(fk.PrincipalEntityType.ClrType));
            if (owner is null || entry.Property(owner.Properties[0].Name) is not { IsTemporary: false } key)
            {
                continue;
            }

            var item = (IRecordValue)entry.Entity;
            var id = (int)(entry.State == EntityState.Deleted ? key.OriginalValue : key.CurrentValue)!;
            var slot = (owner.PrincipalEntityType.ClrType.Name, id, item.Field);
            if (!lists.TryGetValue(slot, out var list))
            {
                lists[slot] = list = ([], []);
            }

            // Values are added and removed, never rewritten in place (SetEmails, SetPhones): a modified one (its primary
            // flag) is in both lists.
            var order = entry.State == EntityState.Added ? int.MaxValue : (int)entry.Property(entry.Metadata.FindPrimaryKey()!.Properties[0].Name).OriginalValue!;
            if (entry.State != EntityState.Added)
            {
                list.Before.Add((order, item.Value));
            }

            if (entry.State != EntityState.Deleted)
            {
                list.After.Add((order, item.Value));
            }

            if (entry.State is EntityState.Added or EntityState.Deleted)
            {
                changed.Add(slot);
            }
        }

        static string? Joined(List<(int Id, string Value)> values) =>
            values.Count == 0 ? null : string.Join("; ", values.OrderBy(v => v.Id).Select(v => v.Value));

        return changed.GroupBy(s => (s.Item1, s.Item2))
            .ToDictionary(g => g.Key, g => g.Select(s => new FieldChange(s.Item3, Joined(lists[s].Before), Joined(lists[s].After))).ToList());
    }

    /// <summary>Tag links added or removed in this save, by the record they belong to; links of records being created are left out.</summary>
    private static Dictionary<(string Type, int Id), TagLinks> TagChanges(List<EntityEntry> entries)
    {
        var byRecord = new Dictionary<(string, int), TagLinks>();
        foreach (var entry in entries.Where(e => e.Entity is ITagLink))
        {
            var owner = entry.Metadata.GetForeignKeys().FirstOrDefault(fk => typeof(IAudited).IsAssignableFrom(fk.PrincipalEntityType.ClrType));
            if (owner is null || entry.Property(owner.Properties[0].Name) is not { IsTemporary: false } key)
            {
                continue;
            }

            var id = (int)(entry.State == EntityState.Deleted ? key.OriginalValue : key.CurrentValue)!;
            var record = (owner.PrincipalEntityType.ClrType.Name, id);
            if (!byRecord.TryGetValue(record, out var links))
            {
                byRecord[record] = links = new TagLinks();
            }

            switch (entry.State)
            {
                case EntityState.Added:
                    links.Added.Add(entry);
                    break;
                case EntityState.Deleted:
                    links.Removed.Add(((ITagLink)entry.Entity).TagId);
                    break;
                default:
                    links.Kept.Add(entry);
                    break;
            }
        }

        return byRecord.Where(r => r.Value.Changed).ToDictionary();
    }

    /// <summary>
    /// Remove() on a record that is only moved to the recycle bin must not take its rows with it: the change tracker has
    /// already marked the tracked dependents (tags, emails, phones, activities) Deleted by cascade, and they would be
    /// deleted for good, so that the restored record came back without them (nor is its delete a tag change).
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
    /// Adds the words of records whose names changed (ids are known only now) and returns the records whose old words
    /// must be deleted first; null when no words change. Words are derived data written after the save: if that
    /// fails, the start-up backfill writes them again.
    /// </summary>
    private Dictionary<string, List<int>>? QueueWords(DbContext? context)
    {
        if (context is null || _writingAudit || _reworded is not { Count: > 0 } reworded)
        {
            _reworded = null;
            return null;
        }

        var stale = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var (kind, entry, existed) in reworded)
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

    // Before the commit EF holds generated keys in the entry, not yet in the entity: read them through the entry.
    private static int TagIdOf(EntityEntry link) => (int)link.Property(nameof(ITagLink.TagId)).CurrentValue!;

    private static string? TagList(IEnumerable<int> ids)
    {
        var list = ids.Distinct().Order().ToList();
        return list.Count == 0 ? null : string.Join(",", list.Select(id => id.ToString(CultureInfo.InvariantCulture)));
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

    /// <summary>Raw, culture-free values (ISO times, enum names, ids): the history formats them when it is read.</summary>
    public static string? Format(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public sealed record FieldChange(string Field, string? Old, string? New);
}
