using Crm.Web.Infrastructure.Data;

namespace Crm.Web.Infrastructure.Search;

/// <summary>The prepared INSERT of <see cref="SearchWord"/> rows for the bulk paths (imports, demo seeding, backfill), which bypass the save interceptor.</summary>
public sealed class SearchWordTable
{
    private readonly BulkTable _table;

    private SearchWordTable(BulkTable table) => _table = table;

    public static SearchWordTable Open(BulkWriter writer) =>
        new(writer.Table<SearchWord>(returnsId: false, nameof(SearchWord.Kind), nameof(SearchWord.RecordId), nameof(SearchWord.Word)));

    /// <summary>Writes the words of a record whose id is set; returns how many rows it wrote.</summary>
    public async Task<int> WriteAsync<T>(T record, CancellationToken ct) where T : IWordIndexed
    {
        var rows = 0;
        foreach (var word in SearchWords.Of(record.WordSources()))
        {
            await _table.ExecuteAsync(ct, T.WordKind, record.Id, word);
            rows++;
        }

        return rows;
    }
}
