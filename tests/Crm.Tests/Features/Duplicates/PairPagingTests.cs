using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Duplicates;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;

namespace Crm.Tests.Features.Duplicates;

/// <summary>
/// Pages of pairs read in windows of first ids: whatever the window and batch sizes, walking the pages forwards or
/// backwards gives every pair once, in order, with refined-away pairs left out.
/// </summary>
public sealed class PairPagingTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private const string Marker = "PairPagingRow";

    [Theory]
    [InlineData(1, 200)]
    [InlineData(3, 2)]
    [InlineData(7, 3)]
    [InlineData(2048, 200)]
    [InlineData(2048, 2)]
    public async Task Pages_hold_every_pair_once_in_order_whatever_the_window(int firstWindow, int batchSize)
    {
        var ids = await ContactsAsync();
        // Each contact pairs with the next and the one after; every contact whose id is a multiple of 5 has its
        // "+2" pair refined away, and contacts whose id is a multiple of 4 hold no pair (a gap the windows cross).
        var expected = ids.Where(id => id % 4 != 0)
            .SelectMany(id => new[] { (First: id, Second: id + 1, Drop: false), (First: id, Second: id + 2, Drop: id % 5 == 0) })
            .Where(p => !p.Drop)
            .Select(p => $"{p.First}-{p.Second}")
            .ToList();

        var forwards = await WalkAsync(ids, firstWindow, batchSize, backwards: false);
        var backwards = await WalkAsync(ids, firstWindow, batchSize, backwards: true);

        Assert.Equal(expected, forwards);
        Assert.Equal(expected, backwards);
    }

    [Fact]
    public async Task A_kind_with_no_record_has_an_empty_page()
    {
        var page = await app.WithDbAsync(db => PairPaging.ReadAsync(
            (min, max) => Pairs(db, min, max), (rows, _) => Task.FromResult(rows), null, null, null, CancellationToken.None));

        Assert.Empty(page.Rows);
        Assert.Null(page.Next);
        Assert.Null(page.Previous);
    }

    private async Task<List<string>> WalkAsync(IReadOnlyList<int> ids, int firstWindow, int batchSize, bool backwards)
    {
        var seen = new List<List<string>>();
        PairCursor? after = null;
        PairCursor? before = backwards ? new PairCursor(int.MaxValue, int.MaxValue) : null;
        for (var guard = 0; guard < 100; guard++)
        {
            var page = await app.WithDbAsync(db => PairPaging.ReadAsync(
                (min, max) => Pairs(db, min, max),
                (rows, _) => Task.FromResult<IReadOnlyList<PairRow>>([.. rows.Where(r => !(r.SecondId - r.FirstId == 2 && r.FirstId % 5 == 0))]),
                (ids[0], ids[^1]), after, before, CancellationToken.None, pageSize: 4, firstWindow: firstWindow, batchSize: batchSize));
            Assert.True(page.Rows.Count <= 4);
            seen.Add([.. page.Rows.Select(r => $"{r.FirstId}-{r.SecondId}")]);
            if (backwards)
            {
                before = page.Previous;
                if (before is null)
                {
                    break;
                }
            }
            else
            {
                after = page.Next;
                if (after is null)
                {
                    break;
                }
            }
        }

        if (backwards)
        {
            seen.Reverse();
        }

        return [.. seen.SelectMany(p => p)];
    }

    /// <summary>Pairs made up from the marked contacts: (id, id + 1) and (id, id + 2) for ids not a multiple of 4.</summary>
    private static IQueryable<PairRow> Pairs(CrmDbContext db, int? min, int? max)
    {
        var contacts = db.Contacts.Where(c => c.LastName == Marker && c.Id % 4 != 0
            && (min == null || c.Id >= min) && (max == null || c.Id <= max));
        return contacts.Select(c => new PairRow { FirstId = c.Id, SecondId = c.Id + 1, Reasons = 1 })
            .Concat(contacts.Select(c => new PairRow { FirstId = c.Id, SecondId = c.Id + 2, Reasons = 2 }));
    }

    private Task<List<int>> ContactsAsync() =>
        app.WithDbAsync(async db =>
        {
            if (!db.Contacts.Any(c => c.LastName == Marker))
            {
                for (var i = 0; i < 40; i++)
                {
                    db.Contacts.Add(new Contact { FirstName = $"P{i}", LastName = Marker });
                }

                await db.SaveChangesAsync();
            }

            return db.Contacts.Where(c => c.LastName == Marker).OrderBy(c => c.Id).Select(c => c.Id).ToList();
        });
}
