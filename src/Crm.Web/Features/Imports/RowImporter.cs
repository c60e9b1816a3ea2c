using Crm.Web.Infrastructure.Records;

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
    /// <summary>The parsed values (a <see cref="ParsedContact"/> or <see cref="ParsedCompany"/>), null when the row could not be read.</summary>
    public object? Parsed { get; init; }

    internal object? State { get; init; }
}

/// <summary>Counts of one batch, added to the job row in the batch's transaction.</summary>
public sealed class BatchCounts
{
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Skipped { get; set; }
    public int Errors { get; set; }
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
/// companies) is loaded once into dictionaries, so a row costs no query; records created by earlier rows are added
/// to them, so a file that repeats a person is handled like a duplicate of the database.
/// </summary>
public interface IRowImporter
{
    Task LoadAsync(CrmUser user, DuplicateHandling duplicates, CancellationToken ct);

    /// <summary>What would happen to the row, without changing anything.</summary>
    RowPlan Plan(SourceRow row);

    /// <summary>Plans and applies a batch (updates to the tracked context); the caller saves, calls <see cref="WriteCreatedAsync"/> and commits.</summary>
    Task ApplyBatchAsync(IReadOnlyList<SourceRow> rows, BatchCounts counts, CancellationToken ct);

    /// <summary>Inserts what the batch creates outside change tracking; called after SaveChanges, in the batch's transaction.</summary>
    Task WriteCreatedAsync(CancellationToken ct);

    /// <summary>After the batch's commit: records created in it are known by id from now on.</summary>
    void BatchCommitted();

    /// <summary>After a failed batch: forgets what it added to the lookups.</summary>
    void BatchRolledBack();
}

/// <summary>A record the import knows: saved (by id) or created in the current batch (by entity, id not yet assigned).</summary>
public sealed class KnownRecord<T>(int id, T? entity, bool editable)
    where T : class
{
    public int Id { get; set; } = id;
    public T? Entity { get; set; } = entity;
    public bool Editable { get; } = editable;
}

/// <summary>Lookups keyed by normalised values, remembering what the current batch added so a rollback can undo it.</summary>
public sealed class Lookup<T>
    where T : class
{
    private readonly Dictionary<string, KnownRecord<T>> _map = new(StringComparer.Ordinal);
    private readonly List<string> _addedInBatch = [];

    public int Count => _map.Count;

    public KnownRecord<T>? Find(string? key) => key is { Length: > 0 } && _map.TryGetValue(key, out var found) ? found : null;

    /// <summary>Adds a key loaded from the database (first one wins).</summary>
    public void Load(string? key, KnownRecord<T> record)
    {
        if (key is { Length: > 0 })
        {
            _map.TryAdd(key, record);
        }
    }

    public void Register(string? key, KnownRecord<T> record)
    {
        if (key is { Length: > 0 } && _map.TryAdd(key, record))
        {
            _addedInBatch.Add(key);
        }
    }

    public void Committed() => _addedInBatch.Clear();

    public void RolledBack()
    {
        foreach (var key in _addedInBatch)
        {
            _map.Remove(key);
        }

        _addedInBatch.Clear();
    }
}

/// <summary>Owner and team of a record, for <see cref="RecordAccess.CanEdit"/> on projected rows.</summary>
public sealed record OwnedStub(string? OwnerId, int? TeamId) : IOwned;

/// <summary>A user an Owner column may name.</summary>
public sealed record ImportOwner(string Id, int? TeamId);
