using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Infrastructure.Records;

/// <summary>
/// A record that belongs to a kind of the record kit: owned, soft-deleted, audited, versioned, and able to name its
/// kind from its type, so that generic code (<see cref="RecordAccess"/>) finds the rule of any <typeparamref name="TSelf"/>.
/// </summary>
public interface IRecord<TSelf> : IOwned, ISoftDeletable, IAudited, ITracked
    where TSelf : class, IRecord<TSelf>
{
    static abstract RecordKind<TSelf> Kind { get; }
}

/// <summary>
/// One kind of record (contacts, companies; deals, tasks, tickets to come), declared once in its own folder and
/// registered once in its Setup (<see cref="RecordKindsSetup.AddRecordKind{T}"/>). Capabilities — saved views, the
/// recycle bin, imports, search, the dashboard, change events, the visibility walk test — loop over the registered
/// kinds and never name one (docs/decisions/0007-record-kit.md).
/// </summary>
public abstract class RecordKind
{
    /// <summary>Stable key stored in saved views, imports and change events ("contacts").</summary>
    public required string Key { get; init; }

    /// <summary>The kind's pages: list at the route, a record at <c>{Route}/Details/{id}</c>.</summary>
    public required string Route { get; init; }

    /// <summary>Where the kind's full list is: its route, unless the route opens a page of its own (tasks: "my day").</summary>
    public string ListPath
    {
        get => _listPath ?? Route;
        init => _listPath = value;
    }

    private readonly string? _listPath;

    /// <summary>English resource keys of the kind's name, translated by the localizer.</summary>
    public required string Singular { get; init; }

    public required string Plural { get; init; }

    /// <summary>English resource key of the bulk delete's question ("Delete contacts").</summary>
    public required string DeleteManyTitle { get; init; }

    /// <summary>Where the kind stands among the others on pages that list kinds (recycle bin tabs, dashboard tiles): lower first.</summary>
    public required int Order { get; init; }

    /// <summary>A Bootstrap icon name ("bi-person").</summary>
    public required string Icon { get; init; }

    /// <summary>English resource key of what <see cref="RecordSummary.Detail"/> holds ("Email", "City").</summary>
    public required string SummaryDetail { get; init; }

    public required RecordAccessRule Access { get; init; }

    /// <summary>Every field a user reads or edits, declared once (<see cref="RecordField"/>).</summary>
    public required RecordFields Fields { get; init; }

    public abstract Type EntityType { get; }

    /// <summary>The columns the kind's list may show, in their default order (docs/lists.md, "Columns").</summary>
    public ListColumns Columns { get; init; } = new([]);

    /// <summary>The list's filters declared on the kind, drawn by the shared list page.</summary>
    public abstract IReadOnlyList<ListFilter> ListFilters { get; }

    /// <summary>The kind's own bulk actions beyond assign, tag and delete (close tickets), drawn by the shared bulk bar.</summary>
    public abstract IReadOnlyList<RecordBulkAction> OwnBulkActions { get; }

    /// <summary>How the audit trail names the kind (the entity's type name, as stored since the first release).</summary>
    public string AuditType => EntityType.Name;

    public string DetailsPath(int id) => $"{Route}/Details/{id}";

    /// <summary>Visible records of the kind, summarised for cross-kind pages (search, recycle bin, timeline, history).</summary>
    public abstract IQueryable<RecordSummary> Summaries(Data.CrmDbContext db, bool withDeleted = false);

    /// <summary>Counts the kind's records the user may see, capped (dashboard).</summary>
    public abstract Task<int> CountVisibleAsync(Data.CrmDbContext db, CrmUser user, int cap, CancellationToken ct);

    /// <summary>Deleted records of the kind that the user may restore, summarised, newest deletion first.</summary>
    public abstract IQueryable<RecordSummary> Restorable(Data.CrmDbContext db, CrmUser user);

