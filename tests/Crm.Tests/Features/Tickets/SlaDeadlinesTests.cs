using Crm.Tests.Infrastructure;
using Crm.Web.Features.Tickets;
using Crm.Web.Features.Tickets.Sla;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Tests.Features.Tickets;

/// <summary>Due dates through a ticket's life, with the default policy written at start-up (Paris, 9:00–12:30 and 13:30–18:00).</summary>
public sealed class SlaDeadlinesTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static DateTime P(int month, int day, int hour, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, month, day, hour, minute, 0, DateTimeKind.Unspecified), Paris);

    private async Task WithDeadlinesAsync(DateTime now, Func<SlaDeadlines, FakeTimeProvider, Task> test)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(now, TimeSpan.Zero));
        await app.WithScopeAsync(sp => test(new SlaDeadlines(sp.GetRequiredService<CrmDbContext>(), clock, sp.GetRequiredService<Crm.Web.Features.Settings.CurrentSettings>()), clock));
    }

    private static void At(FakeTimeProvider clock, DateTime utc) => clock.SetUtcNow(new DateTimeOffset(utc, TimeSpan.Zero));

    [Fact]
    public async Task The_ticket_desk_reaches_the_SLA_clock_through_its_seam()
    {
        ITicketSla? seam = null;
        await app.WithScopeAsync(sp =>
        {
            seam = sp.GetRequiredService<ITicketSla>();
            return Task.CompletedTask;
        });

        Assert.IsType<SlaDeadlines>(seam);
    }

    [Fact]
    public async Task The_default_policy_is_written_at_start_up_once()
    {
        var policies = await app.WithDbAsync(db => db.SlaPolicies.AsNoTracking().Include(p => p.Targets).Include(p => p.Hours).Include(p => p.Holidays).Where(p => p.IsDefault).ToListAsync());

        var policy = Assert.Single(policies);
        Assert.Equal("Europe/Paris", policy.TimeZone);
        Assert.Equal(4, policy.Targets.Count);
        Assert.Equal(10, policy.Hours.Count);
        Assert.Equal(22, policy.Holidays.Count);
    }

    [Fact]
    public async Task A_normal_ticket_opened_Monday_at_ten_is_due_Tuesday_at_ten_and_Thursday_at_ten()
    {
        await WithDeadlinesAsync(P(12, 7, 10), async (sla, _) =>
        {
            var ticket = new Ticket { Priority = TicketPriority.Normal, CreatedAt = P(12, 7, 10) };
            await sla.StartAsync(ticket, CancellationToken.None);

            Assert.Equal(P(12, 8, 10), ticket.FirstResponseDueAt);
            Assert.Equal(P(12, 10, 10), ticket.ResolutionDueAt);
            Assert.Equal(P(12, 7, 17, 24), ticket.FirstResponseWarnAt); // 80 % of 8 h = 6 h 24 of business time
            Assert.Equal(SlaState.OnTrack, ticket.SlaState);
            Assert.NotNull(ticket.SlaPolicyId);
        });
    }

    [Fact]
    public async Task Waiting_on_the_customer_over_a_weekend_moves_the_deadlines_by_the_business_time_paused()
    {
        await WithDeadlinesAsync(P(12, 3, 10), async (sla, clock) =>
        {
            var ticket = new Ticket { Priority = TicketPriority.Urgent, Status = TicketStatus.Open, CreatedAt = P(12, 3, 10) };
            await sla.StartAsync(ticket, CancellationToken.None);
            Assert.Equal(P(12, 3, 11), ticket.FirstResponseDueAt);
            Assert.Equal(P(12, 3, 15), ticket.ResolutionDueAt); // 4 h: 2 h 30 to lunch, 1 h 30 after
            sla.OnFirstResponse(ticket);

            At(clock, P(12, 3, 10, 30));
            ticket.Status = TicketStatus.WaitingOnCustomer;
            await sla.OnChangedAsync(ticket, TicketStatus.Open, TicketPriority.Urgent, CancellationToken.None);
            Assert.Equal(SlaState.Paused, ticket.SlaState);
            Assert.Equal(P(12, 3, 10, 30), ticket.SlaPausedAt);

            // Resumed Monday 9:00: 3 h 30 of business time were left.
            At(clock, P(12, 7, 9));
            ticket.Status = TicketStatus.Open;
            await sla.OnChangedAsync(ticket, TicketStatus.WaitingOnCustomer, TicketPriority.Urgent, CancellationToken.None);
            Assert.Null(ticket.SlaPausedAt);
            Assert.Equal(SlaState.OnTrack, ticket.SlaState);
            Assert.Equal(P(12, 7, 12, 30), ticket.ResolutionDueAt);
            Assert.Equal(P(12, 3, 11), ticket.FirstResponseDueAt); // met before the pause: not moved
        });
    }

    [Fact]
    public async Task A_higher_priority_recounts_the_deadlines_keeping_the_time_already_used()
    {
        await WithDeadlinesAsync(P(12, 7, 9), async (sla, clock) =>
        {
            var ticket = new Ticket { Priority = TicketPriority.Normal, CreatedAt = P(12, 7, 9) };
            await sla.StartAsync(ticket, CancellationToken.None);

            At(clock, P(12, 7, 9, 30));
            ticket.Priority = TicketPriority.Urgent;
            await sla.OnChangedAsync(ticket, TicketStatus.New, TicketPriority.Normal, CancellationToken.None);

            Assert.Equal(P(12, 7, 10), ticket.FirstResponseDueAt); // 1 h from 9:00
            Assert.Equal(P(12, 7, 14), ticket.ResolutionDueAt); // 4 h from 9:00: 3 h 30 to lunch, 30 min after

            // Past the urgent target already: the deadline is in the past, exactly where 1 h from opening lands.
            At(clock, P(12, 7, 11));
            ticket.Priority = TicketPriority.Low;
            await sla.OnChangedAsync(ticket, TicketStatus.New, TicketPriority.Urgent, CancellationToken.None);
            ticket.Priority = TicketPriority.Urgent;
            await sla.OnChangedAsync(ticket, TicketStatus.New, TicketPriority.Low, CancellationToken.None);
            Assert.Equal(P(12, 7, 10), ticket.FirstResponseDueAt);
        });
    }

    [Fact]
    public async Task Resolving_stops_the_clock_and_reopening_moves_the_deadlines_by_the_time_it_stood_resolved()
    {
        await WithDeadlinesAsync(P(12, 7, 9), async (sla, clock) =>
        {
            var ticket = new Ticket { Priority = TicketPriority.High, Status = TicketStatus.Open, CreatedAt = P(12, 7, 9) };
            await sla.StartAsync(ticket, CancellationToken.None);
            sla.OnFirstResponse(ticket);
            Assert.Equal(P(12, 7, 18), ticket.ResolutionDueAt); // a business day

            At(clock, P(12, 7, 10));
            ticket.MoveTo(TicketStatus.Resolved, P(12, 7, 10));
            await sla.OnChangedAsync(ticket, TicketStatus.Open, TicketPriority.High, CancellationToken.None);
            Assert.Equal(P(12, 7, 10), ticket.ResolvedAt);
            Assert.Null(ticket.ResolutionWarnAt);
            Assert.Equal(SlaState.OnTrack, ticket.SlaState);

            At(clock, P(12, 8, 9));
            ticket.MoveTo(TicketStatus.Open, P(12, 8, 9));
            await sla.OnChangedAsync(ticket, TicketStatus.Resolved, TicketPriority.High, CancellationToken.None);
            Assert.Null(ticket.ResolvedAt);
            Assert.Equal(P(12, 8, 17), ticket.ResolutionDueAt); // 7 h were left when it was resolved
        });
    }

    [Fact]
    public async Task A_first_response_after_its_deadline_is_recorded_as_breached()
    {
        await WithDeadlinesAsync(P(12, 7, 9), async (sla, clock) =>
        {
            var ticket = new Ticket { Priority = TicketPriority.Urgent, CreatedAt = P(12, 7, 9) };
            await sla.StartAsync(ticket, CancellationToken.None);

            At(clock, P(12, 7, 10, 1));
            sla.OnFirstResponse(ticket);

            Assert.Equal(SlaState.Breached, ticket.SlaState);
            Assert.Equal(P(12, 7, 10, 1), ticket.FirstRespondedAt);
            Assert.Null(ticket.FirstResponseWarnAt);
        });
    }
}
