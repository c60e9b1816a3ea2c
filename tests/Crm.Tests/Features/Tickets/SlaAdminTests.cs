using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Tickets;
using Crm.Web.Features.Tickets.Sla;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Tickets;

/// <summary>/Admin/Sla: policies saved through the form, every error at once, the French holidays button, admins only.</summary>
public sealed class SlaAdminTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static Dictionary<string, string> ValidPolicy(string name)
    {
        var fields = new Dictionary<string, string>
        {
            ["Name"] = name,
            ["TimeZone"] = "America/New_York",
            ["AtRiskPercent"] = "75",
            ["IsDefault"] = "false",
            ["Holidays"] = "2026-12-25 Christmas\n2026-07-04 Independence Day",
            ["command"] = "save",
        };
        var priorities = SlaPolicyForm.Priorities;
        for (var i = 0; i < priorities.Length; i++)
        {
            fields[$"Targets[{i}].Priority"] = priorities[i].ToString();
            fields[$"Targets[{i}].FirstResponse"] = i == 0 ? "1h30" : "4 h";
            fields[$"Targets[{i}].Resolution"] = i == 0 ? "90 min" : "16";
        }

        var week = SlaPolicyForm.Week;
        for (var i = 0; i < week.Length; i++)
        {
            fields[$"Days[{i}].Day"] = week[i].ToString();
            if (i < 5)
            {
                fields[$"Days[{i}].Start1"] = "08:00";
                fields[$"Days[{i}].End1"] = "12:00";
                fields[$"Days[{i}].Start2"] = "13:00";
                fields[$"Days[{i}].End2"] = "17:00";
            }
        }

        return fields;
    }

    [Fact]
    public async Task A_policy_saved_through_the_form_keeps_its_targets_hours_and_holidays()
    {
        var client = await app.SignInAsync();
        var name = "Americas " + Guid.NewGuid().ToString("N")[..6];

        var response = await client.PostFormAsync("/Admin/Sla/Create", ValidPolicy(name), "/Admin/Sla/Create");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var policy = await app.WithDbAsync(db => db.SlaPolicies.AsNoTracking().Include(p => p.Targets).Include(p => p.Hours).Include(p => p.Holidays).SingleAsync(p => p.Name == name));
        Assert.Equal("America/New_York", policy.TimeZone);
        Assert.Equal(75, policy.AtRiskPercent);
        Assert.False(policy.IsDefault);
        var urgent = policy.Targets.Single(t => t.Priority == TicketPriority.Urgent);
        Assert.Equal((90, 90), (urgent.FirstResponseMinutes, urgent.ResolutionMinutes));
        Assert.Equal((240, 960), policy.Targets.Where(t => t.Priority == TicketPriority.Low).Select(t => (t.FirstResponseMinutes, t.ResolutionMinutes)).Single());
        Assert.Equal(10, policy.Hours.Count);
        Assert.Equal([new DateOnly(2026, 7, 4), new DateOnly(2026, 12, 25)], policy.Holidays.Select(h => h.Date).Order());
        Assert.Contains(name, await client.GetStringAsync("/Admin/Sla"), StringComparison.Ordinal);
        Assert.Contains("value=\"1 h 30\"", await client.GetStringAsync($"/Admin/Sla/{policy.Id}/Edit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_policy_is_refused_with_every_error_at_once_and_nothing_saved()
    {
        var client = await app.SignInAsync();
        var name = "Broken " + Guid.NewGuid().ToString("N")[..6];
        var fields = ValidPolicy(name);
        fields["TimeZone"] = "Mars/Olympus";
        fields["AtRiskPercent"] = "150";
        fields["Targets[1].FirstResponse"] = "soon";
        fields["Targets[2].FirstResponse"] = "10 h";
        fields["Targets[2].Resolution"] = "2 h";
        fields["Days[0].End1"] = "07:00";
        fields["Days[1].Start2"] = "11:00";
        fields["Holidays"] = "Christmas\n2026-12-25 Noël\n2026-12-25 again";

        var response = await client.PostFormAsync("/Admin/Sla/Create", fields, "/Admin/Sla/Create");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ReadTextAsync();
        Assert.Contains("data-testid=\"error-summary\"", page, StringComparison.Ordinal);
        Assert.Contains("There are 8 problems", page, StringComparison.Ordinal);
        foreach (var field in new[] { "TimeZone", "AtRiskPercent", "Targets[1].FirstResponse", "Targets[2].Resolution", "Days[0].End1", "Days[1].Start2", "Holidays" })
        {
            Assert.Contains($"href=\"#{Crm.Web.Features.Shared.FieldErrors.IdOf(field)}\"", page, StringComparison.Ordinal);
        }

        Assert.False(await app.WithDbAsync(db => db.SlaPolicies.AnyAsync(p => p.Name == name)));
    }

    [Fact]
    public async Task The_French_holidays_button_adds_a_years_holidays_to_the_form_without_saving()
    {
        var client = await app.SignInAsync();
        var name = "Holidays " + Guid.NewGuid().ToString("N")[..6];
        var fields = ValidPolicy(name);
        fields["Holidays"] = "2027-12-25 Noël";
        fields["HolidayYear"] = "2027";
        fields["AlsaceMoselle"] = "true";
        fields["command"] = "add-holidays";

        var response = await client.PostFormAsync("/Admin/Sla/Create", fields, "/Admin/Sla/Create");

        var page = await response.ReadTextAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("2027-03-29 Lundi de Pâques", page, StringComparison.Ordinal);
        Assert.Contains("2027-03-26 Vendredi saint", page, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "2027-12-25"));
        Assert.False(await app.WithDbAsync(db => db.SlaPolicies.AnyAsync(p => p.Name == name)));
    }

    [Fact]
    public async Task Making_a_policy_the_default_takes_it_from_the_other()
    {
        var client = await app.SignInAsync();
        var name = "Next default " + Guid.NewGuid().ToString("N")[..6];
        await client.PostFormAsync("/Admin/Sla/Create", ValidPolicy(name), "/Admin/Sla/Create");
        var id = await app.WithDbAsync(db => db.SlaPolicies.Where(p => p.Name == name).Select(p => p.Id).SingleAsync());

        var response = await client.PostFormAsync($"/Admin/Sla/{id}/Default", [], "/Admin/Sla");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var defaults = await app.WithDbAsync(db => db.SlaPolicies.Where(p => p.IsDefault).Select(p => p.Id).ToListAsync());
        Assert.Equal([id], defaults);
    }

    [Theory]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Support)]
    public async Task Only_admins_reach_the_SLA_pages(string role)
    {
        var email = $"{role.ToLowerInvariant()}-sla-{Guid.NewGuid():N}@tests.crm";
        await app.CreateUserAsync(email, "Someone-Pass-2026", role);
        var client = await app.SignInAsync(email, "Someone-Pass-2026");

        var list = await client.GetAsync("/Admin/Sla");
        var create = await client.GetAsync("/Admin/Sla/Create");

        Assert.NotEqual(HttpStatusCode.OK, list.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, create.StatusCode);
        Assert.True(list.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect or HttpStatusCode.Found, list.StatusCode.ToString());
    }

    [Theory]
    [InlineData("4 h", 240)]
    [InlineData("4h", 240)]
    [InlineData("1 h 30", 90)]
    [InlineData("1h30", 90)]
    [InlineData("2h 15min", 135)]
    [InlineData("45 min", 45)]
    [InlineData("45m", 45)]
    [InlineData("8", 480)]
    [InlineData("soon", null)]
    [InlineData("", null)]
    [InlineData("h", null)]
    public void Durations_are_read_as_people_write_them(string text, int? minutes)
    {
        Assert.Equal(minutes, Durations.Parse(text));
        if (minutes is { } m)
        {
            Assert.Equal(m, Durations.Parse(Durations.Format(m)));
        }
    }
}