    /// <summary>
    /// Brings a deleted record back; null when the user may not or it is not in the bin. <paramref name="along"/> marks,
    /// before the one save, what comes back with it (the rows deleted with it).
    /// </summary>
    public abstract Task<string?> RestoreAsync(Data.CrmDbContext db, CrmUser user, int id, Func<CancellationToken, Task>? along, CancellationToken ct);

    /// <summary>
    /// Live records of the kind that depend on records of the kind <paramref name="parentKind"/> among
    /// <paramref name="parentIds"/> (through a field declared <see cref="RecordField.DeletedWithRecord"/>, or regarding them)
    /// and that the user may delete, tracked, each with the id of the record it depends on.
    /// </summary>
    public abstract Task<List<(ISoftDeletable Row, int Id, int DependsOn)>> DependentsAsync(
        Data.CrmDbContext db, CrmUser user, string parentKind, IReadOnlyCollection<int> parentIds, CancellationToken ct);

    /// <summary>The kind's rows that went to the bin with the records keyed (<see cref="ISoftDeletable.DeletedWith"/>), tracked.</summary>
    public abstract Task<List<ISoftDeletable>> DeletedWithAsync(Data.CrmDbContext db, IReadOnlyCollection<string> keys, CancellationToken ct);

    /// <summary>Ids of the kind's records deleted on their own before <paramref name="before"/>, oldest first.</summary>
    public abstract Task<List<int>> DeletedBeforeAsync(Data.CrmDbContext db, DateTime before, int take, CancellationToken ct);

    /// <summary>
    /// Per key, how many of the kind's rows went to the bin with the record keyed, and the first <paramref name="take"/>
    /// of them that the user may restore (the others are only counted).
    /// </summary>
    public abstract Task<Dictionary<string, (int Count, List<RecordSummary> First)>> WentWithAsync(
        Data.CrmDbContext db, CrmUser user, IReadOnlyCollection<string> keys, int take, CancellationToken ct);

    /// <summary>Ids of the kind's rows that went to the bin with the records keyed.</summary>
    public abstract Task<List<int>> IdsDeletedWithAsync(Data.CrmDbContext db, IReadOnlyCollection<string> keys, CancellationToken ct);

    /// <summary>The kind's rows among <paramref name="ids"/> that exist, live or in the bin.</summary>
    public abstract Task<List<int>> ExistingAsync(Data.CrmDbContext db, IReadOnlyCollection<int> ids, CancellationToken ct);

    /// <summary>Deletes for good the kind's rows among <paramref name="ids"/> that are still in the bin.</summary>
    public abstract Task<int> DeleteForGoodAsync(Data.CrmDbContext db, IReadOnlyCollection<int> ids, CancellationToken ct);

    /// <summary>Records of the kind among <paramref name="ids"/> that the user may edit, deleted or not, summarised.</summary>
    public abstract Task<List<RecordSummary>> EditableAsync(Data.CrmDbContext db, CrmUser user, IReadOnlyCollection<int> ids, CancellationToken ct);

