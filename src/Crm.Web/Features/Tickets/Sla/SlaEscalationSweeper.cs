using System.Globalization;
using Crm.Web.Features.Notifications;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Tickets.Sla;

/// <summary>
/// Escalates running tickets (new or open; a paused or resolved ticket's clock stands still), every minute and once at
/// start. Past a deadline: breached (its team's manager is notified, the priority goes up one step, the policy may
/// move it to another queue or agent). Past its at-risk share: at risk (the assignee is notified, else the team's
/// managers). Set-based: each step claims up to <see cref="BatchSize"/> tickets in one conditional UPDATE on an indexed
/// range (never reading the quiet ones), inside the transaction that writes their notifications, so an escalation run
/// twice, or by two instances at once, happens once: the second finds BreachedAt/AtRiskAt already set and claims nothing.
/// Workflow rules see both through their triggers "SLA at risk" and "SLA breached" (the timed trigger sweeper).
/// </summary>
public sealed class SlaEscalationSweeper(CrmDbContext db, Notifications.Notifications notifications, ChangeScope changes, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public const string RecurringJobId = "sla-escalation";
    public const int BatchSize = 1000;

    public sealed record Result(int Breached, int AtRisk);

    public enum Deadline
    {
        FirstResponse,
        Resolution,
    }

    private sealed record Claimed(int Id, string Number, string Subject, string? OwnerId, int? TeamId, int? PolicyId, DateTime? Due);

    public async Task<Result> Run(CancellationToken ct)
    {
        var breached = 0;
        var atRisk = 0;

        // Breaches first: a ticket already past due (the app was down) is breached, not warned about.
        foreach (var deadline in Enum.GetValues<Deadline>())
        {
            breached += await RepeatAsync(() => BreachAsync(deadline, ct), ct);
        }

        foreach (var deadline in Enum.GetValues<Deadline>())
        {
            atRisk += await RepeatAsync(() => WarnAsync(deadline, ct), ct);
        }

        return new Result(breached, atRisk);
    }

    public static string AtRiskKey(int ticketId, DateTime due) => string.Create(CultureInfo.InvariantCulture, $"sla-atrisk-{ticketId}-{due:yyyyMMddTHHmmss}");

    public static string BreachedKey(int ticketId, DateTime due) => string.Create(CultureInfo.InvariantCulture, $"sla-breached-{ticketId}-{due:yyyyMMddTHHmmss}");

    private static async Task<int> RepeatAsync(Func<Task<int>> batch, CancellationToken ct)
    {
        var total = 0;
        while (!ct.IsCancellationRequested)
        {
            var count = await batch();
            total += count;
            if (count < BatchSize)
            {
                break;
            }
        }

        return total;
    }

    /// <summary>The running tickets past a deadline and not yet breached, in the order they fell due (a range of an index).</summary>
    public static IQueryable<int> PastDue(CrmDbContext db, Deadline deadline, DateTime now) => (deadline == Deadline.FirstResponse
            ? Running(db).Where(t => t.BreachedAt == null && t.FirstRespondedAt == null && t.FirstResponseDueAt <= now).OrderBy(t => t.FirstResponseDueAt)
            : Running(db).Where(t => t.BreachedAt == null && t.ResolutionDueAt <= now).OrderBy(t => t.ResolutionDueAt))
        .Take(BatchSize).Select(t => t.Id);

    /// <summary>The running tickets past a deadline's at-risk share and not yet escalated.</summary>
    public static IQueryable<int> PastWarning(CrmDbContext db, Deadline deadline, DateTime now) => (deadline == Deadline.FirstResponse
            ? Running(db).Where(t => t.AtRiskAt == null && t.BreachedAt == null && t.FirstRespondedAt == null && t.FirstResponseWarnAt <= now).OrderBy(t => t.FirstResponseWarnAt)
            : Running(db).Where(t => t.AtRiskAt == null && t.BreachedAt == null && t.ResolutionWarnAt <= now).OrderBy(t => t.ResolutionWarnAt))
        .Take(BatchSize).Select(t => t.Id);

    private static IQueryable<Ticket> Running(CrmDbContext db) =>
        db.Tickets.Where(t => t.Status == TicketStatus.New || t.Status == TicketStatus.Open);

    private async Task<int> BreachAsync(Deadline deadline, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stamp = Stamp(now);
        var ids = PastDue(db, deadline, now);

        return await InTransactionAsync(async token =>
        {
            var count = await db.Tickets.Where(t => ids.Contains(t.Id) && t.BreachedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.BreachedAt, stamp).SetProperty(t => t.SlaState, SlaState.Breached)
                    .SetProperty(t => t.UpdatedAt, now).SetProperty(t => t.Version, t => t.Version + 1), token);
            if (count == 0)
            {
                return 0;
            }

            var claimed = await ClaimedAsync(db.Tickets.Where(t => t.BreachedAt == stamp), deadline, token);

            // The claimed tickets (a batch at most) change through the context, so their history and change events say
            // the priority went up and where they moved, by the system, and workflow rules on those fields see it.
            using var scope = changes.Begin(ChangeSource.System, "sla-breach-" + stamp.Ticks.ToString(CultureInfo.InvariantCulture));
            var moves = await db.SlaPolicies.AsNoTracking().Where(p => p.BreachTeamId != null || p.BreachOwnerId != null)
                .Select(p => new { p.Id, p.IsDefault, p.BreachTeamId, p.BreachOwnerId }).ToListAsync(token);
            foreach (var ticket in await db.Tickets.Where(t => t.BreachedAt == stamp).ToListAsync(token))
            {
                ticket.Priority = ticket.Priority switch
                {
                    TicketPriority.Low => TicketPriority.Normal,
                    TicketPriority.Normal => TicketPriority.High,
                    _ => TicketPriority.Urgent,
                };
                if (moves.FirstOrDefault(p => p.Id == ticket.SlaPolicyId || (p.IsDefault && ticket.SlaPolicyId is null)) is { } move)
                {
                    ticket.AssignTo(move.BreachOwnerId ?? ticket.OwnerId, move.BreachTeamId ?? ticket.TeamId);
                }
            }

            var managers = await ManagersAsync(claimed.Select(c => c.TeamId).Distinct().ToList(), token);
            foreach (var ticket in claimed)
            {
                foreach (var manager in ManagersOf(managers, ticket.TeamId))
                {
                    Notify(manager, ticket, BreachedKey(ticket.Id, ticket.Due ?? now), breached: true);
                }
            }

            await db.SaveChangesAsync(token);
            return count;
        }, ct);
    }

    private async Task<int> WarnAsync(Deadline deadline, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stamp = Stamp(now);
        var ids = PastWarning(db, deadline, now);

        return await InTransactionAsync(async token =>
        {
            var count = await db.Tickets.Where(t => ids.Contains(t.Id) && t.AtRiskAt == null && t.BreachedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.AtRiskAt, stamp).SetProperty(t => t.SlaState, SlaState.AtRisk), token);
            if (count == 0)
            {
                return 0;
            }

            var claimed = await ClaimedAsync(db.Tickets.Where(t => t.AtRiskAt == stamp), deadline, token);
            var unassignedTeams = claimed.Where(c => c.OwnerId is null).Select(c => c.TeamId).Distinct().ToList();
            var managers = unassignedTeams.Count == 0 ? new Dictionary<int, List<Recipient>>() : await ManagersAsync(unassignedTeams, token);
            var ownerIds = claimed.Select(c => c.OwnerId).OfType<string>().Distinct().ToList();
            var owners = await db.Users.AsNoTracking().Where(u => ownerIds.Contains(u.Id) && u.IsActive)
                .Select(u => new Recipient(u.Id, u.Culture, u.TeamId)).ToListAsync(token);
            foreach (var ticket in claimed)
            {
                var to = ticket.OwnerId is { } owner ? owners.Where(o => o.Id == owner) : ManagersOf(managers, ticket.TeamId);
                foreach (var recipient in to)
                {
                    Notify(recipient, ticket, AtRiskKey(ticket.Id, ticket.Due ?? now), breached: false);
                }
            }

            await db.SaveChangesAsync(token);
            return count;
        }, ct);
    }

    private static Task<List<Claimed>> ClaimedAsync(IQueryable<Ticket> tickets, Deadline deadline, CancellationToken ct) =>
        tickets.AsNoTracking().OrderBy(t => t.Id)
            .Select(t => new Claimed(t.Id, t.Number, t.Subject, t.OwnerId, t.TeamId, t.SlaPolicyId,
                deadline == Deadline.FirstResponse ? t.FirstResponseDueAt : t.ResolutionDueAt))
            .ToListAsync(ct);

    private sealed record Recipient(string Id, string? Culture, int? TeamId);

    /// <summary>
    /// Who manages each of these teams (the key; null for tickets in no queue): the team's manager (/Admin/Teams) when it
    /// has an active one, else the active users in the Manager role who belong to the team; a ticket in no queue goes
    /// to every active user in the Manager role.
    /// </summary>
    private async Task<Dictionary<int, List<Recipient>>> ManagersAsync(List<int?> teamIds, CancellationToken ct)
    {
        var ids = teamIds.OfType<int>().ToList();
        var named = await db.Teams.AsNoTracking()
            .Where(t => ids.Contains(t.Id) && t.ManagerId != null && t.Manager!.IsActive)
            .Select(t => new { t.Id, Manager = new Recipient(t.Manager!.Id, t.Manager.Culture, t.Id) })
            .ToListAsync(ct);
        var anyTeam = teamIds.Contains(null);
        var role = await (from u in db.Users.AsNoTracking()
                          join ur in db.UserRoles on u.Id equals ur.UserId
                          join r in db.Roles on ur.RoleId equals r.Id
                          where r.Name == Roles.Manager && u.IsActive && (anyTeam || (u.TeamId != null && ids.Contains(u.TeamId.Value)))
                          select new Recipient(u.Id, u.Culture, u.TeamId)).Distinct().ToListAsync(ct);
        var managers = new Dictionary<int, List<Recipient>>();
        foreach (var id in ids)
        {
            managers[id] = named.Where(n => n.Id == id).Select(n => n.Manager).ToList() is { Count: > 0 } own ? own : role.Where(m => m.TeamId == id).ToList();
        }

        if (anyTeam)
        {
            managers[NoTeam] = role;
        }

        return managers;
    }

    /// <summary>The key of tickets in no queue among <see cref="ManagersAsync"/>'s teams.</summary>
    private const int NoTeam = 0;

    private static IEnumerable<Recipient> ManagersOf(Dictionary<int, List<Recipient>> managers, int? teamId) =>
        managers.TryGetValue(teamId ?? NoTeam, out var found) ? found : [];

    private void Notify(Recipient to, Claimed ticket, string key, bool breached)
    {
        var culture = CultureInfo.GetCultureInfo(LocalizationSetup.IsSupported(to.Culture) ? to.Culture! : LocalizationSetup.DefaultCulture);
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        try
        {
            var title = breached ? l["SLA breached: {0} {1}", ticket.Number, ticket.Subject].Value : l["SLA at risk: {0} {1}", ticket.Number, ticket.Subject].Value;
            notifications.Add(to.Id, title, null, Ticket.Kind.DetailsPath(ticket.Id), key);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
        }
    }

    private Task<int> InTransactionAsync(Func<CancellationToken, Task<int>> work, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            try
            {
                var count = await work(token);
                await transaction.CommitAsync(token);
                return count;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }, ct);

    /// <summary>Names this claim: two sweepers claiming in the same tick tell their rows apart.</summary>
    private static DateTime Stamp(DateTime now) => now.AddTicks(Random.Shared.Next(1, 10_000));
}

/// <summary>Schedules the escalation sweep every minute and runs it once at start.</summary>
public sealed class SlaEscalationStarter(IServiceScopeFactory scopes, ILogger<SlaEscalationStarter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (scope.ServiceProvider.GetService<IRecurringJobManager>() is not { } recurring)
        {
            return;
        }

        try
        {
            recurring.AddOrUpdate<SlaEscalationSweeper>(SlaEscalationSweeper.RecurringJobId, sweeper => sweeper.Run(CancellationToken.None), "* * * * *");
            await scope.ServiceProvider.GetRequiredService<SlaEscalationSweeper>().Run(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not run the SLA escalation sweep at start");
        }
    }
}
