using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Audit;

/// <summary>/Admin/Audit: every kind's changes field by field, filtered and paged by keyset; the security log beside it.</summary>
public sealed partial class AuditPagesTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private const string Password = "Audit-Pages-2026";

    [GeneratedRegex("data-testid=\"audit-entry\"")]
    private static partial Regex EntryPattern();

    [Fact]
    public async Task Only_admins_read_the_audit_trail()
    {
        await app.CreateUserAsync("audit-manager@tests.crm", Password, Roles.Manager);
        var manager = await app.SignInAsync("audit-manager@tests.crm", Password);
        foreach (var path in new[] { "/Admin/Audit", "/Admin/Audit/Security" })
        {
            Assert.StartsWith("/Account/AccessDenied", (await manager.GetAsync(path)).LocationPath(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_change_made_on_a_form_shows_who_changed_which_field_from_what_to_what_and_links_to_the_record()
    {
        var admin = await app.SignInAsync();
        var contactId = await app.WithDbAsync(async db =>
        {
            var contact = new Contact { FirstName = "Aude", LastName = "Audit-Trail" };
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
            return contact.Id;
        });
        var version = await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == contactId).Select(c => c.Version).SingleAsync());
        var saved = await admin.PostFormAsync($"/Contacts/Edit/{contactId}", new()
        {
            ["FirstName"] = "Aurore", ["LastName"] = "Audit-Trail", ["Status"] = "Active", ["LifecycleStage"] = "Lead", ["Consent"] = "Unknown",
            ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var adminId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == CrmAppFactory.AdminEmail).Select(u => u.Id).SingleAsync());

        var page = await admin.GetTextAsync($"/Admin/Audit?kind=contacts&action=Updated&userId={adminId}");
        Assert.Contains($"href=\"/Contacts/Details/{contactId}\">Aurore Audit-Trail</a>", page, StringComparison.Ordinal);
        Assert.Contains("<del>Aude</del> → Aurore", page, StringComparison.Ordinal);

        var created = await admin.GetTextAsync("/Admin/Audit?kind=contacts&action=Created");
        Assert.Contains($"/Contacts/Details/{contactId}", created, StringComparison.Ordinal);
        var nobody = await admin.GetTextAsync("/Admin/Audit?kind=deals&action=Merged&from=2001-01-01&to=2001-01-02");
        Assert.Contains("data-testid=\"empty-state\"", nobody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_follow_each_other_by_keyset_without_repeating_or_losing_an_entry()
    {
        var admin = await app.SignInAsync();
        var userId = (await app.CreateUserAsync("audit-pager@tests.crm", Password, Roles.Sales)).Id;
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < 60; i++)
            {
                db.AuditEntries.Add(new AuditEntry { EntityType = "Contact", Kind = "contacts", EntityId = 800000 + i, Action = AuditAction.Deleted, UserId = userId, At = DateTime.UtcNow });
            }

            await db.SaveChangesAsync();
        });

        var first = await admin.GetTextAsync($"/Admin/Audit?userId={userId}");
        Assert.Equal(50, EntryPattern().Count(first));
        var older = Regex.Match(first, "href=\"([^\"]+)\" data-testid=\"older\"").Groups[1].Value;
        var second = await admin.GetTextAsync(older.Replace("&amp;", "&", StringComparison.Ordinal));
        Assert.Equal(10, EntryPattern().Count(second));
        Assert.DoesNotContain("data-testid=\"older\"", second, StringComparison.Ordinal);

        var shown = Regex.Matches(first + second, "#(80\\d{4})").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(60, shown.Distinct().Count());
        Assert.Equal("800059", shown[0]);
    }

    [Fact]
    public async Task The_security_tab_shows_failed_sign_ins_with_the_email_typed_and_filters_by_event()
    {
        var client = app.CreateBrowserLikeClient();
        await client.PostFormAsync("/Account/Login", new() { ["Email"] = "intruder@audit.test", ["Password"] = "Wrong-Pass-2026" });
        var admin = await app.SignInAsync();

        var failed = await admin.GetTextAsync("/Admin/Audit/Security?kind=SignInFailed");
        Assert.Contains("intruder@audit.test", failed, StringComparison.Ordinal);
        Assert.Contains("Failed sign-in", failed, StringComparison.Ordinal);
        var signedIn = await admin.GetTextAsync("/Admin/Audit/Security?kind=SignedIn");
        Assert.DoesNotContain("intruder@audit.test", signedIn, StringComparison.Ordinal);
        Assert.Contains("Signed in", signedIn, StringComparison.Ordinal);
    }
}