    /// <summary>
    /// The record each of <paramref name="ids"/> was last merged into, read from the merge's change events (decision
    /// 0006: the merged-away record's Merged entry carries a "MergedInto" change); records never merged are absent.
    /// </summary>
    public async Task<Dictionary<int, int>> MergedIntoAsync(Data.CrmDbContext db, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var auditType = AuditType;
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == auditType && ids.Contains(a.EntityId) && a.Action == Data.AuditAction.Merged && a.Changes != null && a.Changes.Contains(MergedIntoField))
            .OrderBy(a => a.At).ThenBy(a => a.Id)
            .Select(a => new { a.EntityId, a.Changes })
            .ToListAsync(ct);
        var kept = new Dictionary<int, int>();
        foreach (var entry in entries)
        {
            var changes = System.Text.Json.JsonSerializer.Deserialize<Data.RecordSaveInterceptor.FieldChange[]>(entry.Changes!) ?? [];
            if (changes.FirstOrDefault(c => c.Field == MergedIntoField)?.New is { } value
                && int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var keptId))
            {
                // Ordered oldest first: a record merged, restored and merged again ends up pointing at its latest keeper.
                kept[entry.EntityId] = keptId;
            }
        }

        return kept;
    }

    /// <summary>
    /// The restore rule for records merged away, written once for the bin's list and for restoring: of <paramref name="ids"/>,
    /// each record merged away maps to the record it was merged into, summarised when the user may edit that one, and
    /// to null when they may not (then it may not come back: what the merge moved stays with the record kept). Records
    /// never merged are absent.
    /// </summary>
    public async Task<Dictionary<int, RecordSummary?>> MergeKeepersAsync(Data.CrmDbContext db, CrmUser user, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var merged = await MergedIntoAsync(db, ids, ct);
        if (merged.Count == 0)
        {
            return [];
        }

        var editable = (await EditableAsync(db, user, merged.Values.Distinct().ToList(), ct)).ToDictionary(k => k.Id);
        return merged.ToDictionary(m => m.Key, m => editable.GetValueOrDefault(m.Value));
    }

    /// <summary>The field of the merged-away record's Merged change event that names the record kept.</summary>
    public const string MergedIntoField = "MergedInto";

    /// <summary>Ids of the kind's live records the user may see, as a subquery (an activity is seen through its record).</summary>
    public abstract IQueryable<int> VisibleIds(Data.CrmDbContext db, CrmUser user);

    /// <summary>Ids of the kind's live records the user may edit, as a subquery.</summary>
    public abstract IQueryable<int> EditableIds(Data.CrmDbContext db, CrmUser user);

    /// <summary>Whether the record's timeline entries name the contact involved (<see cref="RecordTimeline{T}.NamesContact"/>).</summary>
    public abstract bool TimelineNamesContact { get; }

    /// <summary>
    /// Moves a live record's LastActivityAt forward to <paramref name="at"/> in one conditional UPDATE (no version bump,
    /// no lost date between two people logging at once); nothing for a kind whose records have no last activity.
    /// </summary>
    public abstract Task TouchLastActivityAsync(Data.CrmDbContext db, int id, DateTime at, CancellationToken ct);

    /// <summary>The English resource keys of the export's column headers, in order; none for a kind without an export.</summary>
    public virtual IReadOnlyList<string> ExportHeaders => [];

    /// <summary>Whether the global search looks in this kind.</summary>
    public abstract bool Searched { get; }

    /// <summary>
    /// The first <paramref name="take"/> records the user may see that match the query, and whether there are more;
    /// nothing for a kind without a search part.
    /// </summary>
    public abstract Task<(IReadOnlyList<RecordSearchHit> Hits, bool More)> SearchAsync(
        Data.CrmDbContext db, CrmUser user, string query, int take, CancellationToken ct);

    /// <summary>How files of the kind's records are imported; null keeps the kind out of imports.</summary>
    public abstract Features.Imports.RecordImport? Importing { get; }
    /// <summary>Whether the kind finds likely duplicates (and has a pairs list).</summary>
    public abstract bool HasDuplicates { get; }

    /// <summary>Whether two records of the kind can be merged.</summary>
    public abstract bool HasMerge { get; }

    /// <summary>Calls typed code of a capability with this kind's record type, from the non-generic registry.</summary>
    public abstract TResult Accept<TResult>(IRecordKindVisitor<TResult> visitor);
}

/// <summary>Typed code a capability runs on whichever kind it was handed (<see cref="RecordKind.Accept{TResult}"/>).</summary>
public interface IRecordKindVisitor<out TResult>
{
    TResult Visit<T>(RecordKind<T> kind)
        where T : class, IRecord<T>;
}

