using Microsoft.Playwright;

namespace Crm.EndToEnd.Pages;

/// <summary>/Deals/Board: its columns by stage id, a deal's card, and the live region that says what happened.</summary>
public sealed class DealBoardPage(IPage page)
{
    public ILocator Column(int stageId) => page.Locator($"[data-column][data-stage-id='{stageId}']");

    public ILocator Card(int dealId) => page.Locator($"[data-deal-id='{dealId}']");

    public ILocator CardIn(int stageId, int dealId) => Column(stageId).Locator($"[data-deal-id='{dealId}']");

    public ILocator Announcement => page.Locator("[data-board-live]");

    public ILocator Alert => page.Locator("[data-board-alert]");

    public Task OpenAsync(int pipelineId) => page.GotoAsync($"/Deals/Board?pipeline={pipelineId}");

    public Task DragAsync(int dealId, int toStageId) => Card(dealId).DragToAsync(Column(toStageId).Locator("[data-cards]"));

    /// <summary>Picks the card up with Space, moves it <paramref name="steps"/> columns (right when positive) and drops it with Enter.</summary>
    public async Task MoveWithKeyboardAsync(int dealId, int steps)
    {
        await Card(dealId).FocusAsync();
        await page.Keyboard.PressAsync("Space");
        for (var i = 0; i < Math.Abs(steps); i++)
        {
            await page.Keyboard.PressAsync(steps > 0 ? "ArrowRight" : "ArrowLeft");
        }

        await page.Keyboard.PressAsync("Enter");
    }
}
