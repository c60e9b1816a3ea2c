using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Infrastructure.Search;

/// <summary>
/// How names become words and queries become terms. A word is a run of letters and digits of the normalised text
/// (<see cref="SearchKey.Normalize"/>): spaces, hyphens, apostrophes and any other punctuation split words, so
/// "d'Aubigné" gives "d" and "aubigne" and "Anne-Sophie" gives "anne" and "sophie". A name joined by hyphens or
/// apostrophes is also kept glued ("daubigne", "annesophie") for those who type it that way.
/// </summary>
public static class SearchWords
{
    /// <summary>More terms than this are ignored: a search is a few words, not a paragraph, and each term is a subquery.</summary>
    public const int MaxTerms = 6;

    private static readonly ConcurrentDictionary<Type, string> Kinds = new();
    private static readonly MethodInfo KindOfMethod = typeof(SearchWords).GetMethod(nameof(KindOf), 1, Type.EmptyTypes)!;

    public static string KindOf<T>() where T : IWordIndexed => T.WordKind;

    /// <summary>The kind key of an entity type that is <see cref="IWordIndexed"/>, or null.</summary>
    public static string? KindOf(Type type) =>
        typeof(IWordIndexed).IsAssignableFrom(type)
            ? Kinds.GetOrAdd(type, t => (string)KindOfMethod.MakeGenericMethod(t).Invoke(null, null)!)
            : null;

    /// <summary>The distinct words of the given texts.</summary>
    public static HashSet<string> Of(IEnumerable<string?> values)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            foreach (var chunk in SearchKey.Normalize(value).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = Split(chunk);
                foreach (var part in parts)
                {
                    words.Add(Cut(part));
                }

                if (parts.Count > 1)
                {
                    words.Add(Cut(string.Concat(parts)));
                }
            }
        }

        return words;
    }

    /// <summary>The distinct terms of a query, each to be matched as the prefix of some word of the record.</summary>
    public static IReadOnlyList<string> Terms(string? query)
    {
        var terms = new List<string>();
        foreach (var part in Split(SearchKey.Normalize(query)))
        {
            var term = Cut(part);
            if (!terms.Contains(term))
            {
                terms.Add(term);
            }
        }

        return terms.Count > MaxTerms ? terms[..MaxTerms] : terms;
    }

    /// <summary>
    /// The ids of records of kind <typeparamref name="T"/> with, for every term, a word starting with it. Each term
    /// is a prefix range on the (Kind, Word, RecordId) index; none matches when there is no term.
    /// </summary>
    public static IQueryable<int> RecordsMatching<T>(CrmDbContext db, IReadOnlyList<string> terms) where T : IWordIndexed
    {
        var kind = T.WordKind;
        if (terms.Count == 0)
        {
            return db.SearchWords.Where(w => false).Select(w => w.RecordId);
        }

        IQueryable<int>? ids = null;
        foreach (var term in terms)
        {
            var pattern = SearchKey.PrefixPattern(term);
            var matching = db.SearchWords
                .Where(w => w.Kind == kind && EF.Functions.Like(w.Word, pattern, SearchKey.LikeEscape))
                .Select(w => w.RecordId);
            ids = ids is null ? matching : ids.Intersect(matching);
        }

        return ids!;
    }

    /// <summary>The word rows of one record.</summary>
    public static IEnumerable<SearchWord> Rows(string kind, int recordId, IEnumerable<string?> sources) =>
        Of(sources).Select(word => new SearchWord { Kind = kind, RecordId = recordId, Word = word });

    private static List<string> Split(string normalized)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        foreach (var c in normalized)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            parts.Add(current.ToString());
        }

        return parts;
    }

    private static string Cut(string word) => word.Length > SearchWord.WordLength ? word[..SearchWord.WordLength] : word;
}
