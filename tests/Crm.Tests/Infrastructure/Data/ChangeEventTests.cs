using System.Globalization;
using System.Net;
using System.Text;
using Crm.Tests.Features;
using Crm.Tests.Features.Imports;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Infrastructure.Data;

/// <summary>Every write path leaves its change events in AuditEntries, committed with the change (decision 0006).</summary>
public sealed class ChangeEventTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private Task<List<AuditEntry>> EventsAsync(string entityType, params int[] ids) =>
        app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.EntityType == entityType && ids.Contains(a.EntityId)).OrderBy(a => a.Id).ToListAsync());

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static List<KeyValuePair<string, string>> Contact(string lastName, string email, params (string Key, string Value)[] extra) =>
    [
        .. Fields(("FirstName", "Anne"), ("LastName", lastName), ("Emails", email), ("PrimaryEmail", "0"),
            ("Status", "Active"), ("LifecycleStage", "Lead"), ("Consent", "Unknown")),
        .. Fields(extra),
    ];

    [Fact]
    public async Task Creating_editing_and_deleting_a_contact_through_its_forms_publishes_three_form_events()
    {
        var client = await app.SignInAsync();
        var name = "Events" + Guid.NewGuid().ToString("N")[..6];
        var id = IdFromLocation(await client.PostMultipleAsync("/Contacts/Create", Contact(name, $"{name}@example.fr"), "/Contacts/Create"));

        var version = await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == id).Select(c => c.Version).SingleAsync());
        var edit = await client.PostMultipleAsync($"/Contacts/Edit/{id}",
            Contact(name + "Bis", $"{name}@example.fr", ("Version", Id(version))), $"/Contacts/Edit/{id}");
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/Contacts/Delete/{id}", new(), $"/Contacts/Details/{id}")).StatusCode);

        var events = await EventsAsync(nameof(Contact), id);
        Assert.Equal([AuditAction.Created, AuditAction.Updated, AuditAction.Deleted], events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal((ChangeSource.Form, "contacts"), (e.Source, e.Kind)));
        Assert.All(events, e => Assert.NotNull(e.UserId));
        Assert.Contains($"\"Field\":\"LastName\",\"Old\":\"{name}\",\"New\":\"{name}Bis\"", events[1].Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_and_editing_a_company_publishes_form_events_with_its_tags()
    {
        var client = await app.SignInAsync();
        var name = "Evt " + Guid.NewGuid().ToString("N")[..8];
        static List<KeyValuePair<string, string>> Company(string name, string status, string tags, params (string Key, string Value)[] extra) =>
        [
            .. Fields(("Name", name), ("Status", status), ("Size", "Small"), ("Billing.City", "Paris"), ("ShippingSameAsBilling", "true"), ("Tags", tags)),
            .. Fields(extra),
        ];
        var id = IdFromLocation(await client.PostMultipleAsync("/Companies/Create", Company(name, "Prospect", "Salon"), "/Companies/Create"));
        var version = await app.WithDbAsync(db => db.Companies.Where(c => c.Id == id).Select(c => c.Version).SingleAsync());
        var edit = await client.PostMultipleAsync($"/Companies/Edit/{id}", Company(name, "Customer", "Salon, Export " + name[4..], ("Version", Id(version))), $"/Companies/Edit/{id}");
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);

        var events = await EventsAsync(nameof(Company), id);
        Assert.Equal([AuditAction.Created, AuditAction.Updated], events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal((ChangeSource.Form, "companies"), (e.Source, e.Kind)));
        var tagIds = await app.WithDbAsync(db => db.CompanyTags.Where(t => t.CompanyId == id).OrderBy(t => t.TagId).Select(t => t.TagId).ToListAsync());
        Assert.Equal(2, tagIds.Count);
        Assert.Contains("\"Field\":\"Status\",\"Old\":\"Prospect\",\"New\":\"Customer\"", events[1].Changes, StringComparison.Ordinal);
        Assert.Contains($"\"Field\":\"Tags\",\"Old\":\"{tagIds[0]}\",\"New\":\"{tagIds[0]},{tagIds[1]}\"", events[1].Changes, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Contacts")]
    [InlineData("Companies")]
    public async Task Bulk_assign_tag_and_delete_publish_bulk_events_sharing_one_correlation_id_per_action(string route)
    {
        var owner = await app.CreateUserAsync(Roles.Sales, "Bulk events");
        var entityType = route == "Contacts" ? nameof(Contact) : nameof(Company);
        var ids = new[]
        {
            route == "Contacts" ? await app.AddContactAsync("Bulk", "One") : await app.AddCompanyAsync("Bulk One " + Guid.NewGuid().ToString("N")[..6]),
            route == "Contacts" ? await app.AddContactAsync("Bulk", "Two") : await app.AddCompanyAsync("Bulk Two " + Guid.NewGuid().ToString("N")[..6]),
        };
        var client = await app.SignInAsync();
        var tag = "bulk-" + Guid.NewGuid().ToString("N")[..6];
        foreach (var (action, extra) in new[] { ("assign", ("OwnerId", owner.Id)), ("tag", ("TagName", tag)), ("delete", ("Confirmed", "true")) })
        {
            var fields = ids.Select(id => new KeyValuePair<string, string>("Ids", Id(id)))
                .Append(new("Action", action)).Append(new(extra.Item1, extra.Item2)).Append(new("ReturnUrl", $"/{route}"));
            Assert.Equal(HttpStatusCode.Redirect, (await client.PostMultipleAsync($"/{route}/Bulk", fields, $"/{route}")).StatusCode);
        }

        var events = (await EventsAsync(entityType, ids)).Where(e => e.Action != AuditAction.Created).ToList();
        Assert.Equal(6, events.Count);
        Assert.All(events, e => Assert.Equal(ChangeSource.Bulk, e.Source));
        Assert.Equal(3, events.Select(e => e.CorrelationId).Distinct().Count());
        Assert.All(events.GroupBy(e => e.CorrelationId), g => Assert.Equal(ids.Order(), g.Select(e => e.EntityId).Order()));
        var tagId = await app.WithDbAsync(db => db.Tags.Where(t => t.Name == tag).Select(t => t.Id).SingleAsync());
        Assert.Equal(2, events.Count(e => e.Action == AuditAction.Updated && e.Changes!.Contains($"\"Field\":\"OwnerId\",\"Old\":null,\"New\":\"{owner.Id}\"", StringComparison.Ordinal)));
        Assert.Equal(2, events.Count(e => e.Changes?.Contains($"\"Field\":\"Tags\",\"Old\":null,\"New\":\"{tagId}\"", StringComparison.Ordinal) == true));
        Assert.Equal(2, events.Count(e => e.Action == AuditAction.Deleted));

        // A soft-deleted record keeps its tags, so that restoring it brings them back.
        Assert.Equal(2, await app.WithDbAsync(db => route == "Contacts"
            ? db.ContactTags.CountAsync(t => t.TagId == tagId)
            : db.CompanyTags.CountAsync(t => t.TagId == tagId)));
    }

    [Fact]
    public async Task Restoring_from_the_recycle_bin_publishes_a_restore_event()
    {
        var id = await app.AddCompanyAsync("Restored " + Guid.NewGuid().ToString("N")[..6]);
        await app.WithDbAsync(async db =>
        {
            db.Companies.Remove(await db.Companies.SingleAsync(c => c.Id == id));
            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync();
        var restore = await client.PostFormAsync("/RecycleBin/Restore", new() { ["kind"] = "companies", ["id"] = Id(id) }, "/RecycleBin");
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);

        var events = await EventsAsync(nameof(Company), id);
        Assert.Equal([AuditAction.Created, AuditAction.Deleted, AuditAction.Restored], events.Select(e => e.Action));
        Assert.Equal(ChangeSource.System, events[1].Source);
        Assert.Equal(ChangeSource.Restore, events[2].Source);
    }

    [Fact]
    public async Task An_import_publishes_its_inserted_and_updated_rows_with_source_import_and_the_jobs_correlation_id()
    {
        var (_, client) = await app.UserAsync(Roles.Admin);
        var email = $"imported.{Guid.NewGuid():N}@example.fr";
        var existing = await app.AddContactAsync("Claire", "Lefevre", email: email);
        var other = $"new.{Guid.NewGuid():N}@example.fr";
        var csv = Encoding.UTF8.GetBytes($"First Name,Last Name,Email,Job Title\nClaire,Lefevre,{email},Acheteuse\nNina,Nouvelle,{other},Chef\n");

        var job = await app.JobAsync(await app.ImportAsync(client, "/Contacts/Import", csv, "events.csv", DuplicateHandling.Update));
        Assert.Equal((1, 1), (job.CreatedCount, job.UpdatedCount));

        var created = await app.WithDbAsync(db => db.Contacts.Where(c => c.Email == other).Select(c => c.Id).SingleAsync());
        var events = (await EventsAsync(nameof(Contact), existing, created)).Where(e => e.Source == ChangeSource.Import).ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(ChangeScope.ForImport(job.Id), e.CorrelationId));
        Assert.All(events, e => Assert.Equal("contacts", e.Kind));
        Assert.Contains(events, e => e.EntityId == created && e.Action == AuditAction.Created);
        Assert.Contains(events, e => e.EntityId == existing && e.Action == AuditAction.Updated && e.Changes!.Contains("\"New\":\"Acheteuse\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_company_import_publishes_its_created_and_updated_companies_with_source_import_and_tag_changes()
    {
        var (_, client) = await app.UserAsync(Roles.Admin);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var existing = await app.AddCompanyAsync("Importée " + suffix);
        var csv = Encoding.UTF8.GetBytes($"Nom,Ville,Tags\nImportée {suffix},Lyon,Salon {suffix}\nNouvelle {suffix},Nantes,\n");

        var job = await app.JobAsync(await app.ImportAsync(client, "/Companies/Import", csv, "companies-events.csv", DuplicateHandling.Update));
        Assert.Equal((1, 1), (job.CreatedCount, job.UpdatedCount));

        var created = await app.WithDbAsync(db => db.Companies.Where(c => c.Name == "Nouvelle " + suffix).Select(c => c.Id).SingleAsync());
        var events = (await EventsAsync(nameof(Company), existing, created)).Where(e => e.Source == ChangeSource.Import).ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal((ChangeScope.ForImport(job.Id), "companies"), (e.CorrelationId, e.Kind)));
        Assert.Contains(events, e => e.EntityId == created && e.Action == AuditAction.Created);
        var update = Assert.Single(events, e => e.EntityId == existing);
        Assert.Equal(AuditAction.Updated, update.Action);
        Assert.Contains("\"New\":\"Lyon\"", update.Changes, StringComparison.Ordinal);
        Assert.Contains("\"Field\":\"Tags\",\"Old\":null", update.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_merge_publishes_one_merge_event_on_each_record_with_one_correlation_id()
    {
        var survivor = await app.AddContactAsync("Merge", "Kept");
        var merged = await app.AddContactAsync("Merge", "Gone");
        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CrmDbContext>();
            var versions = await db.Contacts.Where(c => c.Id == survivor || c.Id == merged).ToDictionaryAsync(c => c.Id, c => c.Version);
            var admin = await db.Users.Where(u => u.Email == CrmAppFactory.AdminEmail).Select(u => u.Id).SingleAsync();
            // Every field from the contact kept, but its last name from the other.
            var result = await sp.GetRequiredService<Crm.Web.Features.Duplicates.MergeRecords.Handler>().Handle(
                Crm.Web.Features.Contacts.Contact.Kind,
                new(survivor, merged, versions[survivor], versions[merged], survivor),
                field => (field == "LastNameFrom" ? merged : survivor).ToString(System.Globalization.CultureInfo.InvariantCulture),
                new Crm.Web.Infrastructure.Records.CrmUser(admin, null, new HashSet<string> { Roles.Admin }), default);
            Assert.Equal(Crm.Web.Features.Shared.OutcomeStatus.Done, result.Status);
        });

        var events = (await EventsAsync(nameof(Contact), survivor, merged)).Where(e => e.Action != AuditAction.Created).ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal((AuditAction.Merged, ChangeSource.Merge, "contacts"), (e.Action, e.Source, e.Kind)));
        Assert.Single(events.Select(e => e.CorrelationId).Distinct());
        Assert.Contains("\"Field\":\"LastName\",\"Old\":\"Kept\",\"New\":\"Gone\"", events.Single(e => e.EntityId == survivor).Changes, StringComparison.Ordinal);
        Assert.Contains("MergedInto", events.Single(e => e.EntityId == merged).Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_is_not_created_when_its_creation_event_cannot_be_written()
    {
        var name = "Atomic" + Guid.NewGuid().ToString("N")[..6];
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "CREATE TRIGGER refuse_creation_events BEFORE INSERT ON AuditEntries WHEN NEW.Action = 'Created' BEGIN SELECT RAISE(ABORT, 'refused'); END;"));
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(async db =>
            {
                db.Contacts.Add(new Contact { FirstName = "No", LastName = name });
                await db.SaveChangesAsync();
            }));
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TRIGGER refuse_creation_events;"));
        }

        Assert.False(await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().AnyAsync(c => c.LastName == name)));
    }

    [Fact]
    public async Task A_created_record_and_its_event_are_saved_in_one_statement_batch_transaction()
    {
        var id = await app.AddContactAsync("Single", "Insert");
        var created = Assert.Single(await EventsAsync(nameof(Contact), id));
        Assert.Equal((AuditAction.Created, ChangeSource.System, "contacts"), (created.Action, created.Source, created.Kind));
        Assert.NotNull(created.CorrelationId);
    }
}
