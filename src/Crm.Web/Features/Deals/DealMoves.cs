using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Deals;

/// <summary>
/// A deal moved on the board or from its page: to another stage, won, lost or reopened. Each is one small write (the
/// deal's stage, status and version, and one stage-history row) against the version the user saw, so a deal changed by
/// someone else meanwhile is not moved and the user is told.
/// </summary>
public sealed class DealMoves(CrmDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public enum Move
    {
        Stage,
        Win,
        Lose,
        Reopen,
    }

    /// <summary>What the deal stands at after the move: its new version, stage and status.</summary>
    public sealed record Moved(int Id, int Version, int StageId, DealStatus Status);

    /// <param name="version">The version the user saw; null skips the check (only for tests and jobs).</param>
    /// <param name="stageId">For <see cref="Move.Stage"/>: the stage to move to, in the deal's pipeline or another one.</param>
    /// <param name="reason">For <see cref="Move.Lose"/>: why, required.</param>
    public async Task<Outcome<Moved>> ApplyAsync(int id, int? version, Move move, int? stageId, string? reason, CrmUser user, CancellationToken ct)
    {
        var deal = await db.Deals.VisibleTo(user).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (RecordEditing.Refuses(deal, user, out var refused))
        {
            return refused;
        }

        if (version is int seen && deal.Version != seen)
        {
            return Outcome.Conflicted(null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        DealMoveResult result;
        switch (move)
        {
            case Move.Stage:
                var stage = stageId is int target ? await db.PipelineStages.FirstOrDefaultAsync(s => s.Id == target && s.RemovedAt == null, ct) : null;
                if (stage is null)
                {
                    return Outcome.Invalid([new FieldError("StageId", l["Choose a stage from the list."])]);
                }

                result = deal.MoveTo(stage, user.Id, now);
                break;
            case Move.Win:
                result = deal.Win(user.Id, now);
                break;
            case Move.Lose:
                result = deal.Lose(reason ?? string.Empty, user.Id, now);
                break;
            case Move.Reopen:
                result = deal.Reopen(user.Id, now);
                break;
            default:
                return Outcome.Invalid([new FieldError(string.Empty, l["The request was not valid."])]);
        }

        switch (result)
        {
            case DealMoveResult.Closed:
                return Outcome.Invalid([new FieldError("StageId", l["Reopen the deal before moving it to another stage."])]);
            case DealMoveResult.ReasonMissing:
                return Outcome.Invalid([new FieldError("Reason", l["Say why the deal was lost."])]);
        }

        // The deal was read just now: its loaded version is the concurrency check, and the move changed the row.
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Conflicted(null);
        }

        return Outcome.Done(new Moved(deal.Id, deal.Version, deal.StageId, deal.Status));
    }
}
