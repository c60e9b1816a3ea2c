using System.Globalization;
using System.Text.Json;
using Crm.Web.Features.Deals;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Workflows;

/// <summary>
/// Reads the committed change events (AuditEntries, decision 0006) after its cursor, in id order and older than the
/// settle time, and starts the enabled rules they trigger. Each batch's runs and the cursor commit together, and a run
/// is unique per rule and event, so reading twice (a retry, a second instance) starts each run once.
/// </summary>
public sealed class ChangeEventReader(CrmDbContext db, WorkflowStarter starter, TimeProvider clock, IOptions<WorkflowOptions> options, ILogger<ChangeEventReader> logger)
{
    private sealed record Event(long Id, string Kind, int EntityId, AuditAction Action, string? CorrelationId, string? Changes);

    /// <summary>Reads until no settled event is left; returns how many runs it started.</summary>
    public async Task<int> Run(CancellationToken ct)
    {
        var settle = TimeSpan.FromSeconds(options.Value.SettleSeconds ?? (db.Database.IsSqlite() ? 0 : 30));
        var started = 0;
        while (!ct.IsCancellationRequested)
        {
            var (count, more) = await ReadBatchAsync(settle, ct);
            started += count;
            if (!more)
            {
                break;
            }
        }

        return started;
    }

    private async Task<(int Started, bool More)> ReadBatchAsync(TimeSpan settle, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var cursor = await db.WorkflowCursors.FirstOrDefaultAsync(c => c.Id == WorkflowCursor.ChangeEvents, ct);
        if (cursor is null)
        {
            // A new install starts at the end of the log: rules act on changes made after they exist.
            var last = await db.AuditEntries.MaxAsync(a => (long?)a.Id, ct) ?? 0;
            cursor = new WorkflowCursor { LastEventId = last };
            db.WorkflowCursors.Add(cursor);
            await db.SaveChangesAsync(ct);
            return (0, false);
        }

        var before = clock.GetUtcNow().UtcDateTime - settle;
        var size = options.Value.BatchSize;
        var events = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Id > cursor.LastEventId && a.At <= before)
            .OrderBy(a => a.Id)
            .Take(size)
            .Select(a => new Event(a.Id, a.Kind, a.EntityId, a.Action, a.CorrelationId, a.Changes))
            .ToListAsync(ct);
        if (events.Count == 0)
        {
            return (0, false);
        }

        var rules = await db.WorkflowRules.AsNoTracking()
            .Where(r => r.Enabled && r.Trigger != WorkflowTrigger.NoActivity && r.Trigger != WorkflowTrigger.DateReached && r.Trigger != WorkflowTrigger.TaskOverdue
                && r.Trigger != WorkflowTrigger.TicketSlaAtRisk && r.Trigger != WorkflowTrigger.TicketSlaBreached)
            .ToListAsync(ct);
        var started = 0;
        var depths = new Dictionary<long, int>();
        foreach (var e in events)
        {
            foreach (var rule in rules.Where(r => r.RecordKind == e.Kind))
            {
                if (!await TriggersAsync(rule, e, ct))
                {
                    continue;
                }

                var (depth, skip) = await LoopCheckAsync(rule, e, depths, ct);
                if (await starter.StartAsync(rule, e.EntityId, WorkflowRun.EventOccurrence(e.Id), e.Id, null, depth, skip, ct) is not null)
                {
                    started++;
                }
            }
        }

        cursor.LastEventId = events[^1].Id;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            // Another instance handled this batch at the same moment: its runs stand, this one's are dropped; the
            // next read starts from the cursor it moved.
            logger.LogInformation(ex, "Change events {First}–{Last} were handled by another reader", events[0].Id, events[^1].Id);
            return (0, false);
        }

        return (started, events.Count == size);
    }

    private async Task<bool> TriggersAsync(WorkflowRule rule, Event e, CancellationToken ct)
    {
        switch (rule.Trigger)
        {
            case WorkflowTrigger.RecordCreated:
                return e.Action == AuditAction.Created;
            case WorkflowTrigger.RecordUpdated:
                return e.Action == AuditAction.Updated;
            case WorkflowTrigger.FieldChanged:
                return e.Action == AuditAction.Updated && Changes(e).FirstOrDefault(c => c.Field == rule.TriggerField) is { } change
                    && (string.IsNullOrWhiteSpace(rule.TriggerValue) || string.Equals(change.New?.Trim(), rule.TriggerValue.Trim(), StringComparison.OrdinalIgnoreCase));
            case WorkflowTrigger.StageEntered:
                var stage = rule.TriggerStageId?.ToString(CultureInfo.InvariantCulture);
                if (e.Action == AuditAction.Updated)
                {
                    return Changes(e).Any(c => c.Field == nameof(Deal.StageId) && c.New == stage);
                }

                // A deal created in the stage entered it too. A creation's event lists no fields, and the deal may have
                // moved since: its first stage-history entry says where it was created.
                return e.Action == AuditAction.Created && e.Kind == DealKind.Key
                    && await db.DealStageChanges.Where(c => c.DealId == e.EntityId).OrderBy(c => c.Id).Select(c => (int?)c.ToStageId).FirstOrDefaultAsync(ct) == rule.TriggerStageId;
            default:
                return false;
        }
    }

    /// <summary>
    /// A change made by a rule's action never triggers that rule; a change made by another rule's run starts a run one
    /// deeper than it, and a chain deeper than the limit is skipped, with the reason in the log.
    /// </summary>
    private async Task<(int Depth, string? Skip)> LoopCheckAsync(WorkflowRule rule, Event e, Dictionary<long, int> depths, CancellationToken ct)
    {
        if (WorkflowRule.ParseCorrelation(e.CorrelationId) is not { } cause)
        {
            return (1, null);
        }

        if (!depths.TryGetValue(cause.RunId, out var parent))
        {
            parent = await db.WorkflowRuns.AsNoTracking().Where(r => r.Id == cause.RunId).Select(r => (int?)r.Depth).FirstOrDefaultAsync(ct) ?? 1;
            depths[cause.RunId] = parent;
        }

        var depth = parent + 1;
        if (cause.RuleId == rule.Id)
        {
            return (depth, WorkflowMessage.Encode("Not run: the change was made by this rule's own action (run {0}).", cause.RunId));
        }

        return depth > options.Value.MaxDepth
            ? (depth, WorkflowMessage.Encode("Stopped: {0} rules triggered each other in a chain (the limit is {1}).", depth, options.Value.MaxDepth))
            : (depth, null);
    }

    private static RecordSaveInterceptor.FieldChange[] Changes(Event e) =>
        e.Changes is null || !e.Changes.StartsWith('[') ? [] : JsonSerializer.Deserialize<RecordSaveInterceptor.FieldChange[]>(e.Changes) ?? [];
}
