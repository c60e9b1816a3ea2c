using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Deals;

/// <summary>A deal's own actions from its page: won, lost (with a reason) and reopened, each against the version shown.</summary>
public sealed partial class DealsController
{
    [HttpPost]
    public Task<IActionResult> Win(int id, int version, [FromServices] DealMoves moves, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        MoveFromPageAsync(id, version, DealMoves.Move.Win, null, moves, l["Deal won."], l, ct);

    [HttpPost]
    public Task<IActionResult> Lose(int id, int version, string? reason, [FromServices] DealMoves moves, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        MoveFromPageAsync(id, version, DealMoves.Move.Lose, reason, moves, l["Deal lost."], l, ct);

    [HttpPost]
    public Task<IActionResult> Reopen(int id, int version, [FromServices] DealMoves moves, [FromServices] IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        MoveFromPageAsync(id, version, DealMoves.Move.Reopen, null, moves, l["Deal reopened."], l, ct);

    private async Task<IActionResult> MoveFromPageAsync(
        int id, int version, DealMoves.Move move, string? reason, DealMoves moves, string done, IStringLocalizer l, CancellationToken ct)
    {
        var outcome = await moves.ApplyAsync(id, version, move, null, reason?.Trim(), CrmUser.From(User), ct);
        var back = RedirectToAction(nameof(Details), new { id });
        switch (outcome.Status)
        {
            case OutcomeStatus.Done:
                TempData["Flash"] = done;
                return back;
            case OutcomeStatus.Invalid:
                TempData["FlashError"] = string.Join(" ", outcome.Errors.Select(e => e.Message));
                return back;
            case OutcomeStatus.Conflict:
                TempData["FlashError"] = l["Someone else changed this deal meanwhile: here it is as it stands now."].Value;
                return back;
            default:
                return await this.Respond(outcome, _ => back);
        }
    }
}
