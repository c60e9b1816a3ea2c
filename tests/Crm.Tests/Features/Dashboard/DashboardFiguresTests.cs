using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Activities;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Dashboard;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Tickets;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Dashboard;

/// <summary>
/// March 2026, arranged by hand (times 10:00 UTC, well inside the Paris days). Team North: manager Mona, reps Alice and
/// Bob; team South: Carol; support team Desk: agent Sam; Other desk: its own ticket; Mia in marketing.
/// Deals (default pipeline, stage 1 Qualification, 3 Proposal):
///   Alice: A1 open stage 1 1,000.00; A2 open stage 3 500.00; W1 won 3,000.00 (created 1 Mar, won 11 Mar: 10 days);
///          W2 won 1,000.00 (5 Mar → 25 Mar: 20 days); L1 lost 15 Mar.
///   Bob:   B1 open stage 1 700.00; W3 won 2,000.00 (20 Feb → 2 Mar: 10 days); W0 won 9.00 on 28 Feb (outside March).
///   Carol: C1 won 9,000.00 10 Mar; C2 open stage 1 400.00.
/// Targets for March: Alice 5,000.00, Bob 1,000.00, Carol 7,000.00.
/// </summary>
public sealed class DashboardFixture : CrmAppFactory, IAsyncLifetime
{
    public const string March = "period=custom&from=2026-03-01&to=2026-03-31";

    public TestUser Mona { get; private set; } = null!;
    public TestUser Alice { get; private set; } = null!;
    public TestUser Bob { get; private set; } = null!;
    public TestUser Carol { get; private set; } = null!;
    public TestUser Sam { get; private set; } = null!;
    public TestUser Mia { get; private set; } = null!;
    public TestUser Olga { get; private set; } = null!;

    public static DateTime At(int month, int day, int hour = 10) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

    async Task IAsyncLifetime.InitializeAsync()
    {
        Mona = await RecordPages.CreateUserAsync(this, Roles.Manager, "Dash North", "Mona Manager");
        Alice = await RecordPages.CreateUserAsync(this, Roles.Sales, "Dash North", "Alice Rep");
        Bob = await RecordPages.CreateUserAsync(this, Roles.Sales, "Dash North", "Bob Rep");
        Carol = await RecordPages.CreateUserAsync(this, Roles.Sales, "Dash South", "Carol Rep");
        Sam = await RecordPages.CreateUserAsync(this, Roles.Support, "Dash Desk", "Sam Agent");
        Olga = await RecordPages.CreateUserAsync(this, Roles.Support, "Dash Other desk", "Olga Agent");
        Mia = await RecordPages.CreateUserAsync(this, Roles.Marketing, "Dash Marketing", "Mia Marketer");

        await WithDbAsync(async db =>
        {
            await db.Teams.Where(t => t.Name == "Dash North").ExecuteUpdateAsync(s => s.SetProperty(t => t.ManagerId, Mona.Id));

            Deal Deal(string name, TestUser owner, long cents, int stage, DateTime created)
            {
                var deal = new Deal { Name = name, OwnerId = owner.Id, TeamId = owner.TeamId, Currency = "EUR", CreatedAt = created };
                deal.SetAmount(cents / 100m, 1m);
                deal.Start(new PipelineStage { Id = stage, PipelineId = 1 }, owner.Id, created);
                db.Deals.Add(deal);
                return deal;
            }

            Deal(nameof(Alice) + " A1", Alice, 1_000_00, 1, At(2, 1));
            Deal(nameof(Alice) + " A2", Alice, 500_00, 3, At(2, 1));
            Deal("W1", Alice, 3_000_00, 3, At(3, 1)).Win(Alice.Id, At(3, 11));
            Deal("W2", Alice, 1_000_00, 3, At(3, 5)).Win(Alice.Id, At(3, 25));
            Deal("L1", Alice, 800_00, 3, At(3, 2)).Lose("Price", Alice.Id, At(3, 15));
            Deal("B1", Bob, 700_00, 1, At(2, 1));
            Deal("W3", Bob, 2_000_00, 1, At(2, 20)).Win(Bob.Id, At(3, 2));
            Deal("W0", Bob, 9_00, 1, At(2, 1)).Win(Bob.Id, At(2, 28));
            Deal("C1", Carol, 9_000_00, 1, At(3, 1)).Win(Carol.Id, At(3, 10));
            Deal("C2", Carol, 400_00, 1, At(2, 1));

            var march = new DateOnly(2026, 3, 1);
            db.SalesTargets.AddRange(
                new SalesTarget { UserId = Alice.Id, Month = march, AmountCents = 5_000_00 },
                new SalesTarget { UserId = Bob.Id, Month = march, AmountCents = 1_000_00 },
                new SalesTarget { UserId = Carol.Id, Month = march, AmountCents = 7_000_00 });

            Ticket Ticket(string subject, TestUser team, TicketPriority priority, TicketStatus status, DateTime created)
            {
                var ticket = new Ticket { Subject = subject, TeamId = team.TeamId, Priority = priority, Status = status, CreatedAt = created, Channel = TicketChannel.Email };
                db.Tickets.Add(ticket);
                return ticket;
            }

            var t1 = Ticket("T1 in time", Sam, TicketPriority.Normal, TicketStatus.Resolved, At(3, 2));
            (t1.FirstRespondedAt, t1.ResolvedAt, t1.ResolutionDueAt) = (At(3, 2, 12), At(3, 3), At(3, 4));
            var t2 = Ticket("T2 late", Sam, TicketPriority.Normal, TicketStatus.Resolved, At(3, 5));
            (t2.FirstRespondedAt, t2.ResolvedAt, t2.ResolutionDueAt, t2.BreachedAt, t2.SlaState) = (At(3, 5, 14), At(3, 10), At(3, 6), At(3, 6), SlaState.Breached);
            var t3 = Ticket("T3 no SLA", Sam, TicketPriority.Low, TicketStatus.Closed, At(3, 6));
            t3.ResolvedAt = At(3, 6, 16);
            Ticket("T4 breaching", Sam, TicketPriority.High, TicketStatus.Open, At(3, 7)).SlaState = SlaState.Breached;
            Ticket("T5 on track", Sam, TicketPriority.Low, TicketStatus.New, At(3, 8));
            Ticket("T6 other desk", Olga, TicketPriority.Urgent, TicketStatus.Open, At(3, 8)).SlaState = SlaState.Breached;

            Contact Lead(string name, string? source, DateTime created) =>
                db.Contacts.Add(new Contact { FirstName = name, LastName = "Lead", LeadSource = source, CreatedAt = created }).Entity;
            Lead("Salon1", "Salon", At(3, 3));
            Lead("Salon2", "Salon", At(3, 4));
            Lead("Web1", "Web", At(3, 5));
            Lead("Before", "Salon", At(2, 27));
            await db.SaveChangesAsync();
        });
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    public static CrmUser As(TestUser user, params string[] roles) => new(user.Id, user.TeamId, new HashSet<string>(roles));

    public async Task<DashboardPage.Result> DashboardAsync(CrmUser user, string? owner = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var page = scope.ServiceProvider.GetRequiredService<DashboardPage>();
        var query = new DashboardQuery { Period = DashboardQuery.Custom, From = new DateOnly(2026, 3, 1), To = new DateOnly(2026, 3, 31), Owner = owner };
        return await page.Handle(query, user, CancellationToken.None);
    }
}

public sealed class DashboardFiguresTests(DashboardFixture app) : IClassFixture<DashboardFixture>
{
    private static (long Cents, long Count) Bar(DashboardChart chart, string label) =>
        chart.Points.Where(p => p.Label == label).Select(p => (p.Value, p.Count ?? 0)).SingleOrDefault();

