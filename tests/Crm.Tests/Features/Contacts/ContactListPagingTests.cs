using Crm.Tests.Features.Shared;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Contacts;

public sealed class ContactListPagingTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private const string Details = "/Contacts/Details/";
    private const int Total = 60;

    private async Task<HttpClient> SeededAsync()
    {
        await app.WithDbAsync(async db =>
        {
            if (await db.Contacts.AnyAsync())
            {
                return;
            }

            // Repeated names, creation dates and activity dates force the id tie-breaker; a third have no activity.
            var start = new DateTime(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < Total; i++)
            {
                db.Contacts.Add(new Contact
                {
                    FirstName = $"P{i % 7}",
                    LastName = (i % 5) switch { 0 => "Martin", 1 => "Bernard", 2 => "Élie", 3 => "Dubois", _ => "Zola" },
                    CreatedAt = start.AddDays(i % 4),
                    LastActivityAt = i % 3 == 0 ? null : start.AddDays(i % 6),
                });
            }

            await db.SaveChangesAsync();
        });
        return await app.SignInAsync();
    }

    /// <summary>Follows the Next links from the first page to the end.</summary>
    private static async Task<List<int>> WalkAsync(HttpClient client, string query)
    {
        var seen = new List<int>();
        var url = "/Contacts" + query;
        for (var guard = 0; guard < 20 && url is not null; guard++)
        {
            var html = await client.GetHtmlAsync(url);
            seen.AddRange(ListTestData.RowIds(html, Details));
            url = ListTestData.Href(html, "a[data-testid=next-page]");
        }

        return seen;
    }

    [Theory]
    [InlineData("?size=25", "name")]
    [InlineData("?size=25&sort=name&dir=desc", "name-desc")]
    [InlineData("?size=25&sort=created", "created-desc")]
    [InlineData("?size=25&sort=created&dir=asc", "created")]
    [InlineData("?size=25&sort=activity", "activity-desc")]
    [InlineData("?size=25&sort=activity&dir=asc", "activity")]
    public async Task Next_pages_continue_where_the_last_one_ended_without_duplicates_or_gaps(string query, string order)
    {
        var client = await SeededAsync();
        var never = DateTime.MinValue;
        var expected = await app.WithDbAsync(db =>
        {
            var all = db.Contacts.AsNoTracking();
            return (order switch
            {
                "name" => all.OrderBy(c => c.SortName).ThenBy(c => c.Id),
                "name-desc" => all.OrderByDescending(c => c.SortName).ThenByDescending(c => c.Id),
                "created" => all.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
                "created-desc" => all.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id),
                "activity" => all.OrderBy(c => c.LastActivityAt ?? never).ThenBy(c => c.Id),
                _ => all.OrderByDescending(c => c.LastActivityAt ?? never).ThenByDescending(c => c.Id),
            }).Select(c => c.Id).ToListAsync();
        });

        var walked = await WalkAsync(client, query);

        Assert.Equal(Total, walked.Distinct().Count());
        Assert.Equal(expected, walked);
    }

    [Fact]
    public async Task The_page_size_can_be_chosen()
    {
        var client = await SeededAsync();
        Assert.Equal(50, (await client.RowIdsAsync("/Contacts?size=50", Details)).Count);
        Assert.Equal(Total, (await client.RowIdsAsync("/Contacts?size=100", Details)).Count);
        Assert.Equal(25, (await client.RowIdsAsync("/Contacts?size=1000", Details)).Count);
    }

    [Fact]
    public async Task A_later_page_offers_the_way_back_to_the_first_page()
    {
        var client = await SeededAsync();
        var first = await client.GetHtmlAsync("/Contacts?size=25");
        Assert.DoesNotContain("First page", first, StringComparison.Ordinal);
        var second = await client.GetHtmlAsync(ListTestData.Href(first, "a[data-testid=next-page]")!);
        Assert.Contains("First page", second, StringComparison.Ordinal);
        Assert.Contains("data-crm-back", second, StringComparison.Ordinal);
        var last = await client.GetHtmlAsync("/Contacts?size=25&page=3");
        Assert.Null(ListTestData.Href(last, "a[data-testid=next-page]"));
    }
}
