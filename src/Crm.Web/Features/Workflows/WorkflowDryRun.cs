using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Workflows;

/// <summary>
/// "Test this rule on record X": the conditions as they stand on the record and what each action would do, from the
/// same code the engine runs, saving nothing (the context it reads with is never saved).
/// </summary>
public sealed class WorkflowDryRun(CrmDbContext db, WorkflowStarter starter, WorkflowActionRunner actions, WorkflowFields fields, RecordKinds kinds)
{
    public sealed record Result(string RecordName, bool Passed, IReadOnlyList<ConditionResult> Conditions, string? Error, IReadOnlyList<(string? Outcome, string? Error)> Actions);

    /// <returns>Null when the record does not exist.</returns>
    public async Task<Result?> RunAsync(WorkflowRule rule, int recordId, CancellationToken ct)
    {
        if (kinds.Find(rule.RecordKind) is not { } kind || await fields.LoadAsync(kind, recordId, ct) is not { } record)
        {
            return null;
        }

        var name = await kind.Summaries(db).Where(s => s.Id == recordId).Select(s => s.Name).FirstOrDefaultAsync(ct) ?? string.Empty;
        var evaluation = await starter.EvaluateAsync(rule, kind, record, ct);
        var run = new WorkflowRun { RuleId = rule.Id, RecordKind = kind.Key, RecordId = recordId, Actions = rule.Actions };
        var outcomes = new List<(string?, string?)>();
        for (var i = 0; i < rule.Actions.Count; i++)
        {
            try
            {
                outcomes.Add((await actions.RunAsync(run, i, kind, record, dryRun: true, ct), null));
            }
            catch (WorkflowException e)
            {
                outcomes.Add((null, e.Encoded(WorkflowRunStep.MaxErrorLength)));
            }
        }

        db.ChangeTracker.Clear();
        return new Result(name, evaluation.Passed, evaluation.Results, evaluation.Error, outcomes);
    }
}
