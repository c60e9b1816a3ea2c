using System.Diagnostics;
using System.Reflection;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Infrastructure.Search;

/// <summary>
/// At start, writes the words of records that have none: every record of a database upgraded from before the word
/// index, and any record whose words a failed save left out. Idempotent (only records without words are read),
/// batched (one transaction per batch), logged. Records with no word at all (no name) are read again at each
/// start, which costs an index probe each.
/// </summary>
public sealed class SearchWordBackfill(CrmDbContext db, ILogger<SearchWordBackfill> logger)
{
    public const int BatchSize = 5_000;

    private static readonly MethodInfo FillMethod = typeof(SearchWordBackfill).GetMethod(nameof(FillAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

    public async Task RunAsync(CancellationToken ct = default)
    {
        foreach (var type in db.Model.GetEntityTypes().Select(t => t.ClrType).Where(t => SearchWords.KindOf(t) is not null).Distinct())
        {
            await (Task)FillMethod.MakeGenericMethod(type).Invoke(this, [ct])!;
        }
    }

    private async Task FillAsync<T>(CancellationToken ct) where T : class, IWordIndexed
    {
        var kind = T.WordKind;
        var watch = Stopwatch.StartNew();
        var filled = 0;
        var lastId = 0;
        while (true)
        {
            var batch = await db.Set<T>().IgnoreQueryFilters().AsNoTracking()
                .Where(r => r.Id > lastId && !db.SearchWords.Any(w => w.Kind == kind && w.RecordId == r.Id))
                .OrderBy(r => r.Id).Take(BatchSize).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }

            await using (var writer = await BulkWriter.OpenAsync(db, ct))
            {
                var words = SearchWordTable.Open(writer);
                foreach (var record in batch)
                {
                    await words.WriteAsync(record, ct);
                }

                await words.FlushAsync(ct);
                await writer.CompleteAsync(ct);
            }

            lastId = batch[^1].Id;
            filled += batch.Count;
            logger.LogInformation("Search words: indexed {Count} {Kind} records so far", filled, kind);
        }

        if (filled > 0)
        {
            logger.LogInformation("Search words: indexed the names of {Count} {Kind} records in {Elapsed:0.0} s", filled, kind, watch.Elapsed.TotalSeconds);
        }
    }
}
