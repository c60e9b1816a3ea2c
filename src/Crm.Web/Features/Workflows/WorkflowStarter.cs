using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Workflows;

/// <summary>
/// Starts a rule on a record: evaluates its conditions on the record as it is now, then adds the run (with each
/// condition's result) and its steps to the context, the first step due at once. The caller saves, in the transaction
/// that also moves its cursor, so a trigger is handled once.
/// </summary>
public sealed class WorkflowStarter(CrmDbContext db, WorkflowFields fields, RecordKinds kinds, TimeProvider clock)
{
    public sealed record Evaluation(bool Passed, List<ConditionResult> Results, string? Error);

    // The runs this unit of work added and has not saved yet (the context's Local view would detect changes on every look).
    private readonly HashSet<(int, string)> _started = [];

    /// <summary>Each condition's result on the record; <see cref="Evaluation.Error"/> when a field is no longer declared.</summary>
    public async Task<Evaluation> EvaluateAsync(WorkflowRule rule, RecordKind kind, object record, CancellationToken ct)
    {
        var results = new List<ConditionResult>();
        string? error = null;
        foreach (var condition in rule.Conditions)
        {
            var field = fields.Find(kind, condition.Field);
            if (field is null)
            {
                var message = WorkflowMessage.Encode("The field {0} is not declared on {1}.", condition.Field, kind.Key);
                results.Add(new ConditionResult(condition.Field, condition.Operator, condition.Value, null, false, message));
                error ??= message;
                continue;
            }

            try
            {
                var actual = await fields.ReadAsync(record, field, ct);
                results.Add(new ConditionResult(condition.Field, condition.Operator, condition.Value, WorkflowFields.Show(actual),
                    WorkflowFields.Test(field.Field, actual, condition.Operator, condition.Value)));
            }
            catch (WorkflowException e)
            {
                var message = e.Encoded(WorkflowRun.MaxReasonLength);
                results.Add(new ConditionResult(condition.Field, condition.Operator, condition.Value, null, false, message));
                error ??= message;
            }
        }

        var passed = error is null && (results.Count == 0 || (rule.Match == ConditionMatch.All ? results.All(r => r.Passed) : results.Any(r => r.Passed)));
        return new Evaluation(passed, results, error);
    }

    /// <summary>Adds the run of <paramref name="rule"/> on a record for one occurrence of its trigger; null when that occurrence already has one.</summary>
    /// <param name="known">The caller's query already left out the occurrences that have a run (the sweeper's set-based filter).</param>
    /// <param name="loaded">The record, when the caller read it already (the sweeper reads its batch in one query).</param>
    public async Task<WorkflowRun?> StartAsync(WorkflowRule rule, int recordId, string occurrence, long? eventId, DateTime? occurredAt, int depth, string? skipReason, CancellationToken ct, bool known = false, object? loaded = null)
    {
        if (_started.Contains((rule.Id, occurrence))
            || (!known && await db.WorkflowRuns.AnyAsync(r => r.RuleId == rule.Id && r.Occurrence == occurrence, ct)))
        {
            return null;
        }

        _started.Add((rule.Id, occurrence));

        var now = clock.GetUtcNow().UtcDateTime;
        var run = new WorkflowRun
        {
            RuleId = rule.Id,
            RecordKind = rule.RecordKind,
            RecordId = recordId,
            Occurrence = occurrence,
            ChangeEventId = eventId,
            OccurredAt = occurredAt,
            Depth = depth,
            CreatedAt = now,
            Actions = rule.Actions.ToList(),
        };
        db.WorkflowRuns.Add(run);
        if (skipReason is not null)
        {
            return Finish(run, WorkflowRunStatus.Skipped, skipReason, now);
        }

        var kind = kinds.Find(rule.RecordKind);
        var record = kind is null ? null : loaded ?? await fields.LoadAsync(kind, recordId, ct);
        if (kind is null || record is null)
        {
            return Finish(run, WorkflowRunStatus.Skipped, WorkflowMessage.Encode("The record no longer exists."), now);
        }

        var evaluation = await EvaluateAsync(rule, kind, record, ct);
        run.Conditions = evaluation.Results;
        if (evaluation.Error is not null)
        {
            return Finish(run, WorkflowRunStatus.Failed, evaluation.Error, now);
        }

        if (!evaluation.Passed)
        {
            return Finish(run, WorkflowRunStatus.Skipped, WorkflowMessage.Encode("The conditions did not hold."), now);
        }

        if (rule.Actions.Count == 0)
        {
            return Finish(run, WorkflowRunStatus.Succeeded, null, now);
        }

        run.Status = WorkflowRunStatus.Pending;
        run.Steps = rule.Actions.Select((_, i) => new WorkflowRunStep
        {
            Index = i,
            Status = WorkflowRunStatus.Pending,
            NextAttemptAt = i == 0 ? now : null,
        }).ToList();
        return run;
    }

    private static WorkflowRun Finish(WorkflowRun run, WorkflowRunStatus status, string? reason, DateTime now)
    {
        run.Status = status;
        run.Reason = reason;
        run.FinishedAt = now;
        return run;
    }
}
