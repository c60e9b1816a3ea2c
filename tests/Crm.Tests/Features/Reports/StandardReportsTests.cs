using System.Net;
using Crm.Tests.Features.Campaigns;
using Crm.Tests.Features.Deals;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Activities;
using Crm.Web.Features.Campaigns;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Reports;
using Crm.Web.Features.Tasks;
using Crm.Web.Features.Tickets;
using Crm.Web.Features.Visibility;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Reports;

/// <summary>
/// Each standard report against figures worked out by hand (every fixture in a team of its own, the report run with
/// that team's filter, so the other tests' records do not count), what a rep sees of them, and keys that are wrong.
/// </summary>
public sealed class StandardReportsTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static readonly DateTime November = new(2026, 11, 10, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Pipeline_by_stage_and_owner_counts_open_deals_with_their_weighted_amounts()
    {
        var (team, alice, bob) = await TeamAsync("Pipeline");
        await AddDealsAsync(
            Open("P1", alice, 1, 1_000_00), Open("P2", alice, 1, 500_00), Open("P3", alice, 3, 2_000_00), Open("P4", bob, 1, 300_00),
            Won("P5", alice, 9_999_00, November));
        await AddDealsAsync(Open("Elsewhere", await app.CreateUserAsync(Roles.Sales, "Pipeline other team"), 1, 7_777_00));

        var result = await RunAsync($"std:pipeline-by-stage?team={team}", Roles.Admin);

        // Qualification weighs 10 %, Proposal 50 % (the default pipeline).
        Assert.Equal(
            Rows(
                ["New business", "Qualification", "Alice Pipeline", 2, 1_500m, 150m],
                ["New business", "Qualification", "Bob Pipeline", 1, 300m, 30m],
                ["New business", "Proposal", "Alice Pipeline", 1, 2_000m, 1_000m]),
            result.Table.Rows);
        // The deals list has no team filter: with one, the rows open nothing; for one owner they open their deals.
        Assert.All(result.Links, Assert.Null);
        var forAlice = await RunAsync($"std:pipeline-by-stage?owner={alice.Id}", Roles.Admin);
        Assert.Equal($"/Deals?stage=1&status=Open&owner={alice.Id}", forAlice.Links[0]);
        Assert.Equal(["Qualification", "Proposal"], result.Chart.Labels);
        Assert.Equal([1_500m, 2_000m], result.Chart.Series.Single(s => s.Label == "Alice Pipeline").Values);
    }

    [Fact]
    public async Task A_rep_sees_only_their_own_deals_in_a_sales_report_whatever_the_key_asks()
    {
        var (team, alice, bob) = await TeamAsync("Rep view");
        await AddDealsAsync(Open("R1", alice, 1, 1_000_00), Open("R2", bob, 1, 300_00));

        var asAlice = await RunAsync($"std:pipeline-by-stage?owner={bob.Id}&team={team}", Roles.Sales, alice);

        var row = Assert.Single(asAlice.Table.Rows);
        Assert.Equal("Alice Rep view", row[2]);
        Assert.Equal(1_000m, row[4]);
        Assert.Contains(asAlice.Table.Filters, f => f.Name == "Owner" && f.Value.Contains("Alice Rep view", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Won_and_lost_counts_deals_closed_in_the_period_per_lost_reason()
    {
        var (team, alice, bob) = await TeamAsync("Won lost");
        await AddDealsAsync(
            Won("W1", alice, 1_000_00, November), Won("W2", bob, 2_000_00, November.AddDays(5)),
            Lost("L1", alice, 500_00, "Price", November), Lost("L2", bob, 700_00, " price ", November.AddDays(1)),
            Lost("L3", alice, 100_00, "Timing", November.AddDays(2)),
            Lost("Before the period", alice, 900_00, "Price", new DateTime(2026, 10, 15, 10, 0, 0, DateTimeKind.Utc)),
            Open("Still open", alice, 1, 400_00));

        var manager = await app.CreateUserAsync(Roles.Manager, "Won lost team", name: "Mia Won lost");
        var result = await RunAsync($"std:won-lost?from=2026-11-01&to=2026-11-30&team={team}", Roles.Manager, manager);

        Assert.Equal(
            Rows(
                ["Won", "", 2, 3_000m, 0.4m],
                ["Lost", "Price", 2, 1_200m, 0.4m],
                ["Lost", "Timing", 1, 100m, 0.2m]),
            result.Table.Rows);
        Assert.Contains(result.Table.Filters, f => f.Name == "Period");
    }

    [Fact]
    public async Task Activity_by_rep_counts_each_users_entries_and_completed_tasks_in_the_period()
    {
        var (team, alice, bob) = await TeamAsync("Activity");
        var contact = await app.AddContactAsync("Carl", "Activity", alice);
        await app.WithDbAsync(async db =>
        {
            db.Activities.AddRange(
                Activity.Log(ActivityKind.Call, "c1", November, contact, null, alice.Id),
                Activity.Log(ActivityKind.Call, "c2", November.AddDays(1), contact, null, alice.Id),
                Activity.Log(ActivityKind.Email, "e1", November.AddDays(2), contact, null, alice.Id),
                Activity.Log(ActivityKind.Call, "before", November.AddMonths(-1), contact, null, alice.Id),
                Activity.Log(ActivityKind.Meeting, "m1", November, contact, null, bob.Id),
                Activity.Log(ActivityKind.Note, "n1", November, contact, null, bob.Id));
            db.Tasks.Add(new CrmTask { Title = "Done", OwnerId = alice.Id, TeamId = team, DueAt = November, CompletedAt = November.AddDays(3), CompletedById = alice.Id });
            db.Tasks.Add(new CrmTask { Title = "Not done", OwnerId = alice.Id, TeamId = team, DueAt = November });
            await db.SaveChangesAsync();
        });

        var result = await RunAsync($"std:activity-by-rep?from=2026-11-01&to=2026-11-30&team={team}", Roles.Admin);

        Assert.Equal(
            Rows(
                ["Alice Activity", 2, 1, 0, 0, 1, 4],
                ["Bob Activity", 0, 0, 1, 1, 0, 2]),
            result.Table.Rows);

        var asBob = await RunAsync($"std:activity-by-rep?from=2026-11-01&to=2026-11-30", Roles.Sales, bob);
        Assert.Equal(Rows(["Bob Activity", 0, 0, 1, 1, 0, 2]), asBob.Table.Rows);
    }

    [Fact]
    public async Task Ticket_sla_gives_compliance_breaches_and_average_hours_per_priority_and_per_queue()
    {
        var (team, alice, _) = await TeamAsync("Sla", Roles.Support);
        await AddTicketAsync(team, alice, TicketPriority.Urgent, November, responded: 2, resolved: 10, breached: false);
        await AddTicketAsync(team, alice, TicketPriority.Urgent, November, responded: 4, resolved: 30, breached: true);
        await AddTicketAsync(team, alice, TicketPriority.High, November, responded: null, resolved: null, breached: true);
        await AddTicketAsync(team, alice, TicketPriority.Normal, November.AddMonths(-1), responded: 1, resolved: 2, breached: false);

        var byPriority = await RunAsync($"std:ticket-sla?from=2026-11-01&to=2026-11-30&owner={alice.Id}", Roles.Support, alice);

        Assert.Equal(
            Rows(
                ["Urgent", 2, 2, 0.5m, 1, 3.0m, 20.0m],
                ["High", 1, 0, null, 1, null, null]),
            byPriority.Table.Rows);
        Assert.Equal($"/Tickets?queue=all&priority=Urgent&owner={alice.Id}&from=2026-11-01&to=2026-11-30", byPriority.Links[0]);

        var manager = await app.CreateUserAsync(Roles.Manager, "Sla team", name: "Mia Sla");
        var byQueue = await RunAsync($"std:ticket-sla?from=2026-11-01&to=2026-11-30&team={team}&by=queue", Roles.Manager, manager);
        Assert.Equal(Rows(["Sla team", 3, 2, 0.5m, 2, 3.0m, 20.0m]), byQueue.Table.Rows);
    }

    [Fact]
    public async Task Campaign_roi_shows_the_figures_the_campaigns_page_computes()
    {
        var marketer = await app.CreateUserAsync(Roles.Marketing, "Roi team", name: "Mona Roi");
        var campaign = await app.AddCampaignAsync("Roi launch", marketer, budgetCents: 1_000_00);
        await app.AddCampaignAsync("Roi empty", marketer);
        var added = November;
        var contacts = await app.WithDbAsync(async db =>
        {
            var list = Enumerable.Range(0, 4).Select(i => new Contact { FirstName = "Roi" + i, LastName = "Member" }).ToList();
            db.Contacts.AddRange(list);
            await db.SaveChangesAsync();
            var statuses = new[] { CampaignMemberStatus.Sent, CampaignMemberStatus.Responded, CampaignMemberStatus.Converted, CampaignMemberStatus.Targeted };
            for (var i = 0; i < list.Count; i++)
            {
                db.CampaignMembers.Add(new CampaignMember { CampaignId = campaign, ContactId = list[i].Id, Status = statuses[i], AddedAt = added });
            }

            var won = DealTestData.New("Roi won", created: added.AddDays(2), amountCents: 5_000_00);
            won.Win(null, added.AddDays(5));
            db.Deals.Add(won);
            await db.SaveChangesAsync();
            db.DealContacts.Add(new DealContact { DealId = won.Id, ContactId = list[2].Id });
            await db.SaveChangesAsync();
            await db.Deals.Where(d => d.Id == won.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.CreatedAt, added.AddDays(2)));
            return list;
        });

        var manager = await app.CreateUserAsync(Roles.Manager, "Roi team", name: "Mia Roi");
        var result = await RunAsync($"std:campaign-roi?owner={marketer.Id}", Roles.Manager, manager);

        Assert.Equal(
            Rows(
                ["Roi launch", 1_000m, 4, 1, 1, 1, 5_000m, 4m],
                ["Roi empty", 0m, 0, 0, 0, 0, 0m, null]),
            result.Table.Rows);
        Assert.Equal($"/Campaigns/Details/{campaign}", result.Links[0]);
        var figures = await app.WithScopeAsync2(async s => await s.GetRequiredService<CampaignResults>().ForAsync(campaign, await UserAsync(s, Roles.Manager, manager), CancellationToken.None));
        Assert.Equal(figures!.Roi, result.Table.Rows[0][7]);
    }

    [Fact]
    public async Task Contacts_by_source_and_stage_count_contacts_created_in_the_period()
    {
        var owner = await app.CreateUserAsync(Roles.Sales, "Source team", name: "Sam Source");
        await app.WithDbAsync(async db =>
        {
            Contact New(string? source, LifecycleStage stage, DateTime? created = null) =>
                new() { FirstName = "S", LastName = "Source", LeadSource = source, LifecycleStage = stage, OwnerId = owner.Id, TeamId = owner.TeamId, CreatedAt = created ?? November };
            db.Contacts.AddRange(
                New("Web", LifecycleStage.Lead), New("Web", LifecycleStage.Lead), New("Web", LifecycleStage.Customer),
                New("Fair", LifecycleStage.Lead), New(null, LifecycleStage.Lead),
                New("Web", LifecycleStage.Lead, November.AddMonths(-2)));
            await db.SaveChangesAsync();
        });

        var result = await RunAsync($"std:contacts-by-source?owner={owner.Id}&from=2026-11-01&to=2026-11-30", Roles.Marketing);

        Assert.Equal(
            Rows(
                ["Web", "Lead", 2],
                ["Web", "Customer", 1],
                ["Fair", "Lead", 1],
                ["No source", "Lead", 1]),
            result.Table.Rows);
        Assert.Equal($"/Contacts?source=Web&stage=Lead&owner={owner.Id}&from=2026-11-01&to=2026-11-30", result.Links[0]);
        Assert.Null(result.Links[3]);

        // The row's link lists exactly its contacts.
        var client = await app.SignInAsync();
        var list = await (await client.GetAsync(result.Links[0])).ReadHtmlAsync();
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(list, "/Contacts/Details/\\d+\"").Select(m => m.Value).Distinct().Count());
    }

    [Theory]
    [InlineData("std:won-lost?from=2026-13-01", "from")]
    [InlineData("std:won-lost?to=31/12/2026", "to")]
    [InlineData("std:won-lost?from=2026-02-01&to=2026-01-31", "to")]
    [InlineData("std:won-lost?team=sales", "team")]
    [InlineData("std:ticket-sla?by=colour", "by")]
    public async Task A_malformed_filter_is_an_error_naming_its_parameter_never_a_wider_report(string key, string parameter)
    {
        var (parsed, errors) = StandardReportKey.Parse(key);
        Assert.Null(parsed);
        Assert.Equal(parameter, Assert.Single(errors).Parameter);

        var error = await Assert.ThrowsAsync<ReportKeyException>(() => RunAsync(key, Roles.Admin));
        Assert.Equal(parameter, error.Parameter);
    }

    [Fact]
    public async Task A_key_is_read_whatever_its_case_and_written_back_in_canonical_form()
    {
        var (key, errors) = StandardReportKey.Parse("std:Won-Lost?TO=2026-03-31&colour=blue&from=2026-01-01&owner=me&team=&by=");
        Assert.Empty(errors);
        Assert.Equal("std:won-lost?from=2026-01-01&to=2026-03-31&owner=me", key!.ToString());
        var (saved, savedErrors) = StandardReportKey.Parse("saved:42");
        Assert.Null(saved);
        Assert.Empty(savedErrors);

        await app.WithScopeAsync(async s =>
        {
            var runners = s.GetServices<IReportRunner>().ToList();
            var runner = Assert.Single(runners, r => r.Handles("std:won-lost"));
            var admin = await UserAsync(s, Roles.Admin, null);
            Assert.Null(await runner.RunAsync("std:no-such-report", admin, CancellationToken.None));
            Assert.NotNull(await runner.RunAsync("std:won-lost", admin, CancellationToken.None));
            var marketing = await UserAsync(s, Roles.Marketing, null);
            Assert.Null(await runner.RunAsync("std:ticket-sla", marketing, CancellationToken.None));
        });
    }

    [Fact]
    public async Task The_pages_answer_404_for_an_unknown_report_400_with_the_message_for_a_bad_date_and_list_what_the_user_may_open()
    {
        var admin = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Reports/Standard/no-such-report")).StatusCode);

        var bad = await (await admin.GetAsync("/Reports/Standard/won-lost?from=31/12/2026")).ReadHtmlAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Enter the start date as a date, for example 2026-01-31.", bad, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", bad, StringComparison.Ordinal);

        var index = await (await admin.GetAsync("/Reports")).ReadHtmlAsync();
        foreach (var name in new[] { "pipeline-by-stage", "won-lost", "activity-by-rep", "ticket-sla", "campaign-roi", "contacts-by-source" })
        {
            Assert.Contains($"href=\"/Reports/Standard/{name}\"", index, StringComparison.Ordinal);
        }

        var page = await (await admin.GetAsync("/Reports/Standard/won-lost?from=2026-01-01&to=2026-12-31")).ReadHtmlAsync();
        Assert.Contains("href=\"/Reports/Export?key=std%3Awon-lost%3Ffrom%3D2026-01-01%26to%3D2026-12-31\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/Reports/Schedules/New?key=std%3Awon-lost%3Ffrom%3D2026-01-01%26to%3D2026-12-31\"", page, StringComparison.Ordinal);

        var marketer = await app.SignInAsync(await app.CreateUserAsync(Roles.Marketing));
        Assert.DoesNotContain("/Reports/Standard/ticket-sla", await (await marketer.GetAsync("/Reports")).ReadHtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await marketer.GetAsync("/Reports/Standard/ticket-sla")).StatusCode);
    }

    [Fact]
    public async Task A_report_page_shows_its_chart_data_and_table_and_an_empty_state_when_nothing_matches()
    {
        var (_, alice, _) = await TeamAsync("Page");
        await AddDealsAsync(Open("Page deal", alice, 1, 1_234_00));
        var admin = await app.SignInAsync();

        var html = await (await admin.GetAsync($"/Reports/Standard/pipeline-by-stage?owner={alice.Id}")).ReadHtmlAsync();
        Assert.Contains("data-report-chart=", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"report-table\"", html, StringComparison.Ordinal);
        Assert.Contains("Alice Page", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Deals?stage=1&amp;status=Open&amp;owner={alice.Id}\"", html, StringComparison.Ordinal);

        var empty = await (await admin.GetAsync("/Reports/Standard/won-lost?from=1990-01-01&to=1990-01-31")).ReadHtmlAsync();
        Assert.Contains("Nothing to report", empty, StringComparison.Ordinal);
        Assert.DoesNotContain("data-report-chart=", empty, StringComparison.Ordinal);
    }

    private static object?[][] Rows(params object?[][] rows) => rows;

    private async Task<(int Team, TestUser Alice, TestUser Bob)> TeamAsync(string name, string role = Roles.Sales)
    {
        var alice = await app.CreateUserAsync(role, name + " team", name: "Alice " + name);
        var bob = await app.CreateUserAsync(role, name + " team", name: "Bob " + name);
        return (alice.TeamId!.Value, alice, bob);
    }

    private static Deal Open(string name, TestUser owner, int stageId, long cents)
    {
        var deal = DealTestData.New(name, owner.Id, owner.TeamId, amountCents: cents);
        if (stageId != 1)
        {
            deal.MoveTo(new PipelineStage { Id = stageId, PipelineId = 1 }, owner.Id, DateTime.UtcNow);
        }

        return deal;
    }

    private static Deal Won(string name, TestUser owner, long cents, DateTime at)
    {
        var deal = DealTestData.New(name, owner.Id, owner.TeamId, amountCents: cents);
        deal.Win(owner.Id, at);
        return deal;
    }

    private static Deal Lost(string name, TestUser owner, long cents, string reason, DateTime at)
    {
        var deal = DealTestData.New(name, owner.Id, owner.TeamId, amountCents: cents);
        deal.Lose(reason, owner.Id, at);
        return deal;
    }

    private Task AddDealsAsync(params Deal[] deals) => app.WithDbAsync(async db =>
    {
        db.Deals.AddRange(deals);
        await db.SaveChangesAsync();
    });

    /// <summary>A ticket with its times forced after the save (the SLA clock would recount them from now).</summary>
    private Task AddTicketAsync(int team, TestUser owner, TicketPriority priority, DateTime created, int? responded, int? resolved, bool breached) =>
        app.WithDbAsync(async db =>
        {
            var ticket = new Ticket { Subject = "SLA fixture", OwnerId = owner.Id, TeamId = team, Priority = priority, Channel = TicketChannel.Email };
            db.Tickets.Add(ticket);
            await db.SaveChangesAsync();
            await db.Tickets.Where(t => t.Id == ticket.Id).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.CreatedAt, created)
                .SetProperty(t => t.Priority, priority)
                .SetProperty(t => t.FirstRespondedAt, responded is int r ? created.AddHours(r) : null)
                .SetProperty(t => t.ResolvedAt, resolved is int h ? created.AddHours(h) : null)
                .SetProperty(t => t.Status, resolved is null ? TicketStatus.Open : TicketStatus.Resolved)
                .SetProperty(t => t.BreachedAt, breached ? created.AddHours(1) : null)
                .SetProperty(t => t.SlaState, breached ? SlaState.Breached : SlaState.OnTrack));
        });

    private async Task<StandardReportResult> RunAsync(string key, string role, TestUser? user = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var crmUser = await UserAsync(scope.ServiceProvider, role, user);
        var result = await scope.ServiceProvider.GetRequiredService<StandardReports>().ResultAsync(key, crmUser, CancellationToken.None);
        Assert.NotNull(result);
        return result;
    }

    private static async Task<CrmUser> UserAsync(IServiceProvider services, string role, TestUser? user) =>
        await services.GetRequiredService<CurrentVisibility>().UserAsync(user?.Id ?? "report-" + role, user?.TeamId, [role], CancellationToken.None);
}
