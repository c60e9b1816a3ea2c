using Crm.Tests.Infrastructure;
using Crm.Web.Features.Settings;
using Crm.Web.Features.Tickets;
using Crm.Web.Features.Tickets.Sla;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Tests.Features.Tickets;

/// <summary>The company's business hours, set at /Admin/Settings, and the SLA policies that use them.</summary>
public sealed class SlaCompanyHoursTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static DateTime P(int day, int hour) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, 12, day, hour, 0, 0, DateTimeKind.Unspecified), Paris);

    private static Dictionary<string, string> Week(string start, string end)
    {
        var fields = new Dictionary<string, string>();
        var days = SlaPolicyForm.Week;
        for (var i = 0; i < days.Length; i++)
        {
            fields[$"Days[{i}].Day"] = days[i].ToString();
            if (days[i] is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                fields[$"Days[{i}].Start1"] = start;
                fields[$"Days[{i}].End1"] = end;
            }
        }

        return fields;
    }

    private async Task<DateTime?> FirstResponseDueAsync(DateTime openedAt)
    {
        DateTime? due = null;
        await app.WithScopeAsync(async services =>
        {
            var sla = new SlaDeadlines(services.GetRequiredService<CrmDbContext>(), new FakeTimeProvider(new DateTimeOffset(openedAt, TimeSpan.Zero)), services.GetRequiredService<CurrentSettings>());
            var ticket = new Ticket { Priority = TicketPriority.Normal, CreatedAt = openedAt };
            await sla.StartAsync(ticket, CancellationToken.None);
            due = ticket.FirstResponseDueAt;
        });
        return due;
    }

    [Fact]
    public async Task Wrong_business_hours_show_every_error_at_once_and_change_nothing()
    {
        var admin = await app.SignInAsync();
        var fields = Week("09:00", "17:00");
        fields["Days[0].Start1"] = "25:00";
        fields["Days[1].End1"] = "08:00";

        var page = await (await admin.PostFormAsync("/Admin/Settings/Hours", fields, "/Admin/Settings")).ReadTextAsync();

        Assert.Contains("There are 2 problems:", page, StringComparison.Ordinal);
        Assert.Contains("Enter a time such as 09:00.", page, StringComparison.Ordinal);
        Assert.Contains("The end must come after the start.", page, StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync(db => db.Set<OrganisationSettings>().Select(s => s.BusinessHours).FirstOrDefaultAsync()));
    }

    [Fact]
    public async Task A_policy_using_the_company_hours_counts_in_them_and_follows_their_change()
    {
        var admin = await app.SignInAsync();
        await app.WithDbAsync(db => db.SlaPolicies.Where(p => p.IsDefault).ExecuteUpdateAsync(s => s.SetProperty(p => p.UseCompanyHours, true)));

        // Company open 10:00–12:00 on weekdays: a normal ticket's 8 business hours opened Monday 7 December at 10:00 end Thursday at 12:00.
        Assert.Equal("/Admin/Settings#hours", (await admin.PostFormAsync("/Admin/Settings/Hours", Week("10:00", "12:00"), "/Admin/Settings")).LocationPath());
        Assert.Equal(P(10, 12), await FirstResponseDueAsync(P(7, 10)));
        Assert.Contains("value=\"10:00\"", await admin.GetTextAsync("/Admin/Settings"), StringComparison.Ordinal);

        // The company opens 08:00–16:00 from now on: 6 h that Monday, 2 h on Tuesday, due Tuesday at 10:00.
        await admin.PostFormAsync("/Admin/Settings/Hours", Week("08:00", "16:00"), "/Admin/Settings");
        Assert.Equal(P(8, 10), await FirstResponseDueAsync(P(7, 10)));

        // A policy with its own hours ignores the company's (the default: 9:00–12:30 and 13:30–18:00, due Tuesday at 10:00).
        await app.WithDbAsync(db => db.SlaPolicies.Where(p => p.IsDefault).ExecuteUpdateAsync(s => s.SetProperty(p => p.UseCompanyHours, false)));
        await admin.PostFormAsync("/Admin/Settings/Hours", Week("10:00", "12:00"), "/Admin/Settings");
        Assert.Equal(P(8, 10), await FirstResponseDueAsync(P(7, 10)));
    }
}
