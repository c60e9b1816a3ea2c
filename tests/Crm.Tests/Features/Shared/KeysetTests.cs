using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Shared;

public sealed class KeysetTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private async Task SeedAsync()
    {
        await app.WithDbAsync(async db =>
        {
            if (await db.Contacts.AnyAsync())
            {
                return;
            }

            // Equal names force the id tie-breaker; equal dates too.
            var names = new[] { "Martin", "Martin", "Bernard", "Dubois", "Éloïse", "Zola", "Martin", "Abel", "Dubois", "Petit", "Roux" };
            var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < names.Length; i++)
            {
                db.Contacts.Add(new Contact { FirstName = $"P{i}", LastName = names[i], CreatedAt = start.AddDays(i % 3) });
            }

            await db.SaveChangesAsync();
        });
    }

    private async Task<List<int>> WalkAsync<TKey>(System.Linq.Expressions.Expression<Func<Contact, TKey>> key, Func<Contact, TKey> read, bool descending)
    {
        var seen = new List<int>();
        Cursor? cursor = null;
        for (var guard = 0; guard < 20; guard++)
        {
            var page = await app.WithDbAsync(db => db.Contacts.AsNoTracking().Seek(key, c => c.Id, descending, cursor).Take(3).ToListAsync());
            if (page.Count == 0)
            {
                break;
            }

            seen.AddRange(page.Select(c => c.Id));
            var last = page[^1];
            cursor = Cursor.Decode(Cursor.For(read(last), last.Id).Encode());
        }

        return seen;
    }

    [Fact]
    public async Task Paging_by_name_visits_every_row_once_in_order()
    {
        await SeedAsync();
        var expected = await app.WithDbAsync(db => db.Contacts.OrderBy(c => c.SortName).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync());
        var walked = await WalkAsync(c => c.SortName, c => c.SortName, descending: false);
        Assert.Equal(expected, walked);
    }

    [Fact]
    public async Task Paging_by_creation_date_descending_visits_every_row_once_in_order()
    {
        await SeedAsync();
        var expected = await app.WithDbAsync(db => db.Contacts.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Select(c => c.Id).ToListAsync());
        var walked = await WalkAsync(c => c.CreatedAt, c => c.CreatedAt, descending: true);
        Assert.Equal(expected, walked);
    }

    [Fact]
    public void A_tampered_cursor_is_ignored()
    {
        Assert.Null(Cursor.Decode("not-base64!!"));
        var bad = new Cursor("not-a-number", 5);
        Assert.False(bad.TryKeyAs<DateTime>(out _));
    }
}
