using System.Globalization;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Imports;

public enum RowAction
{
    Create,
    Update,
    Skip,
    Error,
}

/// <summary>What the import does with one row, and why: the preview shows it, the job carries it out.</summary>
public sealed record RowPlan(SourceRow Row, RowAction Action, IReadOnlyList<string> Errors, int? MatchId = null, string? MatchReason = null)
{
    /// <summary>The row matches a record by name alone: it is created, and listed for review on the duplicates page.</summary>
    public bool Possible { get; init; }

    /// <summary>The earlier row of the same file that this row repeats.</summary>
    public int? SameAsRow { get; init; }

    /// <summary>The row's values as the preview shows them, in the order of the kind's <see cref="RecordImport.PreviewHeaders"/>.</summary>
    public IReadOnlyList<string?> Values { get => _values ??= ValuesOf?.Invoke() ?? []; init => _values = value; }

    private IReadOnlyList<string?>? _values;

    /// <summary>Computes <see cref="Values"/> when read: the preview shows only its first rows, the job none.</summary>
    internal Func<IReadOnlyList<string?>>? ValuesOf { get; init; }

    internal object? State { get; init; }
}

/// <summary>Counts of one batch, added to the job row in the batch's transaction.</summary>
public sealed class BatchCounts
{
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Skipped { get; set; }
    public int Errors { get; set; }

    /// <summary>Rows created although a record has the same name (possible duplicates, to review).</summary>
    public int Possible { get; set; }

    public List<(int Row, string Reason)> ErrorRows { get; } = [];

    public void Add(RowAction action)
    {
        switch (action)
        {
            case RowAction.Create: Created++; break;
            case RowAction.Update: Updated++; break;
            case RowAction.Skip: Skipped++; break;
            case RowAction.Error: Errors++; break;
        }
    }
}

/// <summary>
/// Imports rows of one kind of record. Everything an import matches against (existing emails, phones, names, tags,
/// companies) is loaded once into dictionaries, so a row costs no query; records created or updated by earlier rows
/// are added to them, so a row that repeats an earlier row of the file is known as such.
/// </summary>
public interface IRowImporter
{
    Task LoadAsync(CrmUser user, DuplicateHandling duplicates, CancellationToken ct);

    /// <summary>
    /// The one decision of what happens to a row, for the preview and the job alike: rows must come in file order, and
    /// the row's record is remembered (not written) so that later rows are matched against it.
    /// </summary>
    RowPlan Plan(SourceRow row);

    /// <summary>Plans and applies a batch (updates to the tracked context); the caller saves, calls <see cref="WriteCreatedAsync"/> and commits.</summary>
    Task ApplyBatchAsync(IReadOnlyList<SourceRow> rows, BatchCounts counts, CancellationToken ct);

    /// <summary>Inserts what the batch creates outside change tracking; called after SaveChanges, in the batch's transaction.</summary>
    Task WriteCreatedAsync(CancellationToken ct);

    /// <summary>Writes the batch's custom field values, once its records have ids; in the batch's transaction.</summary>
    Task WriteCustomValuesAsync(CancellationToken ct);

    /// <summary>After the batch's commit: records created in it are known by id from now on.</summary>
    void BatchCommitted();

    /// <summary>After a failed batch: forgets what it added to the lookups.</summary>
    void BatchRolledBack();

    /// <summary>From now on, keeps the ids of the records committed batches create or update (<see cref="Written"/>).</summary>
    void KeepWrittenIds();

    /// <summary>The ids of the records created or updated by the batches committed since <see cref="KeepWrittenIds"/>.</summary>
    IReadOnlyCollection<int> Written { get; }
}

/// <summary>A record the import knows: saved (by id) or created in the current batch (by entity, id not yet assigned).</summary>
public sealed class KnownRecord<T>(int id, T? entity, bool editable)
    where T : class
{
    public int Id { get; set; } = id;
    public T? Entity { get; set; } = entity;
    public bool Editable { get; } = editable;

    /// <summary>The row of the file being imported that created or updated the record; a later row matching it repeats that row.</summary>
    public int? FileRow { get; set; }
}

/// <summary>
/// The record a row matches, and why in the user's words. A matching email, phone or identifier decides a duplicate;
/// a <paramref name="Possible"/> match (a name alone) never does: the row is created, and the pair left for review.
/// </summary>
public sealed record RecordMatch<T>(KnownRecord<T> Record, string Reason, bool Possible = false)
    where T : class;

/// <summary>Something the importer fills as rows go, and empties of what a failed batch added.</summary>
public interface IBatchLookup
{
    void Committed();

    void RolledBack();
}

