using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Settings;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Settings;

/// <summary>/Admin/Settings: the company name, history retention and database copies; the nightly job that applies them.</summary>
public sealed class SettingsTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private const string Password = "Settings-Pass-2026";

    [Fact]
    public async Task Only_admins_open_or_post_the_settings()
    {
        await app.CreateUserAsync("settings-manager@tests.crm", Password, Roles.Manager);
        var manager = await app.SignInAsync("settings-manager@tests.crm", Password);
        Assert.StartsWith("/Account/AccessDenied", (await manager.GetAsync("/Admin/Settings")).LocationPath(), StringComparison.Ordinal);
        var refused = await manager.PostFormAsync("/Admin/Settings/Backup", [], "/Account/Manage");
        Assert.StartsWith("/Account/AccessDenied", refused.LocationPath(), StringComparison.Ordinal);

        var admin = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/Admin/Settings/Backup", new FormUrlEncodedContent([]))).StatusCode);
    }

    [Fact]
    public async Task Wrong_settings_show_every_error_at_once_and_change_nothing()
    {
        var admin = await app.SignInAsync();
        var response = await admin.PostFormAsync("/Admin/Settings", new()
        {
            ["CompanyName"] = new string('x', 101), ["AuditRetentionDays"] = "5", ["BackupsToKeep"] = "0",
        });
        var page = await response.ReadTextAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("There are 3 problems:", page, StringComparison.Ordinal);
        Assert.Contains("Enter a number of days from 30 to 36500, or leave blank to keep everything.", page, StringComparison.Ordinal);
        Assert.Contains("Enter how many copies to keep, from 1 to 90.", page, StringComparison.Ordinal);
        Assert.Contains("value=\"5\"", page, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<OrganisationSettings>().AnyAsync(s => s.BackupsToKeep == 0)));
    }

    [Fact]
    public async Task The_company_name_shows_in_every_users_menu_bar_and_tab_once_saved()
    {
        await app.CreateUserAsync("settings-sales@tests.crm", Password, Roles.Sales);
        var admin = await app.SignInAsync();
        var saved = await admin.PostFormAsync("/Admin/Settings", new() { ["CompanyName"] = "Bâtiments <Durand>", ["BackupsToKeep"] = "7", ["NightlyBackup"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var sales = await app.SignInAsync("settings-sales@tests.crm", Password);
        var raw = await (await sales.GetAsync("/Contacts")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<Durand>", raw, StringComparison.Ordinal);
        Assert.Contains("&lt;Durand&gt;", raw, StringComparison.Ordinal);
        var page = System.Net.WebUtility.HtmlDecode(raw);
        Assert.Contains("<title>Contacts · Bâtiments <Durand> · Crm</title>", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"company-name\">· Bâtiments <Durand></span>", page, StringComparison.Ordinal);

        await admin.PostFormAsync("/Admin/Settings", new() { ["CompanyName"] = "", ["BackupsToKeep"] = "7" });
        Assert.DoesNotContain("company-name", await sales.GetTextAsync("/Contacts"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Back_up_now_copies_the_database_and_keeps_only_the_newest_copies_but_never_an_upgrades()
    {
        var backups = Path.Combine(app.DataDirectory, "backups");
        Directory.CreateDirectory(backups);
        var upgrade = Path.Combine(backups, "crm-20200101-000000-000-before-upgrade.db");
        await File.WriteAllTextAsync(upgrade, "kept");
        var admin = await app.SignInAsync();
        await admin.PostFormAsync("/Admin/Settings", new() { ["BackupsToKeep"] = "2", ["NightlyBackup"] = "true" });

        for (var i = 0; i < 3; i++)
        {
            var response = await admin.PostFormAsync("/Admin/Settings/Backup", [], "/Admin/Settings");
            Assert.Equal("/Admin/Settings#backups", response.LocationPath());
        }

        var manual = Directory.GetFiles(backups, "crm-*-manual*.db");
        Assert.Equal(2, manual.Length);
        Assert.True(File.Exists(upgrade));

        // A real, readable copy with the users in it.
        await using (var copy = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={manual[0]};Mode=ReadOnly;Pooling=False"))
        {
            await copy.OpenAsync();
            await using var count = copy.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM AspNetUsers";
            Assert.True((long)(await count.ExecuteScalarAsync())! >= 1);
        }

        var page = await admin.GetTextAsync("/Admin/Settings");
        Assert.Contains(Path.GetFileName(manual[0]), page, StringComparison.Ordinal);
        Assert.Contains("before an upgrade, kept", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_nightly_job_removes_history_and_security_events_older_than_the_retention_and_takes_a_copy()
    {
        var admin = await app.SignInAsync();
        await admin.PostFormAsync("/Admin/Settings", new() { ["AuditRetentionDays"] = "90", ["BackupsToKeep"] = "3", ["NightlyBackup"] = "true" });
        var now = DateTime.UtcNow;
        await app.WithDbAsync(async db =>
        {
            db.AuditEntries.AddRange(
                new AuditEntry { EntityType = "Contact", Kind = "contacts", EntityId = 999001, Action = AuditAction.Updated, At = now.AddDays(-120) },
                new AuditEntry { EntityType = "Contact", Kind = "contacts", EntityId = 999002, Action = AuditAction.Updated, At = now.AddDays(-10) });
            db.SecurityEvents.AddRange(
                new SecurityEvent { Kind = SecurityEventKind.SignInFailed, Detail = "old@retention.test", At = now.AddDays(-100) },
                new SecurityEvent { Kind = SecurityEventKind.SignInFailed, Detail = "new@retention.test", At = now.AddDays(-1) });
            await db.SaveChangesAsync();
        });

        for (var run = 0; run < 2; run++)
        {
            await app.WithScopeAsync(services => services.GetRequiredService<NightlyMaintenance>().Run(CancellationToken.None));
        }

        var history = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId >= 999001).Select(a => a.EntityId).ToListAsync());
        Assert.Equal([999002], history);
        var security = await app.WithDbAsync(db => db.SecurityEvents.Where(e => e.Detail!.EndsWith("@retention.test")).Select(e => e.Detail).ToListAsync());
        Assert.Equal(["new@retention.test"], security);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(app.DataDirectory, "backups"), "crm-*-nightly*.db"));
    }

    [Fact]
    public async Task Bin_retention_fiscal_year_and_time_zone_refuse_bad_values_all_at_once_and_save_good_ones()
    {
        var admin = await app.SignInAsync();
        var response = await admin.PostFormAsync("/Admin/Settings", new()
        {
            ["BackupsToKeep"] = "7", ["RecycleBinRetentionDays"] = "0", ["FiscalYearStartMonth"] = "13", ["TimeZone"] = "Mars/Olympus_Mons",
        });
        var page = await response.ReadTextAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("There are 3 problems:", page, StringComparison.Ordinal);
        Assert.Contains("Enter a number of days from 1 to 3650.", page, StringComparison.Ordinal);
        Assert.Contains("Choose the month the fiscal year starts in.", page, StringComparison.Ordinal);
        Assert.Contains("Choose a time zone from the list (such as Europe/Paris).", page, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<OrganisationSettings>().AnyAsync(s => s.TimeZone == "Mars/Olympus_Mons")));

        var saved = await admin.PostFormAsync("/Admin/Settings", new()
        {
            ["BackupsToKeep"] = "7", ["RecycleBinRetentionDays"] = "45", ["FiscalYearStartMonth"] = "4", ["TimeZone"] = "America/Toronto",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var row = await app.WithDbAsync(db => db.Set<OrganisationSettings>().AsNoTracking().SingleAsync());
        Assert.Equal((45, 4, "America/Toronto"), (row.RecycleBinRetentionDays, row.FiscalYearStartMonth, row.TimeZone));
        await app.WithScopeAsync(async services => Assert.Equal(4, await services.GetRequiredService<FiscalCalendar>().StartMonthAsync(default)));
        Assert.Contains("<option value=\"America/Toronto\" selected=\"selected\">", await admin.GetTextAsync("/Admin/Sla/Create"), StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 4, 1), FiscalCalendar.YearStart(new DateOnly(2027, 3, 31), 4));
        Assert.Equal(4, FiscalCalendar.Quarter(new DateOnly(2027, 3, 31), 4));
        Assert.Equal(1, FiscalCalendar.Quarter(new DateOnly(2026, 4, 1), 4));
    }
}
