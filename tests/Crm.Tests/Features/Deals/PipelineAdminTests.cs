using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Deals;

public sealed class PipelineAdminTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private const string Page = "/Admin/Pipelines";

    /// <summary>A pipeline of its own for each test (the class shares one database), with stages "A", "B", "C".</summary>
    private Task<(int Pipeline, int[] Stages)> AddPipelineAsync() =>
        app.WithDbAsync(async db =>
        {
            var pipeline = new Pipeline { Name = "P-" + Guid.NewGuid().ToString("N")[..8], Position = 100 };
            pipeline.Stages.AddRange([
                new PipelineStage { Name = "A", Position = 1, Probability = 10 },
                new PipelineStage { Name = "B", Position = 2, Probability = 50 },
                new PipelineStage { Name = "C", Position = 3, Probability = 80 }]);
            db.Pipelines.Add(pipeline);
            await db.SaveChangesAsync();
            return (pipeline.Id, pipeline.Stages.Select(s => s.Id).ToArray());
        });

    private Task<int> AddDealInAsync(int pipelineId, int stageId, string currency = "EUR", long amountCents = 0) =>
        app.WithDbAsync(async db =>
        {
            var deal = new Deal { Name = "D-" + Guid.NewGuid().ToString("N")[..6], Currency = currency };
            deal.SetAmount(amountCents / 100m, 1m);
            deal.Start(new PipelineStage { Id = stageId, PipelineId = pipelineId }, null, DateTime.UtcNow.AddDays(-3));
            db.Deals.Add(deal);
            await db.SaveChangesAsync();
            return deal.Id;
        });

    private Task<List<PipelineStage>> StagesAsync(int pipelineId) =>
        app.WithDbAsync(db => db.PipelineStages.AsNoTracking().Where(s => s.PipelineId == pipelineId).OrderBy(s => s.Position).ThenBy(s => s.Id).ToListAsync());

    private async Task<IReadOnlyList<PipelineInfo>> CatalogAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PipelineCatalog>().AllAsync(default);
    }

    private static async Task<string> FlashErrorAsync(HttpClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = await (await client.GetAsync(response.Headers.Location)).ReadHtmlAsync();
        Assert.Contains("alert-warning", html, StringComparison.Ordinal);
        return html;
    }

    [Theory]
    [InlineData(Roles.Sales)]
    [InlineData(Roles.Manager)]
    public async Task Non_admins_get_403_on_the_page_and_on_every_change(string role)
    {
        var (pipeline, stages) = await AddPipelineAsync();
        var client = await app.SignInAsync(await app.CreateUserAsync(role));

        // A policy refusal sends to the access-denied page, which answers 403.
        var page = await client.GetAsync(Page);
        AssertSentToAccessDenied(page);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(page.LocationPath())).StatusCode);

        // The token comes from a page the user may open; the policy refuses the post itself.
        AssertSentToAccessDenied(await client.PostFormAsync($"{Page}/{pipeline}/Stages/Add", new() { ["Name"] = "Hack", ["Probability"] = "5" }, "/Deals"));
        AssertSentToAccessDenied(await client.PostFormAsync($"{Page}/Stages/{stages[0]}/Remove", new(), "/Deals"));
        var after = await StagesAsync(pipeline);
        Assert.Equal(["A", "B", "C"], after.Select(s => s.Name));
        Assert.All(after, s => Assert.Null(s.RemovedAt));
    }

    private static void AssertSentToAccessDenied(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.LocationPath(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_without_antiforgery_token_is_refused()
    {
        var (pipeline, _) = await AddPipelineAsync();
        var client = await app.SignInAsync();
        var response = await client.PostAsync($"{Page}/{pipeline}/Stages/Add", new FormUrlEncodedContent([new("Name", "X"), new("Probability", "5")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(await StagesAsync(pipeline), s => s.Name == "X");
    }

    [Fact]
    public async Task An_admin_adds_renames_sets_probability_and_rotting_and_reorders_a_stage_and_the_catalog_follows()
    {
        var (pipeline, _) = await AddPipelineAsync();
        var client = await app.SignInAsync();
        var html = await (await client.GetAsync(Page)).ReadHtmlAsync();
        Assert.Contains($"id=\"pipeline-{pipeline}\"", html, StringComparison.Ordinal);

        var added = await client.PostFormAsync($"{Page}/{pipeline}/Stages/Add", new() { ["Name"] = "Demo", ["Probability"] = "60", ["RottingDays"] = "" }, Page);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var stage = (await StagesAsync(pipeline)).Single(s => s.Name == "Demo");
        Assert.Equal((4, 60, (int?)null), (stage.Position, stage.Probability, stage.RottingDays));

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"{Page}/Stages/{stage.Id}", new() { ["Name"] = "Démonstration", ["Probability"] = "65", ["RottingDays"] = "21" }, Page)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"{Page}/Stages/{stage.Id}/Move", new() { ["up"] = "true" }, Page)).StatusCode);

        var stages = await StagesAsync(pipeline);
        Assert.Equal(["A", "B", "Démonstration", "C"], stages.Select(s => s.Name));
        Assert.Equal((65, (int?)21), (stages[2].Probability, stages[2].RottingDays));

        // The catalog was forgotten: the deals list's stage filter offers the new name at once, in its new place.
        var catalog = await CatalogAsync();
        Assert.Equal(["A", "B", "Démonstration", "C"], catalog.Single(p => p.Id == pipeline).Stages.Select(s => s.Name));
    }

    [Theory]
    [InlineData("", "50", "", "Name the stage.")]
    [InlineData("B", "50", "", "This pipeline already has a stage named “B”.")]
    [InlineData("b", "50", "", "This pipeline already has a stage named “b”.")]
    [InlineData("New", "120", "", "The probability is a whole number from 0 to 100.")]
    [InlineData("New", "-1", "", "The probability is a whole number from 0 to 100.")]
    [InlineData("New", "abc", "", "The probability is a whole number from 0 to 100.")]
    [InlineData("New", "50", "0", "Rotting days: leave empty, or a whole number from 1 to 365.")]
    [InlineData("New", "50", "366", "Rotting days: leave empty, or a whole number from 1 to 365.")]
    public async Task Bad_stage_input_is_refused_with_its_message(string name, string probability, string rotting, string message)
    {
        var (pipeline, stages) = await AddPipelineAsync();
        var client = await app.SignInAsync();
        var html = await FlashErrorAsync(client, await client.PostFormAsync($"{Page}/{pipeline}/Stages/Add", new() { ["Name"] = name, ["Probability"] = probability, ["RottingDays"] = rotting }, Page));
        Assert.Contains(message, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Equal(3, (await StagesAsync(pipeline)).Count);

        // The same rules hold when a stage is changed.
        await FlashErrorAsync(client, await client.PostFormAsync($"{Page}/Stages/{stages[0]}", new() { ["Name"] = name == "b" ? "B" : name, ["Probability"] = probability, ["RottingDays"] = rotting }, Page));
        Assert.Equal(("A", 10), (await StagesAsync(pipeline)) is var after ? (after[0].Name, after[0].Probability) : default);
    }

    [Fact]
    public async Task Hand_posted_unknown_ids_answer_404()
    {
        var (pipeline, stages) = await AddPipelineAsync();
        var other = await AddPipelineAsync();
        var client = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"{Page}/999999/Stages/Add", new() { ["Name"] = "X", ["Probability"] = "1" }, Page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"{Page}/Stages/999999", new() { ["Name"] = "X", ["Probability"] = "1" }, Page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"{Page}/999999/Rename", new() { ["Name"] = "X" }, Page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"{Page}/Stages/999999/Remove", new(), Page)).StatusCode);

        // A target stage from another pipeline is refused: the deals stay where they are.
        var deal = await AddDealInAsync(pipeline, stages[0]);
        await FlashErrorAsync(client, await client.PostFormAsync($"{Page}/Stages/{stages[0]}/Remove", new() { ["targetId"] = other.Stages[0].ToString(System.Globalization.CultureInfo.InvariantCulture) }, Page));
        Assert.Equal(stages[0], await app.WithDbAsync(db => db.Deals.Where(d => d.Id == deal).Select(d => d.StageId).SingleAsync()));
        Assert.Null((await StagesAsync(pipeline))[0].RemovedAt);
    }

    [Fact]
    public async Task Removing_a_stage_with_deals_asks_where_they_go_moves_them_with_history_and_keeps_the_stage_for_history()
    {
        var (pipeline, stages) = await AddPipelineAsync();
        var open = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            open.Add(await AddDealInAsync(pipeline, stages[0], amountCents: 1000));
        }

        var won = await AddDealInAsync(pipeline, stages[0]);
        await app.WithDbAsync(async db =>
        {
            var deal = await db.Deals.SingleAsync(d => d.Id == won);
            deal.Win(null, DateTime.UtcNow);
            await db.SaveChangesAsync();
        });
        var versions = await app.WithDbAsync(db => db.Deals.Where(d => open.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Version));
        var client = await app.SignInAsync();

        var question = await (await client.GetAsync($"{Page}/Stages/{stages[0]}/Remove")).ReadHtmlAsync();
        Assert.Contains($"value=\"{stages[1]}\"", question, StringComparison.Ordinal);
        Assert.Contains($"value=\"{stages[2]}\"", question, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{stages[0]}\"", question, StringComparison.Ordinal);

        // Without a target, nothing happens.
        await FlashErrorAsync(client, await client.PostFormAsync($"{Page}/Stages/{stages[0]}/Remove", new(), $"{Page}/Stages/{stages[0]}/Remove"));
        Assert.Null((await StagesAsync(pipeline))[0].RemovedAt);

        var removed = await client.PostFormAsync($"{Page}/Stages/{stages[0]}/Remove", new() { ["targetId"] = stages[1].ToString(System.Globalization.CultureInfo.InvariantCulture) }, $"{Page}/Stages/{stages[0]}/Remove");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);

        await app.WithDbAsync(async db =>
        {
            var stage = await db.PipelineStages.SingleAsync(s => s.Id == stages[0]);
            Assert.NotNull(stage.RemovedAt);
            var deals = await db.Deals.Include(d => d.StageChanges).Where(d => open.Contains(d.Id)).ToListAsync();
            Assert.All(deals, d =>
            {
                Assert.Equal(stages[1], d.StageId);
                Assert.Equal(versions[d.Id] + 1, d.Version);
                var last = d.StageChanges.OrderBy(c => c.Id).Last();
                Assert.Equal((stages[0], stages[1]), (last.FromStageId, last.ToStageId));
                Assert.Equal(2, d.StageChanges.Count);
            });

            // The won deal keeps the stage it was won from.
            Assert.Equal(stages[0], await db.Deals.Where(d => d.Id == won).Select(d => d.StageId).SingleAsync());
        });

        // The removed stage leaves the board's catalog and the forms, and the deal's history still names it.
        var catalog = await CatalogAsync();
        Assert.Equal(["B", "C"], catalog.Single(p => p.Id == pipeline).Stages.Select(s => s.Name));
        var form = await (await client.GetAsync("/Deals/Create")).ReadHtmlAsync();
        Assert.DoesNotContain($"<option value=\"{stages[0]}\"", form, StringComparison.Ordinal);
        var details = await (await client.GetAsync($"/Deals/Details/{open[0]}")).ReadHtmlAsync();
        Assert.Matches(">A<|>A |“A”| A\\b", details);
    }

    [Fact]
    public async Task Removing_a_stage_moves_many_deals_in_batches()
    {
        var (pipeline, stages) = await AddPipelineAsync();
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < Crm.Web.Features.Admin.PipelineAdmin.MoveBatch + 30; i++)
            {
                var deal = new Deal { Name = "Bulk " + i, Currency = "EUR" };
                deal.SetAmount(0, 1);
                deal.Start(new PipelineStage { Id = stages[1], PipelineId = pipeline }, null, DateTime.UtcNow);
                db.Deals.Add(deal);
            }

            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync();
        var response = await client.PostFormAsync($"{Page}/Stages/{stages[1]}/Remove", new() { ["targetId"] = stages[2].ToString(System.Globalization.CultureInfo.InvariantCulture) }, Page);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Deals.CountAsync(d => d.StageId == stages[1])));
        Assert.Equal(Crm.Web.Features.Admin.PipelineAdmin.MoveBatch + 30, await app.WithDbAsync(db => db.Set<DealStageChange>().CountAsync(c => c.FromStageId == stages[1] && c.ToStageId == stages[2])));
    }

    [Fact]
    public async Task A_pipeline_keeps_at_least_one_stage_and_a_pipeline_with_deals_is_not_removed()
    {
        var (pipeline, stages) = await AddPipelineAsync();
        var client = await app.SignInAsync();
        await client.PostFormAsync($"{Page}/Stages/{stages[0]}/Remove", new(), Page);
        await client.PostFormAsync($"{Page}/Stages/{stages[1]}/Remove", new(), Page);
        await FlashErrorAsync(client, await client.PostFormAsync($"{Page}/Stages/{stages[2]}/Remove", new(), Page));
        Assert.Equal([stages[2]], (await StagesAsync(pipeline)).Where(s => s.RemovedAt == null).Select(s => s.Id));

        var withDeal = await AddPipelineAsync();
        await AddDealInAsync(withDeal.Pipeline, withDeal.Stages[0]);
        await FlashErrorAsync(client, await client.PostFormAsync($"{Page}/{withDeal.Pipeline}/Remove", new(), Page));
        Assert.True(await app.WithDbAsync(db => db.Pipelines.AnyAsync(p => p.Id == withDeal.Pipeline)));
    }

    [Fact]
    public async Task An_admin_adds_renames_reorders_and_removes_a_pipeline()
    {
        var client = await app.SignInAsync();
        var name = "Renouvellements " + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"{Page}/Add", new() { ["Name"] = name }, Page)).StatusCode);
        var created = await app.WithDbAsync(db => db.Pipelines.Include(p => p.Stages).SingleAsync(p => p.Name == name));
        Assert.Single(created.Stages);

        await FlashErrorAsync(client, await client.PostFormAsync($"{Page}/Add", new() { ["Name"] = name.ToUpperInvariant() }, Page));
        await FlashErrorAsync(client, await client.PostFormAsync($"{Page}/{created.Id}/Rename", new() { ["Name"] = " " }, Page));

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"{Page}/{created.Id}/Rename", new() { ["Name"] = name + " bis" }, Page)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"{Page}/{created.Id}/Move", new() { ["up"] = "true" }, Page)).StatusCode);
        var order = await app.WithDbAsync(db => db.Pipelines.OrderBy(p => p.Position).Select(p => p.Id).ToListAsync());
        Assert.Equal(order.Count - 2, order.IndexOf(created.Id));

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"{Page}/{created.Id}/Remove", new(), Page)).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Pipelines.AnyAsync(p => p.Id == created.Id)));
    }

    [Fact]
    public async Task A_rate_change_converts_open_deals_in_that_currency_again_without_touching_closed_ones_or_versions()
    {
        var (pipeline, stages) = await AddPipelineAsync();
        var client = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"{Page}/Currencies", new() { ["Currency"] = "CHF", ["Rate"] = "1.05" }, Page)).StatusCode);
        var open = await AddDealInAsync(pipeline, stages[0], "CHF", 100_000);
        var closed = await AddDealInAsync(pipeline, stages[0], "CHF", 100_000);
        await app.WithDbAsync(async db =>
        {
            var deal = await db.Deals.SingleAsync(d => d.Id == closed);
            deal.Win(null, DateTime.UtcNow);
            await db.SaveChangesAsync();
        });
        var before = await app.WithDbAsync(db => db.Deals.Where(d => d.Id == open).Select(d => d.Version).SingleAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"{Page}/Currencies", new() { ["Currency"] = "CHF", ["Rate"] = "1,0735" }, Page)).StatusCode);

        Assert.Equal(1.0735m, await app.WithDbAsync(db => db.CurrencyRates.Where(r => r.Currency == "CHF").Select(r => r.Rate).SingleAsync()));
        var deals = await app.WithDbAsync(db => db.Deals.Where(d => d.Id == open || d.Id == closed).ToDictionaryAsync(d => d.Id));
        Assert.Equal(107_350, deals[open].AmountDefaultCents);
        Assert.Equal(before, deals[open].Version);
        Assert.Equal(100_000, deals[closed].AmountDefaultCents);

        // A rate open deals are in is not removed.
        await FlashErrorAsync(client, await client.PostFormAsync($"{Page}/Currencies/CHF/Remove", new(), Page));
    }

    [Theory]
    [InlineData("usd", "1.1")]
    [InlineData("US", "1.1")]
    [InlineData("EUR", "1")]
    [InlineData("USD", "0")]
    [InlineData("USD", "-2")]
    [InlineData("USD", "abc")]
    [InlineData("USD", "1.123456789")]
    public async Task Bad_currency_input_is_refused(string code, string rate)
    {
        var client = await app.SignInAsync();
        await FlashErrorAsync(client, await client.PostFormAsync($"{Page}/Currencies", new() { ["Currency"] = code, ["Rate"] = rate }, Page));
        var upper = code.ToUpperInvariant();
        Assert.False(await app.WithDbAsync(db => db.CurrencyRates.AnyAsync(r => r.Currency == upper)));
    }

    [Fact]
    public async Task A_rate_no_open_deal_uses_is_added_and_removed()
    {
        var client = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"{Page}/Currencies", new() { ["Currency"] = "JPY", ["Rate"] = "0.0061" }, Page)).StatusCode);
        Assert.Contains("id=\"currency-JPY\"", await (await client.GetAsync(Page)).ReadHtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"{Page}/Currencies/JPY/Remove", new(), Page)).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.CurrencyRates.AnyAsync(r => r.Currency == "JPY")));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"{Page}/Currencies/JPY/Remove", new(), Page)).StatusCode);
    }
}
