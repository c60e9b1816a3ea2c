using System.Linq.Expressions;

namespace Crm.Web.Infrastructure.Records;

/// <summary>
/// How a kind finds its likely duplicates (its own match keys: emails, SIRET...), and what its pairs list shows. The
/// duplicates pages loop over the kinds that declare one and never name a kind.
/// </summary>
public sealed class RecordDuplicates<T>
    where T : class, IRecord<T>
{
    /// <summary>
    /// Every candidate pair among <c>visible</c> records (smaller id first, reasons as bit flags), on indexed self-joins,
    /// with the first id between the two bounds when given. Dismissed pairs are left out by the caller.
    /// </summary>
    public required Func<Data.CrmDbContext, IQueryable<T>, int?, int?, IQueryable<PairRow>> Candidates { get; init; }

    /// <summary>Drops or narrows reasons that only memory can confirm (similar first names); none by default.</summary>
    public Func<Data.CrmDbContext, IReadOnlyList<PairRow>, CancellationToken, Task<IReadOnlyList<PairRow>>>? Refine { get; init; }

    /// <summary>Each reason's flag and its English resource key, in the order the list shows them.</summary>
    public required IReadOnlyList<(int Flag, string Label)> Reasons { get; init; }

    /// <summary>What a pair shows of a record, as an expression EF translates; empty details are dropped.</summary>
    public required Expression<Func<T, DuplicateSide>> Side { get; init; }

    /// <summary>A Bootstrap icon for each of <see cref="DuplicateSide"/>'s details, in order (null: no icon).</summary>
    public required IReadOnlyList<string?> DetailIcons { get; init; }

    /// <summary>English resource keys of the list page: its title, what it lists, its empty state, and why a pair cannot be merged.</summary>
    public required string Title { get; init; }

    public required string Intro { get; init; }

    public required string Empty { get; init; }

    public required string CannotMerge { get; init; }
}

/// <summary>A record as a pairs list shows it.</summary>
public sealed class DuplicateSide : IOwned
{
    public int Id { get; init; }
    public string Name { get; init; } = string.Empty;
    public string? Detail1 { get; init; }
    public string? Detail2 { get; init; }
    public string? Detail3 { get; init; }
    public string? Detail4 { get; init; }
    public string? OwnerId { get; init; }
    public int? TeamId { get; init; }
    public DateTime CreatedAt { get; init; }

    public IReadOnlyList<string?> Details => [Detail1, Detail2, Detail3, Detail4];
}

/// <summary>A candidate pair as SQL finds it: the smaller id first, and the reasons as bit flags.</summary>
public sealed record PairRow
{
    public int FirstId { get; init; }
    public int SecondId { get; init; }
    public int Reasons { get; init; }
}
