using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Deals;

/// <summary>
/// /Deals/Board: columns, counts and totals over what the user may see, a column paged without repeats, and moves
/// that save one history row against the version seen, refused when stale, unknown, not the user's or forged.
/// Each test works in a pipeline of its own, so the class's shared database does not change its counts.
/// </summary>
public sealed partial class DealBoardTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task Columns_count_and_total_the_open_deals_the_user_may_see()
    {
        var (pipeline, stages) = await AddPipelineAsync(3);
        var rep = await app.CreateUserAsync(Roles.Sales, "Board North");
        var other = await app.CreateUserAsync(Roles.Sales, "Board South");
        await AddDealAsync("North small", stages[0], rep, 100_00);
        await AddDealAsync("North odd", stages[0], rep, 250_50);
        await AddDealAsync("South big", stages[0], other, 1_000_00);
        await AddDealAsync("South second", stages[1], other, 40_00);
        var won = await AddDealAsync("North won", stages[1], rep, 999_00);
        await app.WithDbAsync(async db =>
        {
            var deal = await db.Deals.SingleAsync(d => d.Id == won);
            deal.Win(rep.Id, DateTime.UtcNow);
            await db.SaveChangesAsync();
        });

        var admin = await app.SignInAsync();
        var all = await admin.GetTextAsync($"/Deals/Board?pipeline={pipeline}");
        Assert.Equal([3, 1, 0], stages.Select(s => CountOf(all, s)));
        Assert.Contains("South big", all);
        Assert.DoesNotContain("North won", all);

        var north = await (await app.SignInAsync(rep)).GetTextAsync($"/Deals/Board?pipeline={pipeline}");
        Assert.Equal([2, 0, 0], stages.Select(s => CountOf(north, s)));
        Assert.Contains("North odd", north);
        Assert.DoesNotContain("South big", north);
        Assert.DoesNotContain("South second", north);

        var totals = await SummariesAsync(pipeline, null, new CrmUser(rep.Id, rep.TeamId, new HashSet<string> { Roles.Sales }));
        Assert.Equal(350_50, totals[stages[0]].TotalCents);
        Assert.False(totals.ContainsKey(stages[1]));
        var everyone = await SummariesAsync(pipeline, null, new CrmUser("admin", null, new HashSet<string> { Roles.Admin }));
        Assert.Equal(1_350_50, everyone[stages[0]].TotalCents);
        Assert.Equal(40_00, everyone[stages[1]].TotalCents);

        var mine = await (await app.SignInAsync(other)).GetTextAsync($"/Deals/Board?pipeline={pipeline}&owner=me");
        Assert.Equal([1, 1, 0], stages.Select(s => CountOf(mine, s)));
    }

    [Fact]
    public async Task Load_more_pages_through_a_column_without_repeats()
    {
        var (pipeline, stages) = await AddPipelineAsync(2);
        var at = DateTime.UtcNow.AddDays(-3);
        var ids = new List<int>();
        for (var i = 0; i < 45; i++)
        {
            // Half share one entry time, so the pages also order on the id.
            ids.Add(await AddDealAsync($"Paged {i}", stages[0], null, 10_00, i % 2 == 0 ? at : at.AddMinutes(i)));
        }

        var client = await app.SignInAsync();
        var board = await client.GetTextAsync($"/Deals/Board?pipeline={pipeline}");
        var seen = CardIds(board);
        Assert.Equal(DealBoard.PageSize, seen.Count);
        Assert.Equal(45, CountOf(board, stages[0]));
        var next = NextUrl(board);
        var pages = 1;
        while (next is not null)
        {
            var page = await client.GetTextAsync(next);
            seen.AddRange(CardIds(page));
            next = NextUrl(page);
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(45, seen.Count);
        Assert.Equal(ids.Order(), seen.Order());
    }

    [Fact]
    public async Task A_move_saves_one_history_row_and_bumps_the_version()
    {
        var (pipeline, stages) = await AddPipelineAsync(3);
        var id = await AddDealAsync("Moving", stages[0], null, 500_00);
        var before = await StateAsync(id);
        var client = await app.SignInAsync();

        var response = await MoveAsync(client, pipeline, id, before.Version, stages[2]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var after = await StateAsync(id);
        Assert.Equal(stages[2], after.StageId);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal(after.Version, json.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(before.History + 1, after.History);
        var columns = json.RootElement.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("stageId").GetInt32(), c => c.GetProperty("count").GetInt32());
        Assert.Equal(0, columns[stages[0]]);
        Assert.Equal(1, columns[stages[2]]);
    }

    [Fact]
    public async Task A_stale_version_answers_409_and_changes_nothing()
    {
        var (pipeline, stages) = await AddPipelineAsync(3);
        var id = await AddDealAsync("Stale", stages[0], null, 500_00);
        var before = await StateAsync(id);
        var client = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(client, pipeline, id, before.Version, stages[1])).StatusCode);
        var moved = await StateAsync(id);

        var response = await MoveAsync(client, pipeline, id, before.Version, stages[2]);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Someone else changed this deal", await response.Content.ReadAsStringAsync());
        Assert.Equal(moved, await StateAsync(id));
    }

    [Fact]
    public async Task Moves_to_an_unknown_or_removed_stage_are_refused()
    {
        var (pipeline, stages) = await AddPipelineAsync(2);
        var (_, otherStages) = await AddPipelineAsync(2);
        await app.WithDbAsync(async db =>
        {
            var removed = await db.PipelineStages.SingleAsync(s => s.Id == otherStages[1]);
            removed.RemovedAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
        });
        var id = await AddDealAsync("Nowhere", stages[0], null, 1_00);
        var before = await StateAsync(id);
        var client = await app.SignInAsync();

        Assert.Equal(HttpStatusCode.BadRequest, (await MoveAsync(client, pipeline, id, before.Version, 987_654)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await MoveAsync(client, pipeline, id, before.Version, otherStages[1])).StatusCode);
        Assert.Equal(before, await StateAsync(id));
    }

    [Fact]
    public async Task A_deal_the_user_may_not_edit_is_not_moved()
    {
        var (pipeline, stages) = await AddPipelineAsync(2);
        var owner = await app.CreateUserAsync(Roles.Sales, "Board East");
        var id = await AddDealAsync("Not yours", stages[0], owner, 1_00);
        var before = await StateAsync(id);

        var otherTeam = await app.SignInAsync(await app.CreateUserAsync(Roles.Sales, "Board West"));
        Assert.Equal(HttpStatusCode.NotFound, (await MoveAsync(otherTeam, pipeline, id, before.Version, stages[1])).StatusCode);
        var support = await app.SignInAsync(await app.CreateUserAsync(Roles.Support));
        var supportBoard = await support.GetTextAsync($"/Deals/Board?pipeline={pipeline}");
        Assert.Contains("Not yours", supportBoard);
        Assert.Contains("data-can-move=\"false\"", supportBoard);
        Assert.Equal(HttpStatusCode.Forbidden, (await MoveAsync(support, pipeline, id, before.Version, stages[1])).StatusCode);
        Assert.Equal(before, await StateAsync(id));
    }

    [Fact]
    public async Task A_move_without_the_antiforgery_token_is_refused()
    {
        var (pipeline, stages) = await AddPipelineAsync(2);
        var id = await AddDealAsync("Forged", stages[0], null, 1_00);
        var before = await StateAsync(id);
        var client = await app.SignInAsync();

        var response = await client.PostAsync("/Deals/Move", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = id.ToString(), ["version"] = before.Version.ToString(), ["stageId"] = stages[1].ToString(), ["pipeline"] = pipeline.ToString(),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await StateAsync(id));
    }

    [Fact]
    public async Task The_move_form_without_script_redirects_back_to_the_board()
    {
        var (pipeline, stages) = await AddPipelineAsync(2);
        var id = await AddDealAsync("No script", stages[0], null, 1_00);
        var before = await StateAsync(id);
        var client = await app.SignInAsync();

        var response = await client.PostFormAsync("/Deals/Move", new()
        {
            ["id"] = id.ToString(), ["version"] = before.Version.ToString(), ["stageId"] = stages[1].ToString(), ["pipeline"] = pipeline.ToString(), ["owner"] = "",
        }, formPage: $"/Deals/Board?pipeline={pipeline}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/Deals/Board?pipeline={pipeline}", response.Headers.Location!.OriginalString);
        Assert.Equal(stages[1], (await StateAsync(id)).StageId);
        var board = await client.GetTextAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Deal moved.", board);
    }

    private sealed record State(int StageId, int Version, int History);

    private Task<State> StateAsync(int id) =>
        app.WithDbAsync(db => db.Deals.AsNoTracking().Where(d => d.Id == id)
            .Select(d => new State(d.StageId, d.Version, db.DealStageChanges.Count(c => c.DealId == id))).SingleAsync());

    private static async Task<HttpResponseMessage> MoveAsync(HttpClient client, int pipeline, int id, int version, int stageId)
    {
        var board = await client.GetTextAsync($"/Deals/Board?pipeline={pipeline}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Deals/Move")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["id"] = id.ToString(), ["version"] = version.ToString(), ["stageId"] = stageId.ToString(), ["pipeline"] = pipeline.ToString(),
                ["__RequestVerificationToken"] = FormPosting.AntiforgeryToken(board),
            }),
        };
        request.Headers.Accept.ParseAdd("application/json");
        return await client.SendAsync(request);
    }

    private async Task<Dictionary<int, DealBoard.Summary>> SummariesAsync(int pipeline, string? owner, CrmUser user)
    {
        Dictionary<int, DealBoard.Summary>? result = null;
        await app.WithScopeAsync(async services => result = await services.GetRequiredService<DealBoard>().SummariesAsync(pipeline, owner, user, CancellationToken.None));
        return result!;
    }

    private async Task<(int Pipeline, int[] Stages)> AddPipelineAsync(int stages)
    {
        var added = await app.WithDbAsync(async db =>
        {
            var pipeline = new Pipeline { Name = $"Board {Guid.NewGuid():N}", Position = 100 };
            pipeline.Stages.AddRange(Enumerable.Range(0, stages).Select(i => new PipelineStage { Name = $"Step {i + 1}", Position = i, Probability = 10 * (i + 1), RottingDays = 30 }));
            db.Pipelines.Add(pipeline);
            await db.SaveChangesAsync();
            return (pipeline.Id, pipeline.Stages.OrderBy(s => s.Position).Select(s => s.Id).ToArray());
        });
        await app.WithScopeAsync(services =>
        {
            services.GetRequiredService<PipelineCatalog>().Forget();
            return Task.CompletedTask;
        });
        return added;
    }

    private Task<int> AddDealAsync(string name, int stageId, TestUser? owner, long amountCents, DateTime? enteredAt = null) =>
        app.WithDbAsync(async db =>
        {
            var pipelineId = await db.PipelineStages.Where(s => s.Id == stageId).Select(s => s.PipelineId).SingleAsync();
            var deal = new Deal { Name = name, OwnerId = owner?.Id, TeamId = owner?.TeamId, Currency = "EUR" };
            deal.SetAmount(amountCents / 100m, 1m);
            deal.Start(new PipelineStage { Id = stageId, PipelineId = pipelineId }, owner?.Id, enteredAt ?? DateTime.UtcNow);
            db.Deals.Add(deal);
            await db.SaveChangesAsync();
            return deal.Id;
        });

    private static int CountOf(string html, int stageId)
    {
        var match = Regex.Match(html, $"data-column data-stage-id=\"{stageId}\"[\\s\\S]*?<span data-count>(\\d+)</span>");
        Assert.True(match.Success, $"No column for stage {stageId}.");
        return int.Parse(match.Groups[1].Value);
    }

    private static List<int> CardIds(string html) => CardId().Matches(html).Select(m => int.Parse(m.Groups[1].Value)).ToList();

    private static string? NextUrl(string html) =>
        NextLink().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [GeneratedRegex("data-deal-id=\"(\\d+)\"")]
    private static partial Regex CardId();

    [GeneratedRegex("data-url=\"([^\"]+)\"")]
    private static partial Regex NextLink();
}
