namespace Crm.Web.Infrastructure.Search;

/// <summary>
/// A kind of record searchable by any word of its names. It declares its kind key (the <see cref="SearchWord.Kind"/>
/// of its words) and the values the words come from; the save interceptor, the bulk writers and the start-up
/// backfill keep <see cref="SearchWord"/> in step from this alone.
/// </summary>
public interface IWordIndexed
{
    static abstract string WordKind { get; }

    int Id { get; }

    /// <summary>The texts whose words are searchable (names, legal name); emails and phones keep their own prefix columns.</summary>
    IEnumerable<string?> WordSources();
}
