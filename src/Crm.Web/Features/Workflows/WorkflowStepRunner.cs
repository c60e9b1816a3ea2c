using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Workflows;

/// <summary>
/// Runs the due steps of the runs, in order: each is claimed atomically (so two instances never run one twice), done in
/// one transaction with its new status and the next step's due time, and retried with exponential backoff when it
/// fails; after the last attempt, or at once for an error no retry can mend (a field no longer declared), the run fails
/// with the error in its log. A claim left by a process that died is taken back after <see cref="WorkflowOptions.ClaimTimeoutSeconds"/>.
/// </summary>
public sealed class WorkflowStepRunner(
    CrmDbContext db, WorkflowActionRunner actions, WorkflowFields fields, RecordKinds kinds, ChangeScope changes,
    TimeProvider clock, IOptions<WorkflowOptions> options, ILogger<WorkflowStepRunner> logger)
{
    /// <summary>Runs what is due now; returns how many steps it ran.</summary>
    public async Task<int> Run(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lost = now.AddSeconds(-options.Value.ClaimTimeoutSeconds);
        var retaken = await db.WorkflowRunSteps
            .Where(s => s.Status == WorkflowRunStatus.Running && s.ClaimedAt < lost)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, WorkflowRunStatus.Pending).SetProperty(x => x.ClaimedAt, (DateTime?)null), ct);
        if (retaken > 0)
        {
            logger.LogWarning("{Count} workflow step(s) were left running by a process that stopped; they run again", retaken);
        }

        var ran = 0;
        while (!ct.IsCancellationRequested)
        {
            now = clock.GetUtcNow().UtcDateTime;
            var due = await db.WorkflowRunSteps.AsNoTracking()
                .Where(s => (s.Status == WorkflowRunStatus.Pending || s.Status == WorkflowRunStatus.Waiting) && s.NextAttemptAt <= now)
                .OrderBy(s => s.NextAttemptAt).ThenBy(s => s.Id)
                .Select(s => s.Id)
                .Take(100)
                .ToListAsync(ct);
            var claimedAny = false;
            foreach (var id in due)
            {
                var claimed = await db.WorkflowRunSteps
                    .Where(s => s.Id == id && (s.Status == WorkflowRunStatus.Pending || s.Status == WorkflowRunStatus.Waiting) && s.NextAttemptAt <= now)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, WorkflowRunStatus.Running).SetProperty(x => x.ClaimedAt, now), ct);
                if (claimed == 0)
                {
                    continue;
                }

                claimedAny = true;
                ran++;
                await RunStepAsync(id, ct);
            }

            if (!claimedAny)
            {
                break;
            }
        }

        return ran;
    }

    private async Task RunStepAsync(long stepId, CancellationToken ct)
    {
        try
        {
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
            {
                db.ChangeTracker.Clear();
                var step = await db.WorkflowRunSteps.FirstAsync(s => s.Id == stepId, token);
                var run = await db.WorkflowRuns.FirstAsync(r => r.Id == step.RunId, token);
                using var scope = changes.Begin(ChangeSource.Workflow, WorkflowRule.CorrelationOf(run.RuleId, run.Id));
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                await DoAsync(run, step, token);
                await db.SaveChangesAsync(token);
                await transaction.CommitAsync(token);
            }, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await FailedAsync(stepId, ex, ct);
        }
    }

    private async Task DoAsync(WorkflowRun run, WorkflowRunStep step, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var action = run.Actions.ElementAtOrDefault(step.Index) ?? throw new WorkflowException("This action is not known.", permanent: true);
        run.StartedAt ??= now;
        step.Attempts++;
        step.ClaimedAt = null;
        if (action.Type == WorkflowActionType.Wait && step.ResumeAt is null)
        {
            step.ResumeAt = now.AddDays(action.Days ?? 0);
            step.NextAttemptAt = step.ResumeAt;
            step.Status = WorkflowRunStatus.Waiting;
            step.Outcome = WorkflowMessage.Encode("Waiting until {0}.", step.ResumeAt.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            run.Status = WorkflowRunStatus.Waiting;
            return;
        }

        run.Status = WorkflowRunStatus.Running;
        var kind = kinds.Find(run.RecordKind) ?? throw new WorkflowException("The kind of record {0} no longer exists.", permanent: true, run.RecordKind);
        var record = await fields.LoadAsync(kind, run.RecordId, ct) ?? throw new WorkflowException("The record no longer exists.", permanent: true);
        step.Outcome = await actions.RunAsync(run, step.Index, kind, record, dryRun: false, ct);
        step.Status = WorkflowRunStatus.Succeeded;
        step.Error = null;
        step.FinishedAt = now;
        step.NextAttemptAt = null;
        var next = await db.WorkflowRunSteps.FirstOrDefaultAsync(s => s.RunId == run.Id && s.Index == step.Index + 1, ct);
        if (next is null)
        {
            run.Status = WorkflowRunStatus.Succeeded;
            run.FinishedAt = now;
        }
        else
        {
            next.NextAttemptAt = now;
        }
    }

    private async Task FailedAsync(long stepId, Exception ex, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow().UtcDateTime;
        var step = await db.WorkflowRunSteps.FirstAsync(s => s.Id == stepId, ct);
        var run = await db.WorkflowRuns.FirstAsync(r => r.Id == step.RunId, ct);
        // A webhook refused at connection arrives wrapped in the HTTP client's exception.
        var known = ex as WorkflowException ?? ex.GetBaseException() as WorkflowException;
        var error = known is not null ? known.Encoded(WorkflowRunStep.MaxErrorLength) : WorkflowMessage.Fit("{0}", WorkflowRunStep.MaxErrorLength, ex.GetBaseException().Message);
        step.Attempts++;
        step.ClaimedAt = null;
        step.Error = error;
        if (known is { Permanent: true } || step.Attempts >= options.Value.MaxAttempts)
        {
            step.Status = WorkflowRunStatus.Failed;
            step.FinishedAt = now;
            step.NextAttemptAt = null;
            run.Status = WorkflowRunStatus.Failed;
            run.Reason = WorkflowMessage.Encode("Action {0} failed.", step.Index + 1);
            run.FinishedAt = now;
            logger.LogWarning(ex, "Workflow run {Run} failed at action {Step}", run.Id, step.Index + 1);
        }
        else
        {
            step.Status = WorkflowRunStatus.Pending;
            step.NextAttemptAt = now + Backoff(step.Attempts);
            logger.LogInformation(ex, "Workflow run {Run}, action {Step}: attempt {Attempt} failed, retried at {At}", run.Id, step.Index + 1, step.Attempts, step.NextAttemptAt);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The wait before the next attempt: the first retry delay, doubled after each failure.</summary>
    public TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(options.Value.FirstRetrySeconds * Math.Pow(2, Math.Max(0, attempts - 1)));
}
