using System.Diagnostics;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Workflows;

/// <summary>
/// Starts the rules whose trigger is a time: no activity on a record for N days, a date field reached N days ahead.
/// Each record fires once per rule per occurrence (its last activity, the date's value). Set-based, in batches of
/// <see cref="WorkflowOptions.BatchSize"/> records, each batch one short transaction, so a rule over 100k records never
/// holds the write lock long enough for users to notice.
/// </summary>
public sealed class TimedTriggerSweeper(CrmDbContext db, WorkflowStarter starter, RecordKinds kinds, TimeProvider clock, IOptions<WorkflowOptions> options, ILogger<TimedTriggerSweeper> logger)
{
    /// <summary>The longest write transaction of the last run (benchmark and logs).</summary>
    public TimeSpan LongestWrite { get; private set; }

    /// <summary>Every write transaction of the last run, in order (benchmark).</summary>
    public List<TimeSpan> Writes { get; } = [];

    public async Task<int> Run(CancellationToken ct)
    {
        var rules = await db.WorkflowRules.AsNoTracking()
            .Where(r => r.Enabled && (r.Trigger == WorkflowTrigger.NoActivity || r.Trigger == WorkflowTrigger.DateReached || r.Trigger == WorkflowTrigger.TaskOverdue
                || r.Trigger == WorkflowTrigger.TicketSlaAtRisk || r.Trigger == WorkflowTrigger.TicketSlaBreached))
            .OrderBy(r => r.Id)
            .ToListAsync(ct);
        var started = 0;
        foreach (var rule in rules)
        {
            if (kinds.Find(rule.RecordKind) is not { } kind)
            {
                continue;
            }

            started += await kind.Accept(new Sweep(this, rule, ct));
        }

        return started;
    }

    /// <summary>Stands for a record the sweeper's query found live, when no condition needs its fields.</summary>
    private static readonly object Live = new();

    private sealed class Sweep(TimedTriggerSweeper sweeper, WorkflowRule rule, CancellationToken ct) : IRecordKindVisitor<Task<int>>
    {
        public Task<int> Visit<T>(RecordKind<T> kind)
            where T : class, IRecord<T> => sweeper.SweepAsync(kind, rule, ct);
    }

    private async Task<int> SweepAsync<T>(RecordKind<T> kind, WorkflowRule rule, CancellationToken ct)
        where T : class, IRecord<T>
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var size = options.Value.BatchSize;
        var started = 0;
        var after = 0;
        while (!ct.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            var (due, last, full) = rule.Trigger switch
            {
                WorkflowTrigger.NoActivity => await QuietAsync(rule, now, after, size, ct),
                WorkflowTrigger.TaskOverdue => await OverdueAsync(rule, now, after, size, ct),
                WorkflowTrigger.TicketSlaAtRisk or WorkflowTrigger.TicketSlaBreached => await EscalatedAsync(rule, after, size, ct),
                _ => await DatesReachedAsync<T>(kind, rule, now, after, size, ct),
            };
            after = last;

            // The batch's records in one query, untracked: the conditions read them without a query per record, and the
            // save that follows has only the new runs to look at.
            var ids = due.Select(d => d.Id).ToList();
            var records = rule.Conditions.Count == 0 ? [] : await db.Set<T>().AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
            foreach (var (id, at) in due)
            {
                if (rule.Conditions.Count > 0 && !records.ContainsKey(id))
                {
                    continue;
                }

                if (await starter.StartAsync(rule, id, WorkflowRun.TimeOccurrence(id, at), null, at, 1, null, ct, known: true, loaded: rule.Conditions.Count == 0 ? Live : records[id]) is not null)
                {
                    started++;
                }
            }

            var runs = db.ChangeTracker.Entries<WorkflowRun>().Select(e => e.Entity).ToList();
            db.ChangeTracker.Clear();
            var watch = Stopwatch.StartNew();
            try
            {
                await WriteAsync(runs, ct);
            }
            catch (System.Data.Common.DbException ex)
            {
                // Another instance swept the same records at the same moment (the unique occurrence refused ours); its runs stand.
                logger.LogInformation(ex, "Workflow rule {Rule}: a batch was swept by another instance", rule.Id);
                started -= runs.Count;
            }

            Writes.Add(watch.Elapsed);
            if (watch.Elapsed > LongestWrite)
            {
                LongestWrite = watch.Elapsed;
            }

            if (!full)
            {
                break;
            }
        }

