using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Tickets.Sla;

/// <summary>
/// Keeps a ticket's SLA deadlines true as it lives: counted at opening from its policy (or the default one), moved by
/// the business time a pause lasted, recounted when its priority changes, stopped when it is resolved or closed.
/// It only sets the ticket's properties: the caller saves them with the change that caused them.
/// </summary>
public sealed class SlaDeadlines(CrmDbContext db, TimeProvider clock, Settings.CurrentSettings settings) : ITicketSla
{
    /// <summary>Counts both deadlines from the ticket's creation (now when not yet set); state OnTrack.</summary>
    public async Task StartAsync(Ticket ticket, CancellationToken ct)
    {
        var now = Now();
        var policy = await PolicyOfAsync(ticket.SlaPolicyId, ct);
        ticket.SlaState = SlaState.OnTrack;
        ticket.SlaPausedAt = null;
        if (policy is null)
        {
            return;
        }

        ticket.SlaPolicyId = policy.Id;
        var sla = await ClockForAsync(policy, ct);
        var start = ticket.CreatedAt == default ? now : ticket.CreatedAt;
        var target = TargetOf(policy, ticket.Priority);
        ticket.FirstResponseDueAt = target is null || ticket.FirstRespondedAt is not null ? ticket.FirstResponseDueAt : sla.AddBusinessMinutes(start, target.FirstResponseMinutes);
        ticket.ResolutionDueAt = target is null ? null : sla.AddBusinessMinutes(start, target.ResolutionMinutes);
        Settle(ticket, policy, sla, now);
    }

    /// <summary>
    /// After a change of status or priority: waiting on the customer pauses the clock; leaving it (or reopening a resolved
    /// ticket) moves the running deadlines by the business time it stood still; a new priority recounts them with its
    /// targets, keeping the business time already used; resolved and closed stop it. Leave <see cref="Ticket.SlaPausedAt"/>,
    /// <see cref="Ticket.ResolvedAt"/> and <see cref="Ticket.ClosedAt"/> to this method: it reads them as they were.
    /// </summary>
    public async Task OnChangedAsync(Ticket ticket, TicketStatus statusBefore, TicketPriority priorityBefore, CancellationToken ct)
    {
        if (ticket.Status == statusBefore && ticket.Priority == priorityBefore)
        {
            return;
        }

        var now = Now();
        var policy = await PolicyOfAsync(ticket.SlaPolicyId, ct);
        var sla = policy is null ? null : await ClockForAsync(policy, ct);

        // The moment the clock stood still at, when it did: paused, or stopped by a resolution.
        // (SlaPausedAt is kept while resolved too: the ticket's own MoveTo clears ResolvedAt on reopening.)
        var stoppedAt = ClockOf(statusBefore) == Clock.Running ? (DateTime?)null : ticket.SlaPausedAt ?? ticket.ResolvedAt ?? ticket.ClosedAt ?? now;

        if (policy is not null && sla is not null && ticket.Priority != priorityBefore)
        {
            var at = stoppedAt ?? now;
            var before = TargetOf(policy, priorityBefore);
            if (TargetOf(policy, ticket.Priority) is { } after)
            {
                if (ticket.FirstRespondedAt is null)
                {
                    ticket.FirstResponseDueAt = Recount(sla, ticket.FirstResponseDueAt, at, before?.FirstResponseMinutes, after.FirstResponseMinutes);
                }

                ticket.ResolutionDueAt = Recount(sla, ticket.ResolutionDueAt, at, before?.ResolutionMinutes, after.ResolutionMinutes);
            }
        }

        var clockNow = ClockOf(ticket.Status);
        if (clockNow != ClockOf(statusBefore))
        {
            if (sla is not null && stoppedAt is { } since)
            {
                // The deadlines keep the business time they had left when the clock stopped.
                if (ticket.FirstRespondedAt is null && ticket.FirstResponseDueAt is { } first)
                {
                    ticket.FirstResponseDueAt = sla.Shift(now, sla.SignedBetween(since, first));
                }

                if (ticket.ResolutionDueAt is { } resolution)
                {
                    ticket.ResolutionDueAt = sla.Shift(now, sla.SignedBetween(since, resolution));
                }
            }

            ticket.SlaPausedAt = clockNow == Clock.Running ? null : now;
            if (clockNow != Clock.Stopped)
            {
                ticket.ResolvedAt = null;
                ticket.ClosedAt = null;
            }
        }

        if (clockNow == Clock.Stopped)
        {
            ticket.ResolvedAt ??= now;
            ticket.ClosedAt = ticket.Status == TicketStatus.Closed ? ticket.ClosedAt ?? now : null;
        }

        if (policy is not null && sla is not null)
        {
            Settle(ticket, policy, sla, now);
        }
        else
        {
            ticket.SlaState = clockNow == Clock.Paused ? SlaState.Paused : ticket.BreachedAt is null ? SlaState.OnTrack : SlaState.Breached;
        }
    }

