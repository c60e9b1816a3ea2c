using Crm.Tests.Features.Workflows;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Tickets;
using Crm.Web.Features.Tickets.Sla;
using Crm.Web.Features.Workflows;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Tickets;

/// <summary>The escalation sweep on a real SQLite file: each escalation once, however often and by however many instances it runs.</summary>
public sealed class SlaEscalationTests(WorkflowTestApp app) : IClassFixture<WorkflowTestApp>
{
    private sealed record People(int TeamId, AppUser Manager, AppUser Agent, AppUser OtherManager);

    private async Task<People> PeopleAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (team, other) = await app.WithDbAsync(async db =>
        {
            var t = new Team { Name = "Support " + suffix };
            var o = new Team { Name = "Other " + suffix };
            db.Teams.AddRange(t, o);
            await db.SaveChangesAsync();
            return (t.Id, o.Id);
        });
        var manager = await app.CreateUserAsync($"manager-{suffix}@tests.crm", "Manager-Pass-2026", Roles.Manager);
        var agent = await app.CreateUserAsync($"agent-{suffix}@tests.crm", "Agent-Pass-2026", Roles.Support);
        var otherManager = await app.CreateUserAsync($"other-{suffix}@tests.crm", "Manager-Pass-2026", Roles.Manager);
        await app.WithDbAsync(async db =>
        {
            await db.Users.Where(u => u.Id == manager.Id || u.Id == agent.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TeamId, team));
            await db.Users.Where(u => u.Id == otherManager.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TeamId, other));
        });
        return new People(team, manager, agent, otherManager);
    }

    private Task<int> TicketAsync(Action<Ticket> shape) => app.WithDbAsync(async db =>
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var ticket = new Ticket { Subject = "Printer on fire", Status = TicketStatus.Open, Priority = TicketPriority.Normal, CreatedAt = now.AddHours(-5), ResolutionDueAt = now.AddDays(3) };
        shape(ticket);
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync();
        ticket.Number = Ticket.NumberFor(ticket.Id, ticket.CreatedAt);
        await db.SaveChangesAsync();
        return ticket.Id;
    });

    private Task<SlaEscalationSweeper.Result> SweepAsync(WorkflowTestApp on) => on.WithDbAsync(async _ =>
    {
        SlaEscalationSweeper.Result result = new(0, 0);
        await on.WithScopeAsync(async sp => result = await sp.GetRequiredService<SlaEscalationSweeper>().Run(CancellationToken.None));
        return result;
    });

    private Task<Ticket> ReadAsync(int id) => app.WithDbAsync(db => db.Tickets.AsNoTracking().FirstAsync(t => t.Id == id));

    private Task<List<string?>> KeysAsync(string userId) => app.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.UserId == userId).Select(n => n.Key).ToListAsync());

    [Fact]
    public async Task A_sweep_run_twice_escalates_each_ticket_once_and_leaves_paused_and_quiet_ones_alone()
    {
        var people = await PeopleAsync();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var late = await TicketAsync(t => (t.TeamId, t.OwnerId, t.FirstResponseDueAt) = (people.TeamId, people.Agent.Id, now.AddMinutes(-1)));
        var risky = await TicketAsync(t => (t.TeamId, t.OwnerId, t.FirstResponseDueAt, t.FirstResponseWarnAt) = (people.TeamId, people.Agent.Id, now.AddHours(1), now.AddMinutes(-1)));
        var paused = await TicketAsync(t => (t.TeamId, t.Status, t.FirstResponseDueAt, t.SlaState) = (people.TeamId, TicketStatus.WaitingOnCustomer, now.AddHours(-2), SlaState.Paused));
        var quiet = await TicketAsync(t => (t.TeamId, t.FirstResponseDueAt, t.FirstResponseWarnAt) = (people.TeamId, now.AddHours(4), now.AddHours(3)));
        var answered = await TicketAsync(t => (t.TeamId, t.FirstResponseDueAt, t.FirstRespondedAt) = (people.TeamId, now.AddHours(-1), now.AddHours(-2)));

        var first = await SweepAsync(app);
        var second = await SweepAsync(app);

        Assert.True(first.Breached >= 1 && first.AtRisk >= 1, $"first sweep: {first}");
        var breached = await ReadAsync(late);
        Assert.Equal(SlaState.Breached, breached.SlaState);
        Assert.NotNull(breached.BreachedAt);
        Assert.Equal(TicketPriority.High, breached.Priority); // raised once, not twice
        var history = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Kind == TicketKind.Key && a.EntityId == late && a.CorrelationId!.StartsWith("sla-breach-")).ToListAsync());
        var raise = Assert.Single(history); // in the history once, by the system
        Assert.Equal(ChangeSource.System, raise.Source);
        Assert.Contains("\"Field\":\"Priority\",\"Old\":\"Normal\",\"New\":\"High\"", raise.Changes, StringComparison.Ordinal);
        var atRisk = await ReadAsync(risky);
        Assert.Equal(SlaState.AtRisk, atRisk.SlaState);
        Assert.NotNull(atRisk.AtRiskAt);
        Assert.Null(atRisk.BreachedAt);
        Assert.Equal(TicketPriority.Normal, atRisk.Priority);
        foreach (var id in new[] { paused, quiet, answered })
        {
            var untouched = await ReadAsync(id);
            Assert.Null(untouched.BreachedAt);
            Assert.Null(untouched.AtRiskAt);
        }

        Assert.Equal([SlaEscalationSweeper.BreachedKey(late, breached.FirstResponseDueAt!.Value)], await KeysAsync(people.Manager.Id));
        Assert.Equal([SlaEscalationSweeper.AtRiskKey(risky, atRisk.FirstResponseDueAt!.Value)], await KeysAsync(people.Agent.Id));
        Assert.Empty(await KeysAsync(people.OtherManager.Id));
        Assert.Equal(new SlaEscalationSweeper.Result(0, 0), second);
    }

    [Fact]
    public async Task A_team_with_its_own_manager_notifies_that_manager_only_on_breach()
    {
        var people = await PeopleAsync();
        await app.WithDbAsync(db => db.Teams.Where(t => t.Id == people.TeamId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ManagerId, people.OtherManager.Id)));
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var id = await TicketAsync(t => (t.TeamId, t.OwnerId, t.ResolutionDueAt) = (people.TeamId, people.Agent.Id, now.AddMinutes(-1)));

        await SweepAsync(app);

        var ticket = await ReadAsync(id);
        Assert.Equal([SlaEscalationSweeper.BreachedKey(id, ticket.ResolutionDueAt!.Value)], await KeysAsync(people.OtherManager.Id));
        Assert.Empty(await KeysAsync(people.Manager.Id));
    }

    [Fact]
    public async Task Two_instances_sweeping_at_once_escalate_each_ticket_once()
    {
        var people = await PeopleAsync();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var ids = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add(await TicketAsync(t => (t.TeamId, t.OwnerId, t.Priority, t.ResolutionDueAt) = (people.TeamId, people.Agent.Id, TicketPriority.Low, now.AddMinutes(-5))));
        }

        await using var second = app.SecondInstance();
        var results = await Task.WhenAll(SweepAsync(app), SweepAsync(second), SweepAsync(app));

        Assert.True(results.Sum(r => r.Breached) >= ids.Count, string.Join(", ", results.Select(r => r.ToString())));
        var tickets = await app.WithDbAsync(db => db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id)).ToListAsync());
        Assert.All(tickets, t => Assert.Equal(TicketPriority.Normal, t.Priority));
        Assert.All(tickets, t => Assert.Equal(SlaState.Breached, t.SlaState));
        var keys = await KeysAsync(people.Manager.Id);
        Assert.Equal(ids.Count, keys.Count);
        Assert.Equal(ids.Count, keys.Distinct().Count());
    }

    [Fact]
    public async Task A_breach_moves_the_ticket_to_the_queue_its_policy_names_and_an_urgent_ticket_stays_urgent()
    {
        var people = await PeopleAsync();
        var escalation = await app.WithDbAsync(async db =>
        {
            var team = new Team { Name = "Escalations " + Guid.NewGuid().ToString("N")[..6] };
            db.Teams.Add(team);
            await db.SaveChangesAsync();
            return team.Id;
        });
        var policy = await app.WithDbAsync(async db =>
        {
            var p = DefaultSlaPolicy.New("Key accounts " + Guid.NewGuid().ToString("N")[..6], 2026);
            p.IsDefault = false;
            p.BreachTeamId = escalation;
            db.SlaPolicies.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var id = await TicketAsync(t => (t.TeamId, t.SlaPolicyId, t.Priority, t.ResolutionDueAt) = (people.TeamId, policy, TicketPriority.Urgent, now.AddMinutes(-1)));

        await SweepAsync(app);

        var ticket = await ReadAsync(id);
        Assert.Equal(escalation, ticket.TeamId);
        Assert.Equal(TicketPriority.Urgent, ticket.Priority);
        Assert.Single(await KeysAsync(people.Manager.Id)); // the managers of the team it was in when it breached
    }

    [Fact]
    public async Task A_breach_starts_the_workflow_rules_on_SLA_breached_once()
    {
        var people = await PeopleAsync();
        var rule = await app.AddRuleAsync(new WorkflowRule
        {
            RecordKind = TicketKind.Key,
            Trigger = WorkflowTrigger.TicketSlaBreached,
            Actions = [new(WorkflowActionType.Notify) { Text = "Breached!", Assignee = WorkflowAssignee.Owner }],
        });
        var atRiskRule = await app.AddRuleAsync(new WorkflowRule
        {
            RecordKind = TicketKind.Key,
            Trigger = WorkflowTrigger.TicketSlaAtRisk,
            Actions = [new(WorkflowActionType.Notify) { Text = "At risk!", Assignee = WorkflowAssignee.Owner }],
        });
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var id = await TicketAsync(t => (t.TeamId, t.OwnerId, t.ResolutionDueAt) = (people.TeamId, people.Agent.Id, now.AddMinutes(-1)));
        var risky = await TicketAsync(t => (t.TeamId, t.OwnerId, t.ResolutionWarnAt) = (people.TeamId, people.Agent.Id, now.AddMinutes(-1)));

        await SweepAsync(app);
        await app.RunJobAsync();
        await app.RunJobAsync();

        var run = Assert.Single(await app.RunsAsync(rule));
        Assert.Equal(id, run.RecordId);
        Assert.Equal(WorkflowRunStatus.Succeeded, run.Status);
        Assert.Equal(risky, Assert.Single(await app.RunsAsync(atRiskRule)).RecordId);
    }

    [Fact]
    public async Task The_SLA_triggers_are_refused_on_a_kind_other_than_tickets()
    {
        List<Crm.Web.Features.Shared.FieldError> checks = [];
        await app.WithScopeAsync(async sp => checks = await sp.GetRequiredService<WorkflowRuleChecks>()
            .CheckAsync(new WorkflowRuleForm { Name = "x", RecordKind = Crm.Web.Features.Contacts.ContactKind.Key, Trigger = WorkflowTrigger.TicketSlaBreached, Actions = [new() { Type = WorkflowActionType.Wait, Days = 1 }] }, CancellationToken.None));

        Assert.Contains(checks, e => e.Field == "Trigger");
    }
}

/// <summary>The sweep over 100k open tickets reads only what is due: each of its queries is a range of an index, never a scan.</summary>
public sealed class SlaSweepQueryPlanTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Theory]
    [InlineData(false, SlaEscalationSweeper.Deadline.FirstResponse, "IX_Tickets_Status_FirstResponseDueAt")]
    [InlineData(false, SlaEscalationSweeper.Deadline.Resolution, "IX_Tickets_Status_ResolutionDueAt_Id")]
    [InlineData(true, SlaEscalationSweeper.Deadline.FirstResponse, "IX_Tickets_Status_FirstResponseWarnAt")]
    [InlineData(true, SlaEscalationSweeper.Deadline.Resolution, "IX_Tickets_Status_ResolutionWarnAt")]
    public async Task Each_sweep_query_reads_a_range_of_its_index(bool warning, SlaEscalationSweeper.Deadline deadline, string index)
    {
        var steps = await app.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var query = warning ? SlaEscalationSweeper.PastWarning(db, deadline, now) : SlaEscalationSweeper.PastDue(db, deadline, now);
            var command = query.CreateDbCommand();
            await db.Database.OpenConnectionAsync();
            command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            var lines = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(3));
            }

            return lines;
        });

        Assert.Contains(steps, s => s.Contains(index, StringComparison.Ordinal) && s.Contains("SEARCH", StringComparison.Ordinal));
        Assert.DoesNotContain(steps, s => s.StartsWith("SCAN Tickets", StringComparison.Ordinal) || s.StartsWith("SCAN t", StringComparison.Ordinal));
    }
}