        return started;

        async Task<(List<(int Id, DateTime At)> Due, int Last, bool Full)> QuietAsync(WorkflowRule r, DateTime at, int from, int take, CancellationToken token)
        {
            var before = at.AddDays(-(r.TriggerDays ?? 0));
            var rows = await db.Set<T>().AsNoTracking()
                .Where(x => x.Id > from)
                .Select(x => new { x.Id, At = EF.Property<DateTime?>(x, nameof(IListed.LastActivityAt)) ?? x.CreatedAt })
                .Where(x => x.At < before && !db.WorkflowRuns.Any(w => w.RuleId == r.Id && w.RecordId == x.Id && w.OccurredAt == x.At))
                .OrderBy(x => x.Id)
                .Take(take)
                .ToListAsync(token);
            return (rows.Select(x => (x.Id, x.At)).ToList(), rows.Count == 0 ? from : rows[^1].Id, rows.Count == take);
        }
    }

    /// <summary>
    /// Writes a batch's runs and steps in one short transaction, as prepared inserts around EF (a tracked save of a
    /// thousand runs held the write lock for about 600 ms on SQLite; this takes a small part of it).
    /// </summary>
    private Task WriteAsync(List<WorkflowRun> runs, CancellationToken ct) =>
        runs.Count == 0 ? Task.CompletedTask : db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await using (var writer = BulkWriter.InCurrentTransaction(db))
            {
                var runTable = writer.Table<WorkflowRun>(returnsId: true,
                    nameof(WorkflowRun.RuleId), nameof(WorkflowRun.RecordKind), nameof(WorkflowRun.RecordId), nameof(WorkflowRun.Occurrence),
                    nameof(WorkflowRun.ChangeEventId), nameof(WorkflowRun.OccurredAt), nameof(WorkflowRun.Depth), nameof(WorkflowRun.Status),
                    nameof(WorkflowRun.Conditions), nameof(WorkflowRun.Actions), nameof(WorkflowRun.Reason), nameof(WorkflowRun.CreatedAt),
                    nameof(WorkflowRun.StartedAt), nameof(WorkflowRun.FinishedAt));
                var stepTable = writer.Table<WorkflowRunStep>(returnsId: false,
                    nameof(WorkflowRunStep.RunId), nameof(WorkflowRunStep.Index), nameof(WorkflowRunStep.Status), nameof(WorkflowRunStep.Attempts),
                    nameof(WorkflowRunStep.NextAttemptAt), nameof(WorkflowRunStep.ResumeAt), nameof(WorkflowRunStep.ClaimedAt),
                    nameof(WorkflowRunStep.Outcome), nameof(WorkflowRunStep.Error), nameof(WorkflowRunStep.FinishedAt));
                foreach (var run in runs)
                {
                    var id = await runTable.InsertReturningIdAsync(token, run.RuleId, run.RecordKind, run.RecordId, run.Occurrence, run.ChangeEventId, run.OccurredAt,
                        run.Depth, run.Status, run.Conditions, run.Actions, run.Reason, run.CreatedAt, run.StartedAt, run.FinishedAt);
                    foreach (var step in run.Steps)
                    {
                        await stepTable.ExecuteAsync(token, id, step.Index, step.Status, step.Attempts, step.NextAttemptAt, step.ResumeAt, step.ClaimedAt, step.Outcome, step.Error, step.FinishedAt);
                    }
                }
            }

            await transaction.CommitAsync(token);
        }, ct);

    /// <summary>Open tasks past their due time (since the rule exists), each once per due time: moving a task later makes a new occurrence.</summary>
    private async Task<(List<(int Id, DateTime At)> Due, int Last, bool Full)> OverdueAsync(WorkflowRule rule, DateTime now, int after, int size, CancellationToken ct)
    {
        var since = rule.CreatedAt.AddDays(-1);
        var rows = await db.Tasks.AsNoTracking()
            .Where(t => t.Id > after && t.CompletedAt == null && t.DueAt < now && t.DueAt > since
                && !db.WorkflowRuns.Any(w => w.RuleId == rule.Id && w.RecordId == t.Id && w.OccurredAt == t.DueAt))
            .OrderBy(t => t.Id)
            .Take(size)
            .Select(t => new { t.Id, t.DueAt })
            .ToListAsync(ct);
        return (rows.Select(r => (r.Id, r.DueAt)).ToList(), rows.Count == 0 ? after : rows[^1].Id, rows.Count == size);
    }

    /// <summary>Tickets the SLA sweeper escalated since the rule exists, each once per escalation (its moment is the occurrence).</summary>
    private async Task<(List<(int Id, DateTime At)> Due, int Last, bool Full)> EscalatedAsync(WorkflowRule rule, int after, int size, CancellationToken ct)
    {
        var since = rule.CreatedAt;
        var escalated = rule.Trigger == WorkflowTrigger.TicketSlaBreached
            ? db.Tickets.AsNoTracking().Where(t => t.BreachedAt > since).Select(t => new { t.Id, At = t.BreachedAt!.Value })
            : db.Tickets.AsNoTracking().Where(t => t.AtRiskAt > since).Select(t => new { t.Id, At = t.AtRiskAt!.Value });
        var rows = await escalated
            .Where(t => t.Id > after && !db.WorkflowRuns.Any(w => w.RuleId == rule.Id && w.RecordId == t.Id && w.OccurredAt == t.At))
            .OrderBy(t => t.Id)
            .Take(size)
            .ToListAsync(ct);
        return (rows.Select(r => (r.Id, r.At)).ToList(), rows.Count == 0 ? after : rows[^1].Id, rows.Count == size);
    }

    private async Task<(List<(int Id, DateTime At)> Due, int Last, bool Full)> DatesReachedAsync<T>(RecordKind<T> kind, WorkflowRule rule, DateTime now, int after, int size, CancellationToken ct)
        where T : class, IRecord<T>
    {
        var field = rule.TriggerField ?? string.Empty;
        var days = rule.TriggerDays ?? 0;

        // Dates from before the rule existed are not occurrences: a new rule does not fire for every past renewal.
        var from = rule.CreatedAt.AddDays(-1 + days);
        var until = now.AddDays(days);
        var type = typeof(T).GetProperty(field)?.PropertyType;
        List<(int Id, DateTime At)> rows;
        if (type == typeof(DateOnly?) || type == typeof(DateOnly))
        {
            var first = DateOnly.FromDateTime(from);
            var last = DateOnly.FromDateTime(until);
            rows = (await db.Set<T>().AsNoTracking()
                    .Where(x => x.Id > after && EF.Property<DateOnly?>(x, field) >= first && EF.Property<DateOnly?>(x, field) <= last)
                    .OrderBy(x => x.Id).Take(size)
                    .Select(x => new { x.Id, At = EF.Property<DateOnly?>(x, field) })
                    .ToListAsync(ct))
                .Select(x => (x.Id, x.At!.Value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc))).ToList();
        }
        else if (type == typeof(DateTime?) || type == typeof(DateTime))
        {
            rows = (await db.Set<T>().AsNoTracking()
                    .Where(x => x.Id > after && EF.Property<DateTime?>(x, field) >= from && EF.Property<DateTime?>(x, field) <= until)
                    .OrderBy(x => x.Id).Take(size)
                    .Select(x => new { x.Id, At = EF.Property<DateTime?>(x, field) })
                    .ToListAsync(ct))
                .Select(x => (x.Id, x.At!.Value)).ToList();
        }
        else
        {
            throw new WorkflowException("The field {0} is not declared on {1}.", permanent: true, field, kind.Key);
        }

        // The occurrences already handled are dropped here: these are few (a window of dates), unlike the quiet records.
        var ids = rows.Select(r => r.Id).ToList();
        var done = (await db.WorkflowRuns.AsNoTracking().Where(w => w.RuleId == rule.Id && ids.Contains(w.RecordId)).Select(w => w.Occurrence).ToListAsync(ct)).ToHashSet();
        return (rows.Where(r => !done.Contains(WorkflowRun.TimeOccurrence(r.Id, r.At))).ToList(), rows.Count == 0 ? after : rows[^1].Id, rows.Count == size);
    }
}
