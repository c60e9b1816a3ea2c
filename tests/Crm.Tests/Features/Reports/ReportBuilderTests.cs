using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.CustomFields;
using Crm.Web.Features.Deals;
using Crm.Web.Features.Reports;
using Crm.Web.Features.Reports.Builder;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Records;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Reports;

/// <summary>
/// Deals arranged by hand for the report builder: Alice and Bob sell for team North, Carol for team South. Amounts in
/// euros: Alice 100 (open, north), 200 (won, south), 300 (open, north); Bob 50 (open), 150 (won); Carol 1 000 (open, north).
/// The custom field "Region" (a choice: north, south) is set on four of them. Every query the app sends is counted.
/// </summary>
public sealed class ReportBuilderFixture : CrmAppFactory, IAsyncLifetime
{
    public TestUser Alice { get; private set; } = null!;
    public TestUser Bob { get; private set; } = null!;
    public TestUser Carol { get; private set; } = null!;
    public int RegionId { get; private set; }
    public ConcurrentQueue<string> Commands { get; } = new();

    async Task IAsyncLifetime.InitializeAsync()
    {
        Alice = await RecordPages.CreateUserAsync(this, Roles.Sales, "Report North", "Alice Martin");
        Bob = await RecordPages.CreateUserAsync(this, Roles.Sales, "Report North", "Bob Durand");
        Carol = await RecordPages.CreateUserAsync(this, Roles.Sales, "Report South", "Carol Petit");
        var at = new DateTime(2026, 10, 1, 9, 0, 0, DateTimeKind.Utc);
        await WithDbAsync(async db =>
        {
            var region = new CustomField { Kind = DealKind.Key, Key = "region", Type = CustomFieldType.Choice, LabelEn = "Region", LabelFr = "Région", CreatedAt = at };
            region.SetChoices([new("north", "North", "Nord"), new("south", "South", "Sud")]);
            db.CustomFields.Add(region);
            var deals = new List<(Deal Deal, string? Region)>();
            void Add(string name, TestUser owner, decimal amount, bool won, string? regionKey)
            {
                var deal = new Deal { Name = name, OwnerId = owner.Id, TeamId = owner.TeamId, Currency = "EUR", Source = "Web" };
                deal.SetAmount(amount, 1m);
                deal.Start(new PipelineStage { Id = 1, PipelineId = 1 }, owner.Id, at);
                if (won)
                {
                    deal.Win(owner.Id, at.AddDays(3));
                }

                deals.Add((deal, regionKey));
            }

            Add("Alice one", Alice, 100m, false, "north");
            Add("Alice two", Alice, 200m, true, "south");
            Add("Alice three", Alice, 300m, false, "north");
            Add("Bob one", Bob, 50m, false, null);
            Add("Bob two", Bob, 150m, true, null);
            Add("Carol one", Carol, 1000m, false, "north");
            db.Deals.AddRange(deals.Select(d => d.Deal));
            await db.SaveChangesAsync();
            RegionId = region.Id;
            db.CustomFieldValues.AddRange(deals.Where(d => d.Region is not null)
                .Select(d => new CustomFieldValue { FieldId = region.Id, RecordId = d.Deal.Id, Text = d.Region, TextKey = d.Region }));
            await db.SaveChangesAsync();
        });
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    public CrmUser UserOf(TestUser user) => new(user.Id, user.TeamId, new HashSet<string> { Roles.Sales });

    public static CrmUser Admin { get; } = new("admin", null, new HashSet<string> { Roles.Admin });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IInterceptor>(new CommandCounter(Commands)));
    }

    private sealed class CommandCounter(ConcurrentQueue<string> commands) : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            commands.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            commands.Enqueue(command.CommandText);
            return result;
        }
    }
}

