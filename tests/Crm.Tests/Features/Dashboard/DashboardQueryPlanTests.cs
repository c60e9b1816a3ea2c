using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Dashboard;

/// <summary>
/// The dashboard reads its big tables through indexes: a full scan of the deals, tickets, contacts or a million
/// activities on every home page would not hold 150 ms at 20 users. Each role's page is read and every query's plan checked.
/// </summary>
public sealed partial class DashboardQueryPlanTests(RecordingAppFactory app) : IClassFixture<RecordingAppFactory>
{
    [Theory]
    [InlineData(Roles.Admin, "Deals")]
    [InlineData(Roles.Admin, "Activities")]
    [InlineData(Roles.Manager, "Deals")]
    [InlineData(Roles.Manager, "Activities")]
    [InlineData(Roles.Manager, "Tickets")]
    [InlineData(Roles.Sales, "Deals")]
    [InlineData(Roles.Sales, "Contacts")]
    [InlineData(Roles.Sales, "Tasks")]
    [InlineData(Roles.Support, "Tickets")]
    [InlineData(Roles.Marketing, "Contacts")]
    public async Task No_dashboard_query_scans_a_whole_table(string role, string table)
    {
        var user = await RecordPages.CreateUserAsync(app, role, "Plan " + role);
        if (role == Roles.Manager)
        {
            await app.WithScopeAsync(async services =>
            {
                var users = services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
                await users.AddToRoleAsync((await users.FindByIdAsync(user.Id))!, Roles.Support);
            });
        }

        var client = await app.SignInAsync(user);

        var plans = await app.PlansOfAsync(client, "/Dashboard?period=quarter", table);

        Assert.NotEmpty(plans);
        foreach (var plan in plans)
        {
            // The names the query gives the table ("d", "d0"…): none of them is read whole, by its rows or an index's.
            var aliases = Alias().Matches(plan.Sql).Where(m => m.Groups[1].Value == table).Select(m => m.Groups[2].Value).ToHashSet();
            Assert.False(plan.Steps.Any(s => s.Split(' ') is ["SCAN", var alias, ..] && aliases.Contains(alias)), plan.ToString());
        }
    }

    [GeneratedRegex("FROM \"(\\w+)\" AS \"(\\w+)\"")]
    private static partial Regex Alias();
}
