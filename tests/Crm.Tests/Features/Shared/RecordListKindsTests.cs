using System.Globalization;
using Crm.Tests.Features.Deals;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Shared;

/// <summary>
/// What every kind's list and export do the same way (the shared pipeline, page and export), proven once over the
/// registered kinds: paging both ways without gaps or duplicates, the capped count, the common filters, an export
/// larger than one chunk in the list's order.
/// </summary>
public sealed class RecordListKindsTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private const int Total = ListExport.ChunkSize + 77;

    /// <summary>How these tests make the i-th record of each kind; a kind registered without one fails the first test.</summary>
    private static readonly Dictionary<string, Func<int, DateTime, string?, object>> MakeRecord = new()
    {
        // Few distinct names and dates: most rows tie on the sort key, and the id decides.
        ["contacts"] = (i, created, owner) => new Contact
        {
            FirstName = $"F{i % 13}", LastName = $"L{i % 17}", CreatedAt = created, OwnerId = owner,
            LastActivityAt = i % 3 == 0 ? null : created.AddDays(i % 5),
        },
        ["companies"] = (i, created, owner) => new Company
        {
            Name = $"Firm {i % 17}", CreatedAt = created, OwnerId = owner, LastActivityAt = i % 3 == 0 ? null : created.AddDays(i % 5),
        },
        ["tasks"] = (i, created, owner) =>
        {
            var task = Tasks.TaskTestData.New($"Task {i % 17}", owner, created: created, due: created.AddHours(i % 9));
            task.LastActivityAt = i % 3 == 0 ? null : created.AddDays(i % 5);
            return task;
        },
        ["deals"] = (i, created, owner) =>
        {
            var deal = DealTestData.New($"Deal {i % 17}", owner, created: created, amountCents: i % 7 * 10_000);
            deal.LastActivityAt = i % 3 == 0 ? null : created.AddDays(i % 5);
            deal.ExpectedCloseDate = i % 4 == 0 ? null : DateOnly.FromDateTime(created).AddDays(i % 9);
            return deal;
        },
        ["campaigns"] = (i, created, owner) =>
        {
            var campaign = Campaigns.CampaignTestData.New($"Campaign {i % 17}", owner, null, created);
            campaign.LastActivityAt = i % 3 == 0 ? null : created.AddDays(i % 5);
            campaign.StartDate = i % 4 == 0 ? null : DateOnly.FromDateTime(created).AddDays(i % 9);
            return campaign;
        },
        ["tickets"] = (i, created, owner) =>
        {
            var ticket = Tickets.TicketTestData.New($"Ticket {i % 17}", owner, created: created, due: i % 4 == 0 ? null : created.AddHours(i % 9));
            ticket.LastActivityAt = i % 3 == 0 ? null : created.AddDays(i % 5);
            return ticket;
        },
        ["segments"] = (i, created, owner) =>
        {
            var segment = Segments.SegmentTestData.New($"Segment {i % 17}", owner, created: created);
            segment.LastActivityAt = i % 3 == 0 ? null : created.AddDays(i % 5);
            return segment;
        },
    };

    public static TheoryData<string> Kinds() => new(MakeRecord.Keys);

    public static TheoryData<string, string> KindsAndSorts()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in MakeRecord.Keys)
        {
            foreach (var sort in new[] { "name", "created", "activity", "owner" })
            {
                data.Add(kind, sort);
            }
        }

        return data;
    }

    private static readonly SemaphoreSlim Gate = new(1, 1);

    private RecordKind Kind(string key) => app.Services.GetRequiredService<RecordKinds>().All.Single(k => k.Key == key);

    /// <summary>Total records of the kind, one in ten owned by the admin, on eleven creation days.</summary>
    private async Task<HttpClient> SeededAsync(string key)
    {
        await Gate.WaitAsync();
        try
        {
            var kind = Kind(key);
            await app.WithDbAsync(async db =>
            {
                var admin = await db.Users.Where(u => u.Email == CrmAppFactory.AdminEmail).Select(u => u.Id).SingleAsync();
                if (await kind.Summaries(db).AnyAsync())
                {
                    return;
                }

                var start = new DateTime(2025, 1, 1, 9, 0, 0, DateTimeKind.Utc);
                for (var i = 0; i < Total; i++)
                {
                    db.Add(MakeRecord[key](i, start.AddDays(i % 11), i % 10 == 0 ? admin : null));
                }

                await db.SaveChangesAsync();
            });
        }
        finally
        {
            Gate.Release();
        }

        return await app.SignInAsync();
    }

    /// <summary>Follows the Next links from the first page to the end.</summary>
    private async Task<List<int>> WalkAsync(HttpClient client, string key, string query)
    {
        var kind = Kind(key);
        var seen = new List<int>();
        var url = kind.ListPath + query;
        for (var guard = 0; guard < 100 && url is not null; guard++)
        {
            var html = await client.GetHtmlAsync(url);
            seen.AddRange(ListTestData.RowIds(html, kind.Route + "/Details/"));
            url = ListTestData.Href(html, "a[data-testid=next-page]");
        }

        return seen;
    }

    private async Task<List<int>> ExportIdsAsync(HttpClient client, string key, string query) =>
        (await ExportSheet.CellsAsync(client, Kind(key).Route + "/Export" + query)).Skip(1)
            .Select(r => int.Parse(r[0], CultureInfo.InvariantCulture)).ToList();

    private async Task<int> AdminOwnedAsync(string key) =>
        await app.WithDbAsync(async db =>
        {
            var admin = await db.Users.Where(u => u.Email == CrmAppFactory.AdminEmail).Select(u => u.Id).SingleAsync();
            return await Kind(key).Summaries(db).CountAsync(s => s.OwnerId == admin);
        });

    [Fact]
    public void Every_registered_kind_is_walked_by_these_tests()
    {
        var registered = app.Services.GetRequiredService<RecordKinds>().All.Select(k => k.Key).Order();
        Assert.Equal(registered, MakeRecord.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(KindsAndSorts))]
    public async Task Paging_through_each_sort_both_ways_shows_every_record_once_in_the_exports_order(string key, string sort)
    {
        var client = await SeededAsync(key);
        var mine = await AdminOwnedAsync(key);

        var ascending = await WalkAsync(client, key, $"?owner=me&size=25&sort={sort}&dir=asc");
        var descending = await WalkAsync(client, key, $"?owner=me&size=25&sort={sort}&dir=desc");

        Assert.Equal(mine, ascending.Count);
        Assert.Equal(mine, ascending.Distinct().Count());
        Assert.Equal(Enumerable.Reverse(ascending), descending);
        Assert.Equal(ascending, await ExportIdsAsync(client, key, $"?owner=me&sort={sort}&dir=asc"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_page_number_jumps_to_the_rows_the_next_links_reach(string key)
    {
        var client = await SeededAsync(key);

        var walked = await WalkAsync(client, key, "?owner=me&size=25&sort=created");
        var third = ListTestData.RowIds(await client.GetHtmlAsync(Kind(key).ListPath + "?owner=me&size=25&sort=created&page=3"), Kind(key).Route + "/Details/");

        Assert.Equal(walked.Skip(50).Take(25), third);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task No_match_shows_the_no_match_state_with_a_way_to_clear_the_filters(string key)
    {
        var client = await SeededAsync(key);

        var html = await client.GetHtmlAsync(Kind(key).ListPath + "?q=zzzz");

        Assert.Contains("data-testid=\"empty-no-match\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"empty-no-records\"", html, StringComparison.Ordinal);
        Assert.Equal(Kind(key).ListPath, ListTestData.Href(html, "[data-testid=empty-no-match] a.btn"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_count_stops_at_the_cap_and_is_exact_below_it(string key)
    {
        var client = await SeededAsync(key);
        var mine = await AdminOwnedAsync(key);

        static string CountOf(string html) =>
            new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelector("[data-testid=count]")!.TextContent.Trim();

        Assert.StartsWith(ListQuery.CountCap.ToString("N0", CultureInfo.GetCultureInfo("en")) + "+ ", CountOf(await client.GetHtmlAsync(Kind(key).ListPath)), StringComparison.Ordinal);
        Assert.StartsWith($"{mine} ", CountOf(await client.GetHtmlAsync(Kind(key).ListPath + "?owner=me")), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_common_filters_narrow_the_list_and_the_export_alike(string key)
    {
        var client = await SeededAsync(key);

        // Created on 2025-01-03 (UTC 09:00, the same day in Paris): one record in eleven.
        var day = await ExportIdsAsync(client, key, "?from=2025-01-03&to=2025-01-03");
        var unowned = await ExportIdsAsync(client, key, "?owner=unowned&from=2025-01-03&to=2025-01-03");
        var listed = await WalkAsync(client, key, "?from=2025-01-03&to=2025-01-03&size=100");

        Assert.Equal(Enumerable.Range(0, Total).Count(i => i % 11 == 2), day.Count);
        Assert.Equal(Enumerable.Range(0, Total).Count(i => i % 11 == 2 && i % 10 != 0), unowned.Count);
        Assert.Equal(listed, day);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task An_export_larger_than_one_chunk_holds_every_row_once_in_list_order(string key)
    {
        var client = await SeededAsync(key);

        var byName = await ExportIdsAsync(client, key, "");
        var newestFirst = await ExportIdsAsync(client, key, "?sort=created");
        var oldestFirst = await ExportIdsAsync(client, key, "?sort=created&dir=asc");

        Assert.Equal(Total, byName.Count);
        Assert.Equal(Total, byName.Distinct().Count());
        Assert.Equal(await WalkAsync(client, key, "?size=100"), byName);
        Assert.Equal(Enumerable.Reverse(oldestFirst), newestFirst);
    }
}

/// <summary>A list with no record yet, for every registered kind: the invitation to create or import, no table.</summary>
public sealed class RecordListEmptyTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static readonly string[] KindKeys = ["contacts", "companies", "deals", "tasks", "tickets", "campaigns", "segments"];

    public static TheoryData<string> Kinds() => new(KindKeys);

    [Fact]
    public void Every_registered_kind_is_walked_by_these_tests() =>
        Assert.Equal(app.Services.GetRequiredService<RecordKinds>().All.Select(k => k.Key).Order(), KindKeys.Order());

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task With_no_record_yet_the_list_invites_to_create_or_import_even_when_searching(string key)
    {
        var kind = app.Services.GetRequiredService<RecordKinds>().All.Single(k => k.Key == key);
        var client = await app.SignInAsync();

        foreach (var url in new[] { kind.ListPath, kind.ListPath + "?q=anything" })
        {
            var html = await client.GetHtmlAsync(url);
            Assert.Contains("data-testid=\"empty-no-records\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("data-testid=\"empty-no-match\"", html, StringComparison.Ordinal);
            Assert.Contains($"href=\"{kind.Route}/Create\"", html, StringComparison.Ordinal);
            Assert.Equal(kind.Importing is not null, html.Contains($"href=\"{kind.Route}/Import\"", StringComparison.Ordinal));
            Assert.DoesNotContain("<table", html, StringComparison.Ordinal);
        }
    }
}
