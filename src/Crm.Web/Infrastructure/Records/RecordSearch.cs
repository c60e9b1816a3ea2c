using System.Linq.Expressions;

namespace Crm.Web.Infrastructure.Records;

/// <summary>
/// How the global search finds a kind's records: its matching (the same as its list's <c>q</c>), the order of its hits
/// and what a hit shows. The search page and the search box loop over the registered kinds that declare one.
/// </summary>
public sealed class RecordSearch<T>
    where T : class, IRecord<T>
{
    /// <summary>The records matching a query, on indexed keys (never a leading wildcard).</summary>
    public required Func<IQueryable<T>, Data.CrmDbContext, string, IQueryable<T>> Matching { get; init; }

    /// <summary>The hits' order (a normalised name key); ties go by id.</summary>
    public required Expression<Func<T, string>> Order { get; init; }

    /// <summary>A hit's name and detail parts as an expression EF translates; empty parts are dropped.</summary>
    public required Expression<Func<T, RecordSearchHit>> Hit { get; init; }
}

/// <summary>What a search hit shows: the record's name and a few details joined on one line.</summary>
public sealed class RecordSearchHit
{
    public int Id { get; init; }
    public string Name { get; init; } = string.Empty;
    public string? Detail1 { get; init; }
    public string? Detail2 { get; init; }
    public string? Detail3 { get; init; }

    public string DetailLine => string.Join(" · ", new[] { Detail1, Detail2, Detail3 }.Where(s => !string.IsNullOrWhiteSpace(s)));
}