    [Fact]
    public async Task A_managers_team_figures_match_the_hand_computed_ones_and_leave_other_teams_out()
    {
        var team = (await app.DashboardAsync(DashboardFixture.As(app.Mona, Roles.Manager))).Team!;

        // Open: Qualification A1 1,000 + B1 700 (not Carol's C2); Proposal A2 500.
        Assert.Equal((1_700_00, 2), Bar(team.Pipeline, "Qualification"));
        Assert.Equal((500_00, 1), Bar(team.Pipeline, "Proposal"));

        // Closed in March: W1, W2, W3 won, L1 lost (W0 closed in February, C1 is South's).
        Assert.Equal((3, 1), (team.Won, team.Lost));
        Assert.Equal(0.75m, team.WinRate);
        Assert.Equal(6_000_00, team.WonCents);
        Assert.Equal(2_000_00, team.AverageDealCents);

        // Created to won: 10, 20 and 10 days.
        Assert.Equal(40 / 3.0, team.CycleDays!.Value, 3);

        // Targets of the members (Alice 5,000, Bob 1,000), won in the forecast's month the same 6,000.
        Assert.Equal(6_000_00, team.TargetCents);
        Assert.Equal(6_000_00, team.Forecast!.WonCents);
        var alice = team.Leaders.Single(l => l.UserId == app.Alice.Id);
        Assert.Equal((4_000_00L, 2, (long?)5_000_00), (alice.WonCents, alice.WonCount, alice.TargetCents));
        Assert.DoesNotContain(team.Leaders, l => l.UserId == app.Carol.Id);
    }

    [Fact]
    public async Task A_manager_narrows_to_one_member_but_not_to_someone_outside_their_teams()
    {
        var bob = (await app.DashboardAsync(DashboardFixture.As(app.Mona, Roles.Manager), app.Bob.Id)).Team!;
        Assert.Equal((700_00, 1), Bar(bob.Pipeline, "Qualification"));
        Assert.Equal((1, 0), (bob.Won, bob.Lost));
        Assert.Equal(1_000_00, bob.TargetCents);

        var outside = await app.DashboardAsync(DashboardFixture.As(app.Mona, Roles.Manager), app.Carol.Id);
        Assert.Null(outside.Scope!.Owner);
        Assert.Equal((1_700_00, 2), Bar(outside.Team!.Pipeline, "Qualification"));
    }