/// <summary>
/// Values keyed by normalised text (emails, SIRETs, names), remembering what the current batch added so a rollback can
/// undo it. A key may hold several values; <see cref="Find"/> answers the first, loaded before registered.
/// </summary>
public sealed class Lookup<TValue> : IBatchLookup
{
    // Most keys hold one value (an email, a SIRET): the first is kept apart, so 100k keys cost no list each.
    private readonly Dictionary<string, TValue> _first = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TValue>> _more = new(StringComparer.Ordinal);
    private readonly List<(string Key, bool More)> _addedInBatch = [];

    public TValue? Find(string? key) => key is { Length: > 0 } && _first.TryGetValue(key, out var found) ? found : default;

    public IEnumerable<TValue> All(string? key)
    {
        if (key is not { Length: > 0 } || !_first.TryGetValue(key, out var first))
        {
            return [];
        }

        return _more.TryGetValue(key, out var more) ? more.Prepend(first) : [first];
    }

    /// <summary>Adds a value loaded from the database.</summary>
    public void Load(string? key, TValue value)
    {
        if (key is { Length: > 0 })
        {
            Add(key, value, alongside: true);
        }
    }

    /// <summary>Adds what the current batch creates or updates: only under a key that has no value yet, unless <paramref name="alongside"/>.</summary>
    public void Register(string? key, TValue value, bool alongside = false)
    {
        if (key is { Length: > 0 } && Add(key, value, alongside) is { } more)
        {
            _addedInBatch.Add((key, more));
        }
    }

    /// <summary>Where the value went: null when not added, true when beside the key's first value.</summary>
    private bool? Add(string key, TValue value, bool alongside)
    {
        if (_first.TryAdd(key, value))
        {
            return false;
        }

        if (!alongside)
        {
            return null;
        }

        if (!_more.TryGetValue(key, out var more))
        {
            _more[key] = more = [];
        }

        more.Add(value);
        return true;
    }

    public void Committed() => _addedInBatch.Clear();

    public void RolledBack()
    {
        foreach (var (key, more) in Enumerable.Reverse(_addedInBatch))
        {
            if (!more)
            {
                _first.Remove(key);
            }
            else
            {
                var values = _more[key];
                values.RemoveAt(values.Count - 1);
                if (values.Count == 0)
                {
                    _more.Remove(key);
                }
            }
        }

        _addedInBatch.Clear();
    }
}

/// <summary>Owner and team of a record, for <see cref="RecordAccess.CanEdit"/> on projected rows.</summary>
public sealed record OwnedStub(string? OwnerId, int? TeamId) : IOwned;

/// <summary>A user an Owner column may name.</summary>
public sealed record ImportOwner(string Id, int? TeamId);

