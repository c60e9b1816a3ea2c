using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Imports;

/// <summary>New contacts of an import are written with prepared INSERTs: they must be the rows EF and the save interceptor would write.</summary>
public sealed class ContactBulkInsertTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static byte[] Windows1252(string text) => CsvSniffer.Windows1252.GetBytes(text);

    [Fact]
    public async Task Every_mapped_contact_column_is_written_by_the_bulk_insert()
    {
        var entity = await app.WithDbAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(Contact))!));
        var mapped = entity.GetProperties().Where(p => !p.IsPrimaryKey()).Select(p => p.Name)
            .Concat(entity.GetComplexProperties().SelectMany(c => c.ComplexType.GetProperties().Select(p => $"{c.Name}.{p.Name}")))
            .Order().ToList();

        Assert.Equal(mapped, ContactBulkInsert.ContactColumns.Order().ToList());
    }

    [Fact]
    public async Task Imported_contacts_carry_the_search_keys_times_version_and_audit_entry_of_a_saved_contact()
    {
        var (salesId, client) = await app.UserAsync(Roles.Sales, "Équipe Bulk");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var company = $"Boulangerie Bulk {suffix}";
        var before = DateTime.UtcNow.AddSeconds(-1);
        var csv = Windows1252(
            "Prénom;Nom;E-mail;Société;Téléphone;Fonction;Tags\r\n" +
            $"Zoé;Lévêque-{suffix};\"Zoe.Leveque.{suffix}@Exemple.FR, zoe.perso.{suffix}@exemple.fr\";{company};06 11 22 33 44;Gérante;Client, Salon {suffix}\r\n" +
            $"Loïc;Chênevière-{suffix};loic.{suffix}@exemple.fr;{company};;;Salon {suffix}\r\n");

        var id = await app.ImportAsync(client, "/Contacts/Import", csv, "bulk.csv");

        var job = await app.JobAsync(id);
        Assert.Equal((2, 0), (job.CreatedCount, job.ErrorCount));
        var zoe = await app.WithDbAsync(db => db.Contacts.AsNoTracking()
            .Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Tags).ThenInclude(t => t.Tag).Include(c => c.Company)
            .SingleAsync(c => c.LastName == $"Lévêque-{suffix}"));

        var expected = new Contact { FirstName = zoe.FirstName, LastName = zoe.LastName };
        expected.Emails.AddRange(zoe.Emails.OrderBy(e => e.Id).Select(e => new ContactEmail { Address = e.Address, IsPrimary = e.IsPrimary }));
        expected.Phones.AddRange(zoe.Phones.Select(p => new ContactPhone { Number = p.Number }));
        expected.RefreshSearchKeys();
        Assert.Equal(
            (expected.FirstNameKey, expected.LastNameKey, expected.SortName, expected.Email, expected.EmailKey, expected.Phone, expected.PhoneE164),
            (zoe.FirstNameKey, zoe.LastNameKey, zoe.SortName, zoe.Email, zoe.EmailKey, zoe.Phone, zoe.PhoneE164));
        Assert.Equal($"zoe.leveque.{suffix}@exemple.fr", zoe.EmailKey);
        Assert.Equal("+33611223344", zoe.PhoneE164);
        Assert.Equal([true, false], zoe.Emails.OrderBy(e => e.Id).Select(e => e.IsPrimary));
        Assert.All(zoe.Emails, e => Assert.Equal(e.Address.ToLowerInvariant(), e.AddressKey));

        Assert.Equal(1, zoe.Version);
        Assert.Equal(zoe.CreatedAt, zoe.UpdatedAt);
        Assert.InRange(zoe.CreatedAt, before, DateTime.UtcNow.AddSeconds(1));
        Assert.Null(zoe.DeletedAt);
        Assert.Equal((ContactStatus.Active, LifecycleStage.Lead, ConsentState.Unknown), (zoe.Status, zoe.LifecycleStage, zoe.Consent));
        Assert.Equal(salesId, zoe.OwnerId);
        Assert.NotNull(zoe.TeamId);
        Assert.Equal(company, zoe.Company!.Name);
        Assert.Equal(["Client", $"Salon {suffix}"], zoe.Tags.Select(t => t.Tag!.Name).Order());

        var audit = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .Where(a => a.EntityType == nameof(Contact) && a.EntityId == zoe.Id).ToListAsync());
        var created = Assert.Single(audit);
        Assert.Equal((AuditAction.Created, salesId, zoe.CreatedAt, (string?)null), (created.Action, created.UserId, created.At, created.Changes));

        // Both rows share the company and the tag created in the same batch.
        var loic = await app.WithDbAsync(db => db.Contacts.AsNoTracking().Include(c => c.Tags).SingleAsync(c => c.LastName == $"Chênevière-{suffix}"));
        Assert.Equal(zoe.CompanyId, loic.CompanyId);
        Assert.Equal(zoe.Tags.Single(t => t.Tag!.Name != "Client").TagId, Assert.Single(loic.Tags).TagId);

        // The list's accent-insensitive search finds them.
        var list = await client.GetStringAsync($"/Contacts?q=leveque-{suffix}");
        Assert.Contains($"/Contacts/Details/{zoe.Id}", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_repeating_a_contact_created_earlier_in_the_same_batch_is_a_duplicate_that_changes_nothing()
    {
        var (_, client) = await app.UserAsync(Roles.Manager);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var csv = Windows1252(
            "Prénom;Nom;E-mail;Téléphone;Tags\r\n" +
            $"Agnès;Twice-{suffix};agnes.{suffix}@exemple.fr;01 42 68 53 00;Premier\r\n" +
            $"Agnès;Twice-{suffix};agnes.{suffix}@exemple.fr;06 98 76 54 32;Second\r\n");

        var id = await app.ImportAsync(client, "/Contacts/Import", csv, "twice.csv", DuplicateHandling.Update);

        var job = await app.JobAsync(id);
        Assert.Equal((1, 0, 1, 0), (job.CreatedCount, job.UpdatedCount, job.SkippedCount, job.ErrorCount));
        var agnes = await app.WithDbAsync(db => db.Contacts.AsNoTracking().Include(c => c.Phones).Include(c => c.Tags).ThenInclude(t => t.Tag)
            .SingleAsync(c => c.LastName == $"Twice-{suffix}"));
        Assert.Equal(["+33142685300"], agnes.Phones.Select(p => p.E164));
        Assert.Equal("01 42 68 53 00", agnes.Phone);
        Assert.Equal(["Premier"], agnes.Tags.Select(t => t.Tag!.Name));
        Assert.Equal(1, agnes.Version);
    }
}