public sealed class ReportBuilderTests(ReportBuilderFixture app) : IClassFixture<ReportBuilderFixture>
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    private static ReportForm Form(string kind = DealKind.Key, string[]? columns = null, string[]? groups = null, (string Function, string? Field)[]? aggregates = null,
        (string Field, string Operator, string? Value)[]? filters = null, string chart = "None") => new()
    {
        Name = "Test report",
        Kind = kind,
        Columns = [.. columns ?? []],
        Groups = [.. groups ?? []],
        Aggregates = [.. (aggregates ?? []).Select(a => new ReportForm.AggregateRow { Function = a.Function, Field = a.Field })],
        Filters = [.. (filters ?? []).Select(f => new ReportForm.FilterRow { Field = f.Field, Operator = f.Operator, Value = f.Value })],
        Chart = chart,
    };

    private async Task<T> AsRunnerAsync<T>(Func<SavedReportRunner, Task<T>> run)
    {
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = English;
        try
        {
            using var scope = app.Services.CreateScope();
            return await run(scope.ServiceProvider.GetRequiredService<SavedReportRunner>());
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }

    private Task<ReportTable> RunAsync(ReportForm form, CrmUser user) => AsRunnerAsync(async runner =>
    {
        var (prepared, errors) = await runner.CheckAsync("Test report", form, user, default);
        Assert.Empty(errors);
        return await runner.RunAsync(prepared!, user, null, default);
    });

    [Fact]
    public async Task A_report_grouped_on_two_levels_counts_sums_and_averages_in_sql()
    {
        var table = await RunAsync(
            Form(groups: ["OwnerId", "Status"], aggregates: [("Count", null), ("Sum", "AmountCents"), ("Average", "AmountCents")]),
            ReportBuilderFixture.Admin);

        Assert.Equal(["Owner", "Status", "Count", "Sum of Amount", "Average of Amount"], table.Columns.Select(c => c.Header).ToList());
        Assert.Equal(ReportValueType.Count, table.Columns[2].Type);
        Assert.Equal(ReportValueType.Money, table.Columns[3].Type);
        var rows = table.Rows.Select(r => $"{r[0]}|{r[1]}|{r[2]}|{r[3]:0.00}|{r[4]:0.00}").ToList();
        Assert.Equal(
        [
            "Alice Martin|Open|2|400.00|200.00",
            "Alice Martin|Won|1|200.00|200.00",
            "Bob Durand|Open|1|50.00|50.00",
            "Bob Durand|Won|1|150.00|150.00",
            "Carol Petit|Open|1|1000.00|1000.00",
        ], rows);
    }

    [Fact]
    public async Task A_report_is_one_sql_statement_whatever_its_groups_names_and_custom_fields()
    {
        var form = Form(groups: ["OwnerId", "cf.region"], aggregates: [("Count", null), ("Sum", "AmountCents")], filters: [("Status", "Equals", "Open")]);
        var count = await AsRunnerAsync(async runner =>
        {
            var (prepared, errors) = await runner.CheckAsync("One query", form, ReportBuilderFixture.Admin, default);
            Assert.Empty(errors);
            app.Commands.Clear();
            await runner.RunAsync(prepared!, ReportBuilderFixture.Admin, null, default);
            return app.Commands.ToList();
        });

        var sql = Assert.Single(count);
        Assert.Contains("GROUP BY", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void The_grouped_query_translates_for_sql_server_too()
    {
        using var db = new Crm.Web.Infrastructure.Data.SqlServerDesignTimeFactory().CreateDbContext([]);
        var kinds = app.Services.GetRequiredService<RecordKinds>();
        var deals = kinds.Find(DealKind.Key)!;
        var region = new CustomField { Id = 1, Kind = DealKind.Key, Key = "region", Type = CustomFieldType.Choice, LabelEn = "Region" };
        var fields = new ReportFieldList(
        [
            new ReportField("OwnerId", "Owner", FieldType.User, typeof(string), deals.Fields["OwnerId"], null),
            new ReportField("CompanyId", "Company", FieldType.Record, typeof(int?), deals.Fields["CompanyId"], null),
            new ReportField("AmountCents", "Amount", FieldType.Money, typeof(long), deals.Fields["AmountCents"], null),
            new ReportField(region.Name, "Region", FieldType.Choice, typeof(string), null, region),
        ]);
        var definition = new ReportDefinition(
            DealKind.Key, [], [new(region.Name, FilterOperator.Equals, "north")], ["OwnerId", "CompanyId"],
            [new(AggregateFunction.Count, null), new(AggregateFunction.Average, "AmountCents")], ReportChartType.None);

        var sql = ReportQuery.For(deals).GroupsSql(db, kinds, ReportBuilderFixture.Admin, definition, fields);

        Assert.Contains("GROUP BY", sql, StringComparison.Ordinal);
        Assert.Contains("AVG(", sql, StringComparison.Ordinal);
        Assert.Contains("[CustomFieldValues]", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_field_is_a_column_a_filter_and_a_grouping()
    {
        var rows = await RunAsync(Form(columns: ["Name", "cf.region"], filters: [("cf.region", "Equals", "north")]), ReportBuilderFixture.Admin);
        Assert.Equal(["Alice one|North", "Alice three|North", "Carol one|North"], rows.Rows.Select(r => $"{r[0]}|{r[1]}").Order().ToList());

        var grouped = await RunAsync(Form(groups: ["cf.region"], aggregates: [("Count", null), ("Sum", "AmountCents")]), ReportBuilderFixture.Admin);
        Assert.Equal(["(none)|2|200", "North|3|1400", "South|1|200"], grouped.Rows.Select(r => $"{r[0]}|{r[1]}|{r[2]:0}").Order().ToList());

        var empty = await RunAsync(Form(columns: ["Name"], filters: [("cf.region", "IsEmpty", null)]), ReportBuilderFixture.Admin);
        Assert.Equal(["Bob one", "Bob two"], empty.Rows.Select(r => (string)r[0]!).Order().ToList());
    }

    [Fact]
    public async Task Filters_on_declared_fields_compare_typed_values()
    {
        var table = await RunAsync(Form(columns: ["Name", "AmountCents"], filters: [("AmountCents", "AtLeast", "150"), ("Status", "NotEquals", "Won")]), ReportBuilderFixture.Admin);
        Assert.Equal(["Alice three|300", "Carol one|1000"], table.Rows.Select(r => $"{r[0]}|{r[1]:0}").Order().ToList());
    }

    [Fact]
    public async Task A_rep_running_a_report_counts_only_the_records_they_may_see()
    {
        var bob = app.UserOf(app.Bob);
        var table = await RunAsync(Form(groups: ["OwnerId"], aggregates: [("Count", null), ("Sum", "AmountCents")]), bob);
        Assert.Equal(["Alice Martin|3|600", "Bob Durand|2|200"], table.Rows.Select(r => $"{r[0]}|{r[1]}|{r[2]:0}").ToList());

        var carol = app.UserOf(app.Carol);
        var hers = await RunAsync(Form(groups: ["OwnerId"], aggregates: [("Count", null)]), carol);
        Assert.Equal(["Carol Petit|1"], hers.Rows.Select(r => $"{r[0]}|{r[1]}").ToList());
    }

    [Fact]
    public async Task Bad_definitions_show_every_error_at_once_and_keep_what_was_typed()
    {
        var client = await app.SignInAsync(app.Alice);
        var response = await client.PostMultipleAsync("/Reports/Builder",
        [
            new("Name", "Broken"), new("Kind", DealKind.Key), new("command", "save"),
            new("Columns", "NoSuchField"),
            new("Groups[0]", "Status"), new("Groups[1]", "OwnerId"), new("Groups[2]", "Source"),
            new("Aggregates[0].Function", "Sum"), new("Aggregates[0].Field", "Name"),
            new("Filters[0].Field", "AmountCents"), new("Filters[0].Operator", "AtLeast"), new("Filters[0].Value", "lots"),
            new("OwnerId", app.Carol.Id),
        ], "/Reports/Builder?kind=deals");
        var html = System.Net.WebUtility.HtmlDecode(await response.ReadHtmlAsync());

        Assert.Contains("A report groups on one or two levels, not 3.", html, StringComparison.Ordinal);
        Assert.Contains("“NoSuchField” is not a field of this kind of record.", html, StringComparison.Ordinal);
        Assert.Contains("Name is not a number or an amount: it cannot be summed or averaged.", html, StringComparison.Ordinal);
        Assert.Contains("Amount: “lots” is not a number.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"lots\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Broken\"", html, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.SavedReports.CountAsync(r => r.Name == "Broken")));
    }

    [Fact]
    public async Task A_report_shared_with_a_team_runs_for_its_members_only_and_stops_when_unshared()
    {
        var alice = await app.SignInAsync(app.Alice);
        var north = app.Alice.TeamId!.Value;
        var saved = await alice.PostMultipleAsync("/Reports/Builder",
        [
            new("Name", "North pipeline"), new("Kind", DealKind.Key), new("command", "save"), new("Groups[0]", "OwnerId"),
            new("Aggregates[0].Function", "Count"), new("Chart", "Bar"), new("SharedTeamId", north.ToString(CultureInfo.InvariantCulture)),
            new("OwnerId", app.Carol.Id),
        ], "/Reports/Builder?kind=deals");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = int.Parse(saved.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
        var report = await app.WithDbAsync(db => db.SavedReports.SingleAsync(r => r.Id == id));
        Assert.Equal(app.Alice.Id, report.OwnerId);

        // Bob (North) runs it, sees it listed, but may not change it; it counts only what he may see.
        var bob = await app.SignInAsync(app.Bob);
        var page = await (await bob.GetAsync($"/Reports/Saved/{id}")).ReadHtmlAsync();
        Assert.Contains("data-report-chart-data", page, StringComparison.Ordinal);
        Assert.Contains("Alice Martin", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Carol Petit", page, StringComparison.Ordinal);
        Assert.Contains($"/Reports/Export?key=saved%3A{id}", page, StringComparison.Ordinal);
        Assert.Contains("North pipeline", await (await bob.GetAsync("/Reports/Saved")).ReadHtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/Reports/Builder/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/Reports/Saved/{id}/Delete")).StatusCode);

        // Carol (South) gets 404 everywhere, and the runner gives her nothing.
        var carol = await app.SignInAsync(app.Carol);
        foreach (var path in new[] { $"/Reports/Saved/{id}", $"/Reports/Builder/{id}", $"/Reports/Saved/{id}/Delete" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await carol.GetAsync(path)).StatusCode);
        }

        Assert.Null(await AsRunnerAsync(runner => runner.RunAsync(SavedReportRunner.KeyOf(id), app.UserOf(app.Carol), default)));
        Assert.DoesNotContain("North pipeline", await (await carol.GetAsync("/Reports/Saved")).ReadHtmlAsync(), StringComparison.Ordinal);

        // Unshared: Bob no longer runs it.
        var unshared = await alice.PostMultipleAsync($"/Reports/Builder/{id}",
        [
            new("Name", "North pipeline"), new("Kind", DealKind.Key), new("command", "save"), new("Groups[0]", "OwnerId"),
            new("Aggregates[0].Function", "Count"), new("Chart", "Bar"), new("SharedTeamId", string.Empty),
        ], $"/Reports/Builder/{id}");
        Assert.Equal(HttpStatusCode.Redirect, unshared.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/Reports/Saved/{id}")).StatusCode);
        Assert.Null(await AsRunnerAsync(runner => runner.RunAsync(SavedReportRunner.KeyOf(id), app.UserOf(app.Bob), default)));

        // A post without its token is refused; deleting asks, then deletes.
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.PostAsync($"/Reports/Saved/{id}/Delete", new FormUrlEncodedContent([]))).StatusCode);
        var deleted = await alice.PostFormAsync($"/Reports/Saved/{id}/Delete", new(), $"/Reports/Saved/{id}/Delete");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.SavedReports.CountAsync(r => r.Id == id)));
    }

    [Fact]
    public async Task A_raw_report_streams_every_row_in_order()
    {
        var result = await AsRunnerAsync(async runner =>
        {
            var (prepared, _) = await runner.CheckAsync("Raw", Form(columns: ["Name", "AmountCents", "OwnerId"]), ReportBuilderFixture.Admin, default);
            var id = await app.WithDbAsync(async db =>
            {
                var report = new SavedReport { Name = "Raw", Kind = DealKind.Key, OwnerId = ReportBuilderFixture.Admin.Id, Definition = prepared!.Definition.ToJson() };
                db.SavedReports.Add(report);
                await db.SaveChangesAsync();
                return report.Id;
            });
            var stream = await runner.StreamAsync(SavedReportRunner.KeyOf(id), ReportBuilderFixture.Admin, default);
            var rows = new List<object?[]>();
            await foreach (var row in stream!.Value.Rows)
            {
                rows.Add(row);
            }

            return (stream.Value.Columns, rows);
        });

        Assert.Equal(["Name", "Amount", "Owner"], result.Columns.Select(c => c.Header).ToList());
        Assert.Equal(6, result.rows.Count);
        Assert.Equal(new object?[] { "Alice one", 100m, "Alice Martin" }, result.rows[0]);
    }

    [Fact]
    public async Task The_builder_and_the_saved_list_answer_with_an_empty_state()
    {
        var client = await app.SignInAsync(await app.CreateUserAsync(Roles.Marketing, "Report Marketing"));
        var list = await (await client.GetAsync("/Reports/Saved")).ReadHtmlAsync();
        Assert.Contains("saved-reports-empty", list, StringComparison.Ordinal);
        var builder = await (await client.GetAsync("/Reports/Builder?kind=contacts")).ReadHtmlAsync();
        Assert.Contains("name=\"Groups[0]\"", builder, StringComparison.Ordinal);
    }
}
