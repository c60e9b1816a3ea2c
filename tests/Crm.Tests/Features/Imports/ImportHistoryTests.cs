using System.Text;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Imports;

/// <summary>An "update" import is a write path like any other: version, "updated" date, history and change event.</summary>
public sealed class ImportHistoryTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task An_update_import_that_only_adds_an_email_and_a_phone_moves_the_version_and_writes_the_history()
    {
        var (userId, client) = await app.UserAsync(Roles.Admin);
        var email = $"history-{Guid.NewGuid():N}@exemple.fr";
        var id = await app.AddContactAsync("Claire", "Historique", email: email, phone: "01 42 68 53 00");
        var before = await app.WithDbAsync(db => db.Contacts.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.Version, c.UpdatedAt }).SingleAsync());
        var added = $"claire-{Guid.NewGuid():N}@perso.fr";
        var csv = Encoding.UTF8.GetBytes($"Prénom;Nom;E-mail;Portable\nClaire;Historique;\"{email}; {added}\";06 98 76 54 32\n");

        var job = await app.JobAsync(await app.ImportAsync(client, "/Contacts/Import", csv, "history.csv", DuplicateHandling.Update));

        Assert.Equal(1, job.UpdatedCount);
        var after = await app.WithDbAsync(db => db.Contacts.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.Version, c.UpdatedAt }).SingleAsync());
        Assert.Equal(before.Version + 1, after.Version);
        Assert.True(after.UpdatedAt > before.UpdatedAt);

        var entry = Assert.Single(await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(Contact) && a.EntityId == id && a.Action == AuditAction.Updated).ToListAsync()));
        Assert.Equal((ChangeSource.Import, ChangeScope.ForImport(job.Id), userId), (entry.Source, entry.CorrelationId, entry.UserId));
        var changes = System.Text.Json.JsonSerializer.Deserialize<List<RecordSaveInterceptor.FieldChange>>(entry.Changes!)!;
        Assert.Contains(new RecordSaveInterceptor.FieldChange("Emails", email, $"{email}; {added}"), changes);
        Assert.Contains(new RecordSaveInterceptor.FieldChange("Phones", "01 42 68 53 00", "01 42 68 53 00; 06 98 76 54 32"), changes);

        var history = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/Contacts/Details/{id}"));
        Assert.Contains(added, history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_import_that_changes_nothing_leaves_the_version_alone()
    {
        var (_, client) = await app.UserAsync(Roles.Admin);
        var email = $"same-{Guid.NewGuid():N}@exemple.fr";
        var id = await app.AddContactAsync("Paul", "Inchangé", email: email);
        var version = await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == id).Select(c => c.Version).SingleAsync());
        var csv = Encoding.UTF8.GetBytes($"Prénom;Nom;E-mail\nPaul;Inchangé;{email}\n");

        await app.ImportAsync(client, "/Contacts/Import", csv, "same.csv", DuplicateHandling.Update);

        Assert.Equal(version, await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == id).Select(c => c.Version).SingleAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(Contact) && a.EntityId == id && a.Action == AuditAction.Updated)));
    }
}
