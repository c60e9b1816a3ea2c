using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Records;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Workflows;

/// <summary>The admin's use cases on rules: list, read, save (checked), enable or disable, the run log, retrying a failed run.</summary>
public sealed class WorkflowAdmin(CrmDbContext db, WorkflowRuleChecks checks, RecordKinds kinds, TimeProvider clock)
{
    public sealed record RuleRow(int Id, string Name, string RecordKind, WorkflowTrigger Trigger, bool Enabled, DateTime? LastRunAt, WorkflowRunStatus? LastStatus, int Failed, string? Example = null);

    public sealed record RunRow(long Id, int RecordId, string? RecordName, WorkflowRunStatus Status, string? Reason, int Depth, DateTime CreatedAt, DateTime? FinishedAt,
        IReadOnlyList<ConditionResult> Conditions, IReadOnlyList<WorkflowAction> Actions, IReadOnlyList<StepRow> Steps);

    public sealed record StepRow(int Index, WorkflowRunStatus Status, int Attempts, DateTime? NextAttemptAt, DateTime? ResumeAt, string? Outcome, string? Error);

    public sealed record RunLog(WorkflowRule Rule, IReadOnlyList<RunRow> Runs, long? Before, long? Next);

    public async Task<IReadOnlyList<RuleRow>> ListAsync(CancellationToken ct)
    {
        var rules = await db.WorkflowRules.AsNoTracking().OrderBy(r => r.Name).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.Name, r.RecordKind, r.Trigger, r.Enabled, r.Example })
            .ToListAsync(ct);
        var failed = await db.WorkflowRuns.AsNoTracking().Where(r => r.Status == WorkflowRunStatus.Failed)
            .GroupBy(r => r.RuleId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var last = await db.WorkflowRuns.AsNoTracking()
            .Where(r => r.Id == db.WorkflowRuns.Where(x => x.RuleId == r.RuleId).Max(x => x.Id))
            .Select(r => new { r.RuleId, r.CreatedAt, r.Status })
            .ToDictionaryAsync(r => r.RuleId, ct);
        return rules.Select(r => new RuleRow(r.Id, r.Name, r.RecordKind, r.Trigger, r.Enabled,
            last.GetValueOrDefault(r.Id)?.CreatedAt, last.GetValueOrDefault(r.Id)?.Status, failed.GetValueOrDefault(r.Id), r.Example)).ToList();
    }

    /// <summary>Failed runs of every rule: the count admins see on the workflows page.</summary>
    public Task<int> FailedCountAsync(CancellationToken ct) => db.WorkflowRuns.CountAsync(r => r.Status == WorkflowRunStatus.Failed, ct);

    public Task<WorkflowRule?> FindAsync(int id, CancellationToken ct) => db.WorkflowRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>Creates (<paramref name="id"/> null) or updates a rule against the version the admin edited.</summary>
    public async Task<Outcome<int>> SaveAsync(int? id, WorkflowRuleForm form, CancellationToken ct)
    {
        var errors = await checks.CheckAsync(form, ct);
        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        WorkflowRule? rule;
        if (id is int existing)
        {
            rule = await db.WorkflowRules.FirstOrDefaultAsync(r => r.Id == existing, ct);
            if (rule is null)
            {
                return Outcome.NotFound;
            }

            if (rule.Version != form.Version)
            {
                return Outcome.Conflicted();
            }
        }
        else
        {
            rule = new WorkflowRule { CreatedAt = now };
            db.WorkflowRules.Add(rule);
        }

        form.ApplyTo(rule);
        rule.UpdatedAt = now;
        rule.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Conflicted();
        }

        return Outcome.Done(rule.Id);
    }

    /// <summary>Turns a rule on or off; a rule turned on is checked again first (a field may have gone since it was saved).</summary>
    public async Task<Outcome<int>> EnableAsync(int id, bool enabled, CancellationToken ct)
    {
        var rule = await db.WorkflowRules.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null)
        {
            return Outcome.NotFound;
        }

        if (enabled)
        {
            var errors = await checks.CheckAsync(WorkflowRuleForm.From(rule), ct);
            if (errors.Count > 0)
            {
                return Outcome.Invalid(errors);
            }
        }

        rule.Enabled = enabled;
        rule.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        rule.Version++;
        await db.SaveChangesAsync(ct);
        return Outcome.Done(id);
    }

    /// <summary>A page of the rule's runs, newest first, with the names of their records.</summary>
    public async Task<RunLog?> RunsAsync(int id, long? before, int take, CancellationToken ct)
    {
        var rule = await FindAsync(id, ct);
        if (rule is null)
        {
            return null;
        }

        var runs = await db.WorkflowRuns.AsNoTracking()
            .Where(r => r.RuleId == id && (before == null || r.Id < before))
            .OrderByDescending(r => r.Id)
            .Take(take + 1)
            .Include(r => r.Steps)
            .AsSplitQuery()
            .ToListAsync(ct);
        var more = runs.Count > take;
        runs = runs.Take(take).ToList();
        var names = new Dictionary<int, string>();
        if (kinds.Find(rule.RecordKind) is { } kind)
        {
            var ids = runs.Select(r => r.RecordId).Distinct().ToList();
            names = await kind.Summaries(db, withDeleted: true).Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        }

        return new RunLog(rule, runs.Select(r => new RunRow(r.Id, r.RecordId, names.GetValueOrDefault(r.RecordId), r.Status, r.Reason, r.Depth, r.CreatedAt, r.FinishedAt,
                r.Conditions, r.Actions, r.Steps.OrderBy(s => s.Index).Select(s => new StepRow(s.Index, s.Status, s.Attempts, s.NextAttemptAt, s.ResumeAt, s.Outcome, s.Error)).ToList())).ToList(),
            before, more ? runs[^1].Id : null);
    }

    /// <summary>Runs a failed run again from its failed action (the actions before it are not done twice).</summary>
    public async Task<Outcome<long>> RetryAsync(int ruleId, long runId, CancellationToken ct)
    {
        var run = await db.WorkflowRuns.Include(r => r.Steps).FirstOrDefaultAsync(r => r.Id == runId && r.RuleId == ruleId, ct);
        if (run is null)
        {
            return Outcome.NotFound;
        }

        var failed = run.Steps.FirstOrDefault(s => s.Status == WorkflowRunStatus.Failed);
        if (run.Status != WorkflowRunStatus.Failed || failed is null)
        {
            return Outcome.Conflicted();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        failed.Status = WorkflowRunStatus.Pending;
        failed.Attempts = 0;
        failed.NextAttemptAt = now;
        failed.FinishedAt = null;
        run.Status = WorkflowRunStatus.Pending;
        run.Reason = null;
        run.FinishedAt = null;
        await db.SaveChangesAsync(ct);
        return Outcome.Done(run.Id);
    }
}
