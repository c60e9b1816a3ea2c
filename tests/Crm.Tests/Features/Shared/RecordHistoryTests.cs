using System.Globalization;
using System.Text.Json;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Features.Shared;

/// <summary>The history reads in plain words: names, labels and local times in the reader's language.</summary>
public sealed class RecordHistoryTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static readonly DateTime At = new(2026, 3, 29, 16, 5, 0, DateTimeKind.Utc);

    private async Task<(int Id, string Owner)> SeedAsync()
    {
        var owner = "Camille " + Guid.NewGuid().ToString("N")[..6];
        var user = await app.CreateUserAsync(Roles.Sales, "History", name: owner);
        var id = await app.AddContactAsync("Anne", "Historique");
        var merged = await app.AddContactAsync("Bruno", "Fusion");
        static string Changes(params RecordSaveInterceptor.FieldChange[] changes) => JsonSerializer.Serialize(changes);
        await app.WithDbAsync(async db =>
        {
            db.AuditEntries.AddRange(
                new AuditEntry
                {
                    EntityType = nameof(Contact), Kind = "contacts", EntityId = id, Action = AuditAction.Updated, Source = ChangeSource.Import, At = At, UserId = user.Id,
                    Changes = Changes(new("OwnerId", null, user.Id), new("Status", "Active", "DoNotContact"), new("ConsentAt", null, "2026-03-29T16:05:00.0000000Z")),
                },
                new AuditEntry
                {
                    EntityType = nameof(Contact), Kind = "contacts", EntityId = id, Action = AuditAction.Merged, Source = ChangeSource.Merge, At = At.AddHours(1), UserId = user.Id,
                    Changes = Changes(new("MergedId", null, merged.ToString(CultureInfo.InvariantCulture)), new("JobTitle", null, "Acheteuse")),
                },
                // Merges saved before change events also left the interceptor's update at the same instant.
                new AuditEntry
                {
                    EntityType = nameof(Contact), Kind = "contacts", EntityId = id, Action = AuditAction.Updated, Source = ChangeSource.Form, At = At.AddHours(1), UserId = user.Id,
                    Changes = Changes(new RecordSaveInterceptor.FieldChange("JobTitle", null, "Acheteuse")),
                });
            await db.SaveChangesAsync();
        });
        return (id, owner);
    }

    private async Task<IReadOnlyList<RecordHistory.Entry>> ReadAsync(int id, string culture)
    {
        IReadOnlyList<RecordHistory.Entry> entries = [];
        var (previous, previousUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            await app.WithScopeAsync(async sp => entries = await sp.GetRequiredService<RecordHistory>().ReadAsync(nameof(Contact), id, RecordHistory.LongCount, default));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (previous, previousUi);
        }

        return entries;
    }

    [Theory]
    [InlineData("fr", "Propriétaire", "Statut", "Ne pas contacter")]
    [InlineData("en", "Owner", "Status", "Do not contact")]
    public async Task A_change_shows_the_owners_name_the_status_label_and_the_local_time_in_the_readers_language(string culture, string ownerLabel, string statusLabel, string status)
    {
        var (id, owner) = await SeedAsync();

        var change = Assert.Single(await ReadAsync(id, culture), e => e.Action == AuditAction.Updated);

        Assert.Equal(ChangeSource.Import, change.Source);
        Assert.Equal(owner, change.UserName);
        Assert.Contains(change.Changes, c => c.Label == ownerLabel && c.Old is null && c.New == owner);
        Assert.Contains(change.Changes, c => c.Label == statusLabel && c.New == status);
        // 16:05 UTC is 18:05 in Paris once summer time has started that morning.
        var local = new DateTime(2026, 3, 29, 18, 5, 0).ToString("g", new CultureInfo(culture));
        Assert.Contains(change.Changes, c => c.Field == "ConsentAt" && c.New == local);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public async Task A_merge_is_shown_once_with_the_merged_records_name(string culture)
    {
        var (id, _) = await SeedAsync();

        var entries = await ReadAsync(id, culture);

        var merge = Assert.Single(entries, e => e.At == At.AddHours(1));
        Assert.Equal(AuditAction.Merged, merge.Action);
        Assert.Equal("Bruno Fusion", merge.Merged);
        Assert.False(merge.IsMergedAway);
        Assert.DoesNotContain(merge.Changes, c => c.Field == "MergedId");
    }

    [Fact]
    public async Task The_details_page_shows_the_history_in_french_with_names_labels_and_the_import_source()
    {
        var (id, owner) = await SeedAsync();
        var admin = await app.CreateUserAsync(Roles.Admin);
        var client = await app.SignInAsync(admin);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await client.PostFormAsync("/Culture/Set", new() { ["culture"] = "fr", ["returnUrl"] = "/" }, formPage: "/")).StatusCode);

        var html = System.Net.WebUtility.HtmlDecode(await client.GetTextAsync($"/Contacts/Details/{id}?history=true"));

        Assert.Contains("a fusionné Bruno Fusion dans cette fiche", html, StringComparison.Ordinal);
        Assert.Contains("importé", html, StringComparison.Ordinal);
        Assert.Contains($"Propriétaire</span>\u00a0: <del>—</del> → {owner}", html, StringComparison.Ordinal);
        Assert.Contains("→ Ne pas contacter", html, StringComparison.Ordinal);
        Assert.DoesNotContain("DoNotContact", html, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-03-29T", html, StringComparison.Ordinal);
    }
}