/// <summary>
/// What every kind's import shares: the batch loop, the planning of a row (its errors, its match, what to do with a
/// duplicate), the owner and tags columns, updates of existing records the user may edit, and the lookups a failed batch
/// forgets. A kind's importer (in the kind's folder) adds only its own: reading its columns, loading and finding its
/// matches, and filling a record from a row.
/// </summary>
public abstract class RowImporter<T, TValues>(ImportContext context) : IRowImporter
    where T : class, IRecord<T>, IAssignable, ITaggable
    where TValues : class
{
    protected CrmDbContext Db => context.Db;
    protected IStringLocalizer L => context.L;
    protected ImportRowParser Parser => context.Parser;
    protected ImportContext Context => context;
    protected CrmUser User { get; private set; } = null!;

    private DuplicateHandling _duplicates;
    private readonly Lookup<KnownRecord<Tag>> _tags = new();
    private readonly Dictionary<string, ImportOwner?> _owners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int?> _teams = new(StringComparer.Ordinal);
    private readonly Dictionary<int, (KnownRecord<T> Record, string NameKey)> _byId = [];
    private readonly List<Action> _onCommit = [];
    private readonly List<KnownRecord<T>> _updatedInBatch = [];
    private HashSet<int>? _written;

    private static readonly RecordField? TagsField = T.Kind.Import?.Find(ImportField.TagsKey)?.Field is { } name ? T.Kind.Fields[name] : null;

    /// <summary>A row to write: <paramref name="Target"/> is the record it creates (its entity set when written) or updates.</summary>
    private sealed record Planned(TValues Values, ImportOwner Owner, bool Assigns, IReadOnlyList<string> Tags, KnownRecord<T> Target)
    {
        /// <summary>The row names the owner (not only the team).</summary>
        public bool NamesOwnerUser { get; init; }

        /// <summary>The row's custom field values, by field id (only the non-empty mapped ones).</summary>
        public IReadOnlyDictionary<int, IReadOnlyList<CustomFields.StoredValue>> Custom { get; init; } = new Dictionary<int, IReadOnlyList<CustomFields.StoredValue>>();
    }

    private readonly CustomFields.CustomFieldImport _custom = new();

    /// <summary>The key a row's name is compared with to confirm an id (<see cref="ImportField.Id"/>): the normalised last name or company name.</summary>
    protected abstract string NameKey(TValues values);

    /// <summary>Reads the kind's columns of the row, adding what is wrong with them to <paramref name="errors"/>.</summary>
    protected abstract TValues Parse(SourceRow row, List<string> errors);

    /// <summary>Loads what rows are matched against, from the records the user may see.</summary>
    protected abstract Task LoadMatchesAsync(IQueryable<T> visible, CancellationToken ct);

    /// <summary>The record the row duplicates or possibly duplicates, and why; null when none.</summary>
    protected abstract RecordMatch<T>? FindMatch(TValues values);

    /// <summary>Makes the lookups know the record under the row's keys (<paramref name="created"/>: the row creates it).</summary>
    protected abstract void Register(KnownRecord<T> record, TValues values, bool created);

    /// <summary>A new record from the row, owned by <paramref name="owner"/>; its tags are added after.</summary>
    protected abstract T Create(TValues values, ImportOwner owner);

    /// <summary>Fills a record with the row's non-empty values; what a record holds several of is added, never removed.</summary>
    protected abstract void Update(T record, TValues values, ImportOwner owner);

    /// <summary>The preview's values of the row, in the order of the kind's preview headers.</summary>
    protected abstract IReadOnlyList<string?> PreviewValues(TValues values);

    /// <summary>The records to update, with what <see cref="Update"/> reads of them.</summary>
    protected abstract IQueryable<T> ForUpdate(IQueryable<T> records);

    /// <summary>Keeps a record the batch creates; EF saves it with the batch unless the kind writes its own (<see cref="WriteCreatedAsync"/>).</summary>
    protected virtual void Add(T record) => Db.Set<T>().Add(record);

    public virtual Task WriteCreatedAsync(CancellationToken ct) => Task.CompletedTask;

    public Task WriteCustomValuesAsync(CancellationToken ct) => _custom.WriteAsync(Db, T.Kind, Context.Changes, User.Id, Context.Clock.GetUtcNow().UtcDateTime, ct);

    /// <summary>The kind's lookups, which forget what a failed batch added to them.</summary>
    protected abstract IEnumerable<IBatchLookup> Lookups { get; }

    /// <summary>
    /// A record the user may see, known by id, editable when the kind's rule lets the user change it; a row naming its
    /// id with the same <paramref name="nameKey"/> is that record.
    /// </summary>
    protected KnownRecord<T> Known(int id, string? ownerId, int? teamId, string nameKey)
    {
        var record = new KnownRecord<T>(id, null, User.CanEdit<T>(new OwnedStub(ownerId, teamId)));
        _byId[id] = (record, nameKey);
        return record;
    }

    public async Task LoadAsync(CrmUser user, DuplicateHandling duplicates, CancellationToken ct)
    {
        User = user;
        _duplicates = duplicates;
        await foreach (var tag in Db.Tags.AsNoTracking().Select(t => new { t.Id, t.NameKey }).AsAsyncEnumerable().WithCancellation(ct))
        {
            _tags.Load(tag.NameKey, new KnownRecord<Tag>(tag.Id, null, true));
        }

        if (Parser.Maps(ImportField.OwnerKey))
        {
            var owners = await Db.Users.AsNoTracking().Where(u => u.IsActive && u.Email != null)
                .Select(u => new { u.Id, u.Email, u.DisplayName, u.TeamId }).ToListAsync(ct);
            foreach (var owner in owners)
            {
                _owners[SearchKey.NormalizeEmail(owner.Email)] = new ImportOwner(owner.Id, owner.TeamId);
            }

            // Crm's export names owners by display name; a name two users share names nobody (the row then says so).
            foreach (var byName in owners.Where(o => !string.IsNullOrWhiteSpace(o.DisplayName)).GroupBy(o => SearchKey.Normalize(o.DisplayName)))
            {
                _owners.TryAdd(byName.Key, byName.Count() == 1 ? new ImportOwner(byName.First().Id, byName.First().TeamId) : null);
            }
        }

        if (Parser.Maps(ImportField.TeamKey))
        {
            // A name two teams share names neither (the row then says so).
            foreach (var byName in (await Db.Teams.AsNoTracking().Select(t => new { t.Id, t.Name }).ToListAsync(ct)).GroupBy(t => SearchKey.Normalize(t.Name)))
            {
                _teams[byName.Key] = byName.Count() == 1 ? byName.First().Id : null;
            }
        }

        await LoadMatchesAsync(Db.Set<T>().AsNoTracking().VisibleTo(user), ct);
        await _custom.LoadAsync(Db, T.Kind.Key, Parser.Maps, Parser.Keys, ct);
    }

    public RowPlan Plan(SourceRow row)
    {
        var errors = new List<string>();
        var values = Parse(row, errors);
        var ownerEmail = Parser.Get(row, ImportField.OwnerKey);

        // Google Contacts names its system groups ("* myContacts", "* starred") with a leading "* ": they are not tags.
        var tags = ImportRowParser.SplitList(Parser.Get(row, ImportField.TagsKey), ',', ';').Where(t => !t.StartsWith("* ", StringComparison.Ordinal)).ToList();
        if (TagsField is { } tagsField)
        {
            tags.ForEach(t => Parser.Length(errors, tagsField, t));
        }

        var owner = ResolveOwner(ownerEmail, errors);
        var teamName = Parser.Get(row, ImportField.TeamKey);
        if (teamName is not null && ResolveTeam(teamName, errors) is int teamId && owner is not null)
        {
            owner = owner with { TeamId = teamId };
        }

        var custom = _custom.Any ? _custom.Parse(field => Parser.Get(row, field), errors, L) : CustomFields.CustomFieldImport.NoValues;
        if (errors.Count > 0)
        {
            return new RowPlan(row, RowAction.Error, errors) { ValuesOf = () => PreviewValues(values) };
        }

        var match = ById(row, values) ?? FindMatch(values);
        var decided = match is { Possible: false } ? match.Record : null;
        var earlier = decided?.FileRow;
        var action = decided is null || _duplicates == DuplicateHandling.Create ? RowAction.Create
            : earlier is not null ? RowAction.Skip // a repeated row neither updates twice nor overwrites what the file created
            : _duplicates == DuplicateHandling.Update && decided.Editable ? RowAction.Update
            : RowAction.Skip;

        var target = action switch
        {
            RowAction.Create => new KnownRecord<T>(0, null, true),
            RowAction.Update => decided!,
            _ => null,
        };
        if (target is not null)
        {
            // Remembered at once, not when written: the preview decides over the whole file exactly as the job does.
            if (action == RowAction.Update)
            {
                _updatedInBatch.Add(target);
            }

            target.FileRow = row.Number;
            Register(target, values, created: action == RowAction.Create);
        }

        var reason = earlier is int n && match is not null
            ? string.Format(CultureInfo.CurrentCulture, L["Repeats row {0} of the file ({1})"], n, match.Reason)
            : match?.Reason;
        return new RowPlan(row, action, [], match is { Record.Id: > 0 } ? match.Record.Id : null, reason)
        {
            Possible = match is { Possible: true },
            SameAsRow = earlier,
            ValuesOf = () => PreviewValues(values),
            State = target is null ? null : new Planned(values, owner!, ownerEmail is not null || teamName is not null, tags, target) { Custom = custom, NamesOwnerUser = ownerEmail is not null },
        };
    }

    public async Task ApplyBatchAsync(IReadOnlyList<SourceRow> rows, BatchCounts counts, CancellationToken ct)
    {
        var updates = new List<Planned>();
        foreach (var row in rows)
        {
            var plan = Plan(row);
            var planned = (Planned?)plan.State;
            switch (plan.Action)
            {
                case RowAction.Error:
                    counts.ErrorRows.Add((row.Number, string.Join(" ", plan.Errors)));
                    break;
                case RowAction.Create:
                    CreateFrom(planned!);
                    counts.Possible += plan.Possible ? 1 : 0;
                    break;
                case RowAction.Update:
                    updates.Add(planned!);
                    continue;
            }

            counts.Add(plan.Action);
        }

        if (updates.Count == 0)
        {
            return;
        }

        var ids = updates.Select(u => u.Target.Id).Distinct().ToList();
        var loaded = await ForUpdate(Db.Set<T>()).Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        foreach (var planned in updates)
        {
            if (loaded.TryGetValue(planned.Target.Id, out var record) && User.CanEdit<T>(record))
            {
                UpdateFrom(record, planned);
                _custom.Add(() => planned.Target.Id, planned.Custom, created: false);
                counts.Updated++;
                if (_written is { } written)
                {
                    var id = record.Id;
                    AfterCommit(() => written.Add(id));
                }
            }
            else
            {
                counts.Skipped++;
            }
        }
    }

    private void CreateFrom(Planned planned)
    {
        var record = Create(planned.Values, planned.Owner);
        AddTags(record, planned.Tags);
        Add(record);
        var known = planned.Target;
        known.Entity = record;
        _custom.Add(() => record.Id, planned.Custom, created: true);
        AfterCommit(() => { known.Id = record.Id; known.Entity = null; _written?.Add(record.Id); });
    }

    private void UpdateFrom(T record, Planned planned)
    {
        Update(record, planned.Values, planned.Owner);
        if (planned.Assigns)
        {
            // A row that names only the team keeps the record's owner.
            record.AssignTo(planned.NamesOwnerUser ? planned.Owner.Id : record.OwnerId, planned.Owner.TeamId);
        }

        AddTags(record, planned.Tags);
    }

    /// <summary>The record whose id the row names, when the row also has its name (a Crm export re-imported).</summary>
    private RecordMatch<T>? ById(SourceRow row, TValues values) =>
        Parser.Get(row, ImportField.IdKey) is { } text
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
        && _byId.TryGetValue(id, out var known) && known.NameKey.Length > 0 && known.NameKey == NameKey(values)
            ? new RecordMatch<T>(known.Record, L["Same id and name"])
            : null;

    /// <summary>The owner a row names, or the importing user; adds an error when the row names someone the user may not assign to.</summary>
    private ImportOwner? ResolveOwner(string? ownerEmail, List<string> errors)
    {
        if (ownerEmail is null)
        {
            return new ImportOwner(User.Id, User.TeamId);
        }

        var key = ImportRowParser.IsEmail(ownerEmail) ? SearchKey.NormalizeEmail(ownerEmail) : SearchKey.Normalize(ownerEmail);
        if (!_owners.TryGetValue(key, out var owner) || owner is null)
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, L["No active user has the email or the name \"{0}\"."], ownerEmail));
            return null;
        }

        // Sales users hand records only to themselves or their team, as on the edit form.
        if (User.Access(T.Kind).EditScope(User) != AccessScope.All && owner.Id != User.Id && (User.TeamId is null || owner.TeamId != User.TeamId))
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, L["You may assign records only to yourself or your team (\"{0}\")."], ownerEmail));
            return null;
        }

        return owner;
    }

    /// <summary>The team a row names, by name; adds an error when no team has it, or when the user may not give records to it.</summary>
    private int? ResolveTeam(string name, List<string> errors)
    {
        if (!_teams.TryGetValue(SearchKey.Normalize(name), out var team) || team is not int id)
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, L["No team is named \"{0}\"."], name));
            return null;
        }

        if (User.Access(T.Kind).EditScope(User) != AccessScope.All && !User.Teams.Contains(id))
        {
            errors.Add(string.Format(CultureInfo.CurrentCulture, L["You may give records only to your own team (\"{0}\")."], name));
            return null;
        }

        return id;
    }

    private void AddTags(T record, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            var tag = TagFor(name);
            if (tag.Entity is { } pending)
            {
                if (!record.HasTag(pending))
                {
                    record.AddTag(pending);
                }
            }
            else if (!record.HasTag(tag.Id))
            {
                record.AddTag(tag.Id);
            }
        }
    }

    /// <summary>The tag of that name, created in this batch if no tag has it yet.</summary>
    private KnownRecord<Tag> TagFor(string name)
    {
        var key = SearchKey.Normalize(name);
        if (_tags.Find(key) is { } known)
        {
            return known;
        }

        var tag = Tag.Create(name);
        Db.Tags.Add(tag);
        var record = new KnownRecord<Tag>(0, tag, true);
        _tags.Register(key, record);
        AfterCommit(() => { record.Id = tag.Id; record.Entity = null; });
        return record;
    }

    public void KeepWrittenIds() => _written ??= [];

    public IReadOnlyCollection<int> Written => (IReadOnlyCollection<int>?)_written ?? [];

    /// <summary>Runs when the batch commits: records created in it drop their entity and keep their id.</summary>
    protected void AfterCommit(Action action) => _onCommit.Add(action);

    public void BatchCommitted()
    {
        _onCommit.ForEach(a => a());
        _onCommit.Clear();
        _updatedInBatch.Clear();
        _tags.Committed();
        foreach (var lookup in Lookups)
        {
            lookup.Committed();
        }
    }

    public virtual void BatchRolledBack()
    {
        _onCommit.Clear();
        _custom.Clear();
        _updatedInBatch.ForEach(r => r.FileRow = null);
        _updatedInBatch.Clear();
        _tags.RolledBack();
        foreach (var lookup in Lookups)
        {
            lookup.RolledBack();
        }
    }
}