    /// <summary>The first public reply: the first-response deadline is met (or recorded as missed) and stops running.</summary>
    public void OnFirstResponse(Ticket ticket)
    {
        if (ticket.FirstRespondedAt is not null)
        {
            return;
        }

        var now = Now();
        ticket.FirstRespondedAt = now;
        ticket.FirstResponseWarnAt = null;
        if (ticket.BreachedAt is null && ticket.FirstResponseDueAt < now)
        {
            ticket.SlaState = SlaState.Breached;
        }
        else if (ticket.SlaState == SlaState.AtRisk && ticket.BreachedAt is null && !(ticket.ResolutionWarnAt <= now))
        {
            // It was at risk for its first response only: the resolution deadline may warn later, once.
            ticket.SlaState = SlaState.OnTrack;
            ticket.AtRiskAt = null;
        }
    }

    /// <summary>The policy's clock: its own hours and zone, or the company's when it uses them (read at each count, so a change applies from then on).</summary>
    private async Task<SlaClock> ClockForAsync(SlaPolicy policy, CancellationToken ct)
    {
        if (!policy.UseCompanyHours)
        {
            return SlaClock.For(policy);
        }

        var company = await settings.GetAsync(ct);
        return new SlaClock(company.TimeZone ?? policy.TimeZone, Settings.CompanyHours.Parse(company.BusinessHours), policy.Holidays.Select(h => h.Date));
    }

    /// <summary>The policy of a ticket: its own, else the default (the first one when none is marked).</summary>
    public async Task<SlaPolicy?> PolicyOfAsync(int? policyId, CancellationToken ct)
    {
        var policies = db.SlaPolicies.AsNoTracking().AsSplitQuery().Include(p => p.Targets).Include(p => p.Hours).Include(p => p.Holidays);
        return (policyId is { } id ? await policies.FirstOrDefaultAsync(p => p.Id == id, ct) : null)
            ?? await policies.OrderByDescending(p => p.IsDefault).ThenBy(p => p.Id).FirstOrDefaultAsync(ct);
    }

    public static bool IsRunning(TicketStatus status) => status is TicketStatus.New or TicketStatus.Open;

    /// <summary>The warning moments and the state from the due dates: what the escalation sweep and the queues read.</summary>
    public static void Settle(Ticket t, SlaPolicy policy, SlaClock sla, DateTime now)
    {
        var target = TargetOf(policy, t.Priority);
        var stopped = t.Status is TicketStatus.Resolved or TicketStatus.Closed;
        t.FirstResponseWarnAt = stopped || t.FirstRespondedAt is not null || target is null ? null : WarnAt(sla, t.FirstResponseDueAt, target.FirstResponseMinutes, policy.AtRiskPercent);
        t.ResolutionWarnAt = stopped || target is null ? null : WarnAt(sla, t.ResolutionDueAt, target.ResolutionMinutes, policy.AtRiskPercent);

        var missed = (t.FirstRespondedAt ?? t.ResolvedAt ?? now) > t.FirstResponseDueAt || (t.ResolvedAt ?? now) > t.ResolutionDueAt;
        if (t.BreachedAt is not null || (stopped && missed))
        {
            t.SlaState = SlaState.Breached;
            return;
        }

        var warned = t.FirstResponseWarnAt <= now || t.ResolutionWarnAt <= now;
        if (t.AtRiskAt is not null && !warned)
        {
            // The deadlines moved away (a pause, a lower priority): a new at-risk escalation may come for the new ones.
            t.AtRiskAt = null;
        }

        t.SlaState = t.Status == TicketStatus.WaitingOnCustomer ? SlaState.Paused
            : t.AtRiskAt is not null ? SlaState.AtRisk
            : SlaState.OnTrack;
    }

    private static DateTime? WarnAt(SlaClock sla, DateTime? due, int targetMinutes, int atRiskPercent) =>
        due is { } d ? sla.SubtractBusinessTime(d, TimeSpan.FromMinutes(targetMinutes * (100 - Math.Clamp(atRiskPercent, 1, 100)) / 100.0)) : null;

    /// <summary>A deadline counted again with another target, keeping the business time used until <paramref name="at"/>.</summary>
    private static DateTime? Recount(SlaClock sla, DateTime? due, DateTime at, int? beforeMinutes, int afterMinutes)
    {
        if (due is not { } d || beforeMinutes is not { } before)
        {
            return due;
        }

        var left = sla.SignedBetween(at, d) + TimeSpan.FromMinutes(afterMinutes - before);
        return sla.Shift(at, left);
    }

    private enum Clock
    {
        Running,
        Paused,
        Stopped,
    }

    private static Clock ClockOf(TicketStatus status) => status switch
    {
        TicketStatus.WaitingOnCustomer => Clock.Paused,
        TicketStatus.Resolved or TicketStatus.Closed => Clock.Stopped,
        _ => Clock.Running,
    };

    private static SlaTarget? TargetOf(SlaPolicy policy, TicketPriority priority) => policy.Targets.FirstOrDefault(x => x.Priority == priority);

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
