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

    public async Task<int> Run(CancellationToken ct)
    {
        var rules = await db.WorkflowRules.AsNoTracking()
            .Where(r => r.Enabled && (r.Trigger == WorkflowTrigger.NoActivity || r.Trigger == WorkflowTrigger.DateReached))
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
            var (due, last, full) = rule.Trigger == WorkflowTrigger.NoActivity
                ? await QuietAsync(rule, now, after, size, ct)
                : await DatesReachedAsync<T>(kind, rule, now, after, size, ct);
            after = last;

            // The batch's records in the tracker at once: the conditions read them without a query per record.
            var ids = due.Select(d => d.Id).ToList();
            await db.Set<T>().Where(r => ids.Contains(r.Id)).LoadAsync(ct);
            foreach (var (id, at) in due)
            {
                if (await starter.StartAsync(rule, id, WorkflowRun.TimeOccurrence(id, at), null, at, 1, null, ct) is not null)
                {
                    started++;
                }
            }

            var watch = Stopwatch.StartNew();
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex)
            {
                // Another instance swept the same records at the same moment; its runs stand.
                logger.LogInformation(ex, "Workflow rule {Rule}: a batch was swept by another instance", rule.Id);
            }

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
