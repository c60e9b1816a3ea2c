using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;

namespace Crm.Web.Features.Search;

/// <summary>
/// Records the user may see that match a search, for the search box (a few of each kind) and the search page (more):
/// every registered kind with a search part, in the kinds' order, each with the same matching as its list's <c>q</c>.
/// </summary>
public sealed class SearchRecords(CrmDbContext db, RecordKinds kinds)
{
    public sealed record Hit(string Name, string? Subtitle, string Url);

    /// <summary>One kind's hits, and whether more match than were taken.</summary>
    public sealed record Group(RecordKind Kind, IReadOnlyList<Hit> Hits, bool More);

    public sealed record Results(IReadOnlyList<Group> Groups)
    {
        public bool Empty => Groups.All(g => g.Hits.Count == 0);
    }

    /// <summary>Every searched kind with no hits, so that pages still show each kind's heading.</summary>
    public Results None() => new(kinds.All.Where(k => k.Searched).Select(k => new Group(k, [], false)).ToList());

    public async Task<Results> Handle(string? query, CrmUser user, int take, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return None();
        }

        var groups = new List<Group>();
        foreach (var kind in kinds.All.Where(k => k.Searched))
        {
            // One query per kind, one after the other: a DbContext runs one command at a time.
            var (hits, more) = await kind.SearchAsync(db, user, query, take, ct);
            groups.Add(new Group(kind, hits.Select(h => new Hit(h.Name, h.DetailLine, kind.DetailsPath(h.Id))).ToList(), more));
        }

        return new Results(groups);
    }
}