/// <summary>What cross-kind pages show of a record: its id, name, one line of detail, and when it was deleted.</summary>
public sealed class RecordSummary
{
    public int Id { get; init; }
    public string Name { get; init; } = string.Empty;
    public string? Detail { get; init; }
    public string? OwnerId { get; init; }
    public int? TeamId { get; init; }
    public DateTime? DeletedAt { get; init; }
}

public sealed class RecordKind<T> : RecordKind
    where T : class, IRecord<T>
{
    public override Type EntityType => typeof(T);

    /// <summary>
    /// The record's summary as an expression EF translates (member-init, so that later filters and sorts on its
    /// members translate too).
    /// </summary>
    public required Expression<Func<T, RecordSummary>> Summary { get; init; }

    private Func<T, RecordSummary>? _summarize;

    /// <summary>A loaded record's name, as its summary gives it (messages after deleting it).</summary>
    public string NameOf(T record) => (_summarize ??= Summary.Compile())(record).Name;

    /// <summary>How the global search finds the kind's records; null keeps the kind out of it.</summary>
    public RecordSearch<T>? Search { get; init; }

    public IQueryable<T> Set(Data.CrmDbContext db) => db.Set<T>();

    private readonly RecordTimeline<T>? _timeline;

    /// <summary>What the record's timeline shows and how an entry logged on it attaches; by default, the entries regarding it.</summary>
    public RecordTimeline<T> Timeline
    {
        get => _timeline ?? (_defaultTimeline ??= RecordTimeline.Regarding<T>(Key));
        init => _timeline = value;
    }

    private RecordTimeline<T>? _defaultTimeline;

    public override bool TimelineNamesContact => Timeline.NamesContact;

    // Live rows said explicitly: a query that reads the bin (IgnoreQueryFilters) drops the soft-delete filter of its subqueries too.
    public override IQueryable<int> VisibleIds(Data.CrmDbContext db, CrmUser user) =>
        db.Set<T>().VisibleTo(user).Where(r => r.DeletedAt == null).Select(r => r.Id);

    public override IQueryable<int> EditableIds(Data.CrmDbContext db, CrmUser user) =>
        db.Set<T>().EditableBy(user).Where(r => r.DeletedAt == null).Select(r => r.Id);

    public override Task TouchLastActivityAsync(Data.CrmDbContext db, int id, DateTime at, CancellationToken ct) =>
        !typeof(IListed).IsAssignableFrom(typeof(T)) ? Task.CompletedTask
            : db.Set<T>()
                .Where(r => r.Id == id && (EF.Property<DateTime?>(r, nameof(IListed.LastActivityAt)) == null || EF.Property<DateTime?>(r, nameof(IListed.LastActivityAt)) < at))
                .ExecuteUpdateAsync(s => s.SetProperty(r => EF.Property<DateTime?>(r, nameof(IListed.LastActivityAt)), at), ct);

    /// <summary>The list's own filters beyond the common ones, run by the list, its export and "select all matching".</summary>
    public IReadOnlyList<ListFilter<T>> Filters { get; init; } = [];

    public override IReadOnlyList<ListFilter> ListFilters => Filters;

    /// <summary>The kind's own bulk actions, run by the kit's bulk edit on the ticked records the user may edit.</summary>
    public IReadOnlyList<RecordBulkAction<T>> BulkActions { get; init; } = [];

    /// <summary>Bulk actions answered on another feature's page (<see cref="RecordBulkPage"/>), after the kind's own.</summary>
    public IReadOnlyList<RecordBulkPage> BulkPages { get; init; } = [];

    public override IReadOnlyList<RecordBulkAction> OwnBulkActions => [.. BulkActions, .. BulkPages];

    /// <summary>The columns of the kind's list export ({Route}/Export), declared once; null: the kind has no export.</summary>
    public Export.RecordExport<T>? Export { get; init; }

    public override IReadOnlyList<string> ExportHeaders => Export?.Fields.Select(f => f.Header).ToList() ?? [];

    public override bool Searched => Search is not null;

    /// <summary>How files of the kind's records are imported (its columns and row importer); null keeps the kind out of imports.</summary>
    public Features.Imports.RecordImport<T>? Import { get; init; }

    public override Features.Imports.RecordImport? Importing => Import;
    /// <summary>How the kind finds its likely duplicates; null, it has no pairs list.</summary>
    public RecordDuplicates<T>? Duplicates { get; init; }

    /// <summary>How two records of the kind merge; null, they cannot be.</summary>
    public RecordMerge<T>? Merge { get; init; }

    public override bool HasDuplicates => Duplicates is not null;

    public override bool HasMerge => Merge is not null;

    public override TResult Accept<TResult>(IRecordKindVisitor<TResult> visitor) => visitor.Visit(this);

    public override async Task<(IReadOnlyList<RecordSearchHit> Hits, bool More)> SearchAsync(
        Data.CrmDbContext db, CrmUser user, string query, int take, CancellationToken ct)
    {
        if (Search is null)
        {
            return ([], false);
        }

        var hits = await Search.Matching(db.Set<T>().AsNoTracking().VisibleTo(user), db, query)
            .OrderBy(Search.Order).ThenBy(r => r.Id).Take(take + 1)
            .Select(Search.Hit)
            .ToListAsync(ct);
        return (hits.Take(take).ToList(), hits.Count > take);
    }

    public override IQueryable<RecordSummary> Summaries(Data.CrmDbContext db, bool withDeleted = false) =>
        (withDeleted ? db.Set<T>().IgnoreQueryFilters() : db.Set<T>()).AsNoTracking().Select(Summary);

    public override Task<int> CountVisibleAsync(Data.CrmDbContext db, CrmUser user, int cap, CancellationToken ct) =>
        db.Set<T>().AsNoTracking().VisibleTo(user).Take(cap + 1).CountAsync(ct);

    public override IQueryable<RecordSummary> Restorable(Data.CrmDbContext db, CrmUser user) =>
        RestorableRecords(db, user).AsNoTracking().Select(Summary);

    public override Task<List<RecordSummary>> EditableAsync(Data.CrmDbContext db, CrmUser user, IReadOnlyCollection<int> ids, CancellationToken ct) =>
        db.Set<T>().IgnoreQueryFilters().AsNoTracking().EditableBy(user).Where(r => ids.Contains(r.Id)).Select(Summary).ToListAsync(ct);

    public override async Task<string?> RestoreAsync(Data.CrmDbContext db, CrmUser user, int id, Func<CancellationToken, Task>? along, CancellationToken ct)
    {
        var record = await RestorableRecords(db, user).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (record is null)
        {
            return null;
        }

        // A record merged away comes back only for someone who may also edit the record it was merged into.
        if ((await MergeKeepersAsync(db, user, [id], ct)).TryGetValue(id, out var kept) && kept is null)
        {
            return null;
        }

        record.DeletedAt = null;
        if (along is not null)
        {
            await along(ct);
        }

        await db.SaveChangesAsync(ct);
        return await db.Set<T>().AsNoTracking().Where(r => r.Id == id).Select(Summary).Select(s => s.Name).FirstAsync(ct);
    }

    /// <summary>
    /// Deleted records the user may edit, merged-away ones included: those come back as they were before the merge, and
    /// what the merge moved to the record kept stays there (<see cref="RestoreAsync"/> also asks that the user may edit
    /// the record kept).
    /// </summary>
    public IQueryable<T> RestorableRecords(Data.CrmDbContext db, CrmUser user) =>
        db.Set<T>().IgnoreQueryFilters().EditableBy(user).Where(r => r.DeletedAt != null && r.DeletedWith == null);

    public override async Task<List<(ISoftDeletable Row, int Id, int DependsOn)>> DependentsAsync(
        Data.CrmDbContext db, CrmUser user, string parentKind, IReadOnlyCollection<int> parentIds, CancellationToken ct)
    {
        var keys = parentIds.Select(id => (int?)id).ToList();
        var found = new List<(ISoftDeletable, int, int)>();
        var live = db.Set<T>().DeletableBy(user);
        foreach (var name in Fields.Where(f => f.DeletedWithRecord && f.RecordKind == parentKind).Select(f => f.Name))
        {
            foreach (var row in await live.Where(r => keys.Contains(EF.Property<int?>(r, name))).ToListAsync(ct))
            {
                found.Add((row, row.Id, db.Entry(row).Property<int?>(name).CurrentValue!.Value));
            }
        }

        if (typeof(IRegarding).IsAssignableFrom(typeof(T)))
        {
            var regarding = await live
                .Where(r => EF.Property<string?>(r, nameof(IRegarding.RecordKind)) == parentKind && keys.Contains(EF.Property<int?>(r, nameof(IRegarding.RecordId))))
                .ToListAsync(ct);
            found.AddRange(regarding.Select(r => ((ISoftDeletable)r, r.Id, ((IRegarding)r).RecordId!.Value)));
        }

        return found;
    }

    public override async Task<List<ISoftDeletable>> DeletedWithAsync(Data.CrmDbContext db, IReadOnlyCollection<string> keys, CancellationToken ct) =>
        [.. await db.Set<T>().IgnoreQueryFilters().Where(r => r.DeletedAt != null && r.DeletedWith != null && keys.Contains(r.DeletedWith)).ToListAsync(ct)];

    public override Task<List<int>> DeletedBeforeAsync(Data.CrmDbContext db, DateTime before, int take, CancellationToken ct) =>
        db.Set<T>().IgnoreQueryFilters().Where(r => r.DeletedAt != null && r.DeletedAt < before && r.DeletedWith == null)
            .OrderBy(r => r.DeletedAt).ThenBy(r => r.Id).Select(r => r.Id).Take(take).ToListAsync(ct);

    public override async Task<Dictionary<string, (int Count, List<RecordSummary> First)>> WentWithAsync(
        Data.CrmDbContext db, CrmUser user, IReadOnlyCollection<string> keys, int take, CancellationToken ct)
    {
        var counts = await db.Set<T>().IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.DeletedAt != null && r.DeletedWith != null && keys.Contains(r.DeletedWith))
            .GroupBy(r => r.DeletedWith!).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var went = new Dictionary<string, (int, List<RecordSummary>)>();
        foreach (var count in counts)
        {
            var key = count.Key;
            var first = await db.Set<T>().IgnoreQueryFilters().AsNoTracking().EditableBy(user)
                .Where(r => r.DeletedAt != null && r.DeletedWith == key).OrderBy(r => r.Id).Take(take).Select(Summary).ToListAsync(ct);
            went[key] = (count.Count, first);
        }

        return went;
    }

    public override Task<List<int>> IdsDeletedWithAsync(Data.CrmDbContext db, IReadOnlyCollection<string> keys, CancellationToken ct) =>
        db.Set<T>().IgnoreQueryFilters().Where(r => r.DeletedAt != null && r.DeletedWith != null && keys.Contains(r.DeletedWith)).Select(r => r.Id).ToListAsync(ct);

    public override Task<List<int>> ExistingAsync(Data.CrmDbContext db, IReadOnlyCollection<int> ids, CancellationToken ct) =>
        db.Set<T>().IgnoreQueryFilters().Where(r => ids.Contains(r.Id)).Select(r => r.Id).ToListAsync(ct);

    // A row restored meanwhile is no longer in the bin, and stays.
    public override Task<int> DeleteForGoodAsync(Data.CrmDbContext db, IReadOnlyCollection<int> ids, CancellationToken ct) =>
        db.Set<T>().IgnoreQueryFilters().Where(r => r.DeletedAt != null && ids.Contains(r.Id)).ExecuteDeleteAsync(ct);
}
