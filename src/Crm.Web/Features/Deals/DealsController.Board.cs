using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Deals;

/// <summary>
/// The board: columns per stage, a column's next cards, and moving a card. A move from the board's script answers
/// JSON (the deal's new version and every column's count and total; 409 with a message when someone else changed
/// the deal); the same form posted without script redirects back to the board with the message.
/// </summary>
public sealed partial class DealsController
{
    [HttpGet]
    public async Task<IActionResult> Board(int? pipeline, string? owner, int? stage, string? after, [FromServices] DealBoard board, CancellationToken ct) =>
        View(await board.HandleAsync(new DealBoard.Query(pipeline, owner, stage, after), CrmUser.From(User), ct));

    [HttpGet]
    public async Task<IActionResult> BoardColumn(int stage, string? owner, string? after, [FromServices] DealBoard board, CancellationToken ct) =>
        await board.ColumnAsync(stage, owner, after, CrmUser.From(User), ct) is { } page ? PartialView("_BoardCards", page) : NotFound();

    [HttpPost]
    public async Task<IActionResult> Move(
        int id, int version, int stageId, int? pipeline, string? owner,
        [FromServices] DealMoves moves, [FromServices] DealBoard board, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var user = CrmUser.From(User);
        var outcome = await moves.ApplyAsync(id, version, DealMoves.Move.Stage, stageId, null, user, ct);
        var message = outcome.Status switch
        {
            OutcomeStatus.Done => null,
            OutcomeStatus.Conflict => l["Someone else changed this deal meanwhile: it is back where it stands now. Reload the board to see it."].Value,
            OutcomeStatus.Invalid => string.Join(" ", outcome.Errors.Select(e => e.Message)),
            OutcomeStatus.Forbidden => l["You may not change this deal."].Value,
            _ => l["This deal no longer exists or you may not see it."].Value,
        };
        var status = outcome.Status switch
        {
            OutcomeStatus.Done => StatusCodes.Status200OK,
            OutcomeStatus.Conflict => StatusCodes.Status409Conflict,
            OutcomeStatus.Invalid => StatusCodes.Status400BadRequest,
            OutcomeStatus.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status404NotFound,
        };

        if (!WantsJson())
        {
            if (outcome.Status is OutcomeStatus.NotFound or OutcomeStatus.Forbidden)
            {
                return StatusCode(status);
            }

            TempData[message is null ? "Flash" : "FlashError"] = message ?? l["Deal moved."].Value;
            return RedirectToAction(nameof(Board), new { pipeline, owner = string.IsNullOrEmpty(owner) ? null : owner });
        }

        if (outcome.Value is not { } moved)
        {
            return StatusCode(status, new { message });
        }

        var columns = await board.FormattedSummariesAsync(pipeline ?? 0, owner, user, ct);
        return Json(new { id = moved.Id, version = moved.Version, stageId = moved.StageId, columns });
    }

    private bool WantsJson() => Request.Headers.Accept.Any(a => a is not null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase));
}
