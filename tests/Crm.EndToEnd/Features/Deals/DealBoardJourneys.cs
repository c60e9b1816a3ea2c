using Crm.EndToEnd.Infrastructure;
using Crm.EndToEnd.Pages;
using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Crm.EndToEnd.Features.Deals;

[Collection(BrowserCollection.Name)]
public sealed class DealBoardJourneys(BrowserFixture browser)
{
    [Fact]
    public async Task A_rep_moves_one_deal_with_the_mouse_and_one_with_the_keyboard_and_sees_the_history()
    {
        var (pipeline, stages) = await FirstPipelineAsync();
        var dragged = await AddDealAsync("Boulangerie Éloïse — fours", stages[0], 12_500_00);
        var keyed = await AddDealAsync("Fromagerie Martin — caisse", stages[0], 3_200_00);

        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await page.GotoAsync("/Account/Login");
        await new LoginPage(page).SignInAsync(CrmServer.AdminEmail, CrmServer.AdminPassword);
        var board = new DealBoardPage(page);
        await board.OpenAsync(pipeline);
        await Expect(board.CardIn(stages[0], dragged)).ToBeVisibleAsync();

        await board.DragAsync(dragged, stages[1]);
        await Expect(board.Announcement).ToContainTextAsync("moved to");
        await Expect(board.CardIn(stages[1], dragged)).ToBeVisibleAsync();
        await Expect(board.Card(dragged)).ToHaveAttributeAsync("data-stage-id", stages[1].ToString());

        await board.MoveWithKeyboardAsync(keyed, 2);
        await Expect(board.Card(keyed)).ToHaveAttributeAsync("data-stage-id", stages[2].ToString());
        await Expect(board.CardIn(stages[2], keyed)).ToBeVisibleAsync();
        await Expect(board.Alert).ToBeHiddenAsync();
        await BrowserFixture.ScreenshotAsync(page, "deals-board-1280");

        await page.ReloadAsync();
        await Expect(board.CardIn(stages[1], dragged)).ToBeVisibleAsync();
        await Expect(board.CardIn(stages[2], keyed)).ToBeVisibleAsync();
        await Expect(board.Column(stages[0]).Locator($"[data-deal-id='{dragged}'], [data-deal-id='{keyed}']")).ToHaveCountAsync(0);

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await BrowserFixture.ScreenshotAsync(page, "deals-board-390");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The board page is {overflow}px wider than the window.");
        await page.SetViewportSizeAsync(1280, 800);

        await board.Card(dragged).Locator("a").First.ClickAsync();
        var history = page.Locator("[data-testid=stage-history]");
        await Expect(history).ToContainTextAsync(StageName(stages[1]));
        await Expect(history).ToContainTextAsync(StageName(stages[0]));
        await page.Context.CloseAsync();
    }

    private static readonly Dictionary<int, string> Names = [];

    private static string StageName(int id) => Names[id];

    private async Task<(int Pipeline, int[] Stages)> FirstPipelineAsync()
    {
        await using var scope = browser.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var pipeline = await db.Pipelines.OrderBy(p => p.Position).ThenBy(p => p.Id).FirstAsync();
        var stages = await db.PipelineStages.Where(s => s.PipelineId == pipeline.Id && s.RemovedAt == null).OrderBy(s => s.Position).ToListAsync();
        foreach (var s in stages)
        {
            Names[s.Id] = s.Name;
        }

        return (pipeline.Id, stages.Select(s => s.Id).ToArray());
    }

    private async Task<int> AddDealAsync(string name, int stageId, long amountCents)
    {
        await using var scope = browser.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var pipelineId = await db.PipelineStages.Where(s => s.Id == stageId).Select(s => s.PipelineId).SingleAsync();
        var deal = new Deal { Name = name, Currency = "EUR", ExpectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)) };
        deal.SetAmount(amountCents / 100m, 1m);
        deal.Start(new PipelineStage { Id = stageId, PipelineId = pipelineId }, null, DateTime.UtcNow.AddDays(-20));
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        return deal.Id;
    }
}