    [Fact]
    public async Task An_admin_sees_every_team()
    {
        var admin = await app.CreateUserAsync(Roles.Admin);
        var team = (await app.DashboardAsync(DashboardFixture.As(admin, Roles.Admin))).Team!;

        Assert.Equal((2_100_00, 3), Bar(team.Pipeline, "Qualification"));
        Assert.Equal((4, 1), (team.Won, team.Lost));
        Assert.Equal(13_000_00, team.TargetCents);
    }

    [Fact]
    public async Task A_reps_figures_count_only_their_own_deals_and_target()
    {
        var result = await app.DashboardAsync(DashboardFixture.As(app.Alice, Roles.Sales));
        var rep = result.Rep!;

        Assert.Null(result.Team);
        Assert.Null(result.Scope);
        Assert.Equal((1_000_00, 1), Bar(rep.Pipeline, "Qualification"));
        Assert.Equal((500_00, 1), Bar(rep.Pipeline, "Proposal"));
        Assert.Equal(4_000_00, rep.WonCents);
        Assert.Equal(5_000_00, rep.TargetCents);
    }

    [Fact]
    public async Task Support_figures_count_the_agents_queue_sla_and_times()
    {
        var support = (await app.DashboardAsync(DashboardFixture.As(app.Sam, Roles.Support))).Support!;

        // T1 resolved by its deadline, T2 late; T3 has no deadline and is not in the share.
        Assert.Equal((2, 1), (support.ResolvedWithSla, support.ResolvedInTime));
        Assert.Equal(0.5m, support.Compliance);

        // T4 breaching; T6 (another desk's) is not seen.
        Assert.Equal(1, support.BreachingNow);
        Assert.Equal([0, 1, 0, 1], support.OpenByPriority.Points.Select(p => p.Value));

        // First responses 2 h (T1) and 4 h (T2); resolutions 24 h, 120 h and 6 h.
        Assert.Equal(3.0, support.FirstResponseHours!.Value, 3);
        Assert.Equal(50.0, support.ResolutionHours!.Value, 3);
    }

    [Fact]
    public async Task Marketing_counts_the_periods_new_leads_by_source()
    {
        var marketing = (await app.DashboardAsync(DashboardFixture.As(app.Mia, Roles.Marketing))).Marketing!;

        Assert.Equal(2, Bar(marketing.LeadsBySource, "Salon").Cents);
        Assert.Equal(1, Bar(marketing.LeadsBySource, "Web").Cents);
        Assert.Contains("source=Salon", marketing.LeadsBySource.Points.Single(p => p.Label == "Salon").Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Sales, "rep")]
    [InlineData(Roles.Manager, "team")]
    [InlineData(Roles.Admin, "team")]
    [InlineData(Roles.Support, "support")]
    [InlineData(Roles.Marketing, "marketing")]
    public async Task The_dashboard_shows_the_section_of_each_role_the_user_has(string role, string section)
    {
        var user = await app.CreateUserAsync(role);
        var client = await app.SignInAsync(user);

        var html = await (await client.GetAsync("/Dashboard?" + DashboardFixture.March)).ReadHtmlAsync();

        foreach (var other in new[] { "rep", "team", "support", "marketing" })
        {
            Assert.Equal(other == section, html.Contains($"data-testid=\"section-{other}\"", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_user_with_two_roles_sees_both_sections_and_the_page_carries_its_charts_as_data()
    {
        // In Sam's desk: the desk's open tickets (T4 high, T5 low) make the priority chart.
        var user = await RecordPages.CreateUserAsync(app, Roles.Sales, "Dash Desk");
        await app.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            await users.AddToRoleAsync((await users.FindByIdAsync(user.Id))!, Roles.Support);
        });
        var client = await app.SignInAsync(user);

        var html = await (await client.GetAsync("/")).ReadHtmlAsync();

        Assert.Contains("data-testid=\"section-rep\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"section-support\"", html, StringComparison.Ordinal);
        Assert.Contains("<canvas id=\"chart-tickets\" role=\"img\"", html, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"{&quot;type&quot;:&quot;doughnut&quot;", html, StringComparison.Ordinal);
        Assert.Contains("/js/dashboard.js", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_managers_page_shows_the_team_figures_and_opens_the_lists_behind_them()
    {
        var client = await app.SignInAsync(app.Mona);

        var html = WebUtility.HtmlDecode(await (await client.GetAsync("/Dashboard?" + DashboardFixture.March)).ReadHtmlAsync());

        Assert.Contains("75%", html.Replace("\u00a0", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("href=\"/Deals?stage=1&status=Open\"", html, StringComparison.Ordinal);
        Assert.Contains($"/Deals?status=Won&owner={app.Alice.Id}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Carol Rep</th>", html, StringComparison.Ordinal);
        Assert.Contains("Alice Rep", html, StringComparison.Ordinal);
    }
}
