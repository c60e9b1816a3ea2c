using Crm.Tests.Infrastructure;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Imports;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Imports;

/// <summary>A contact's vCard imports back with the values it went out with (issue 13, defect 7).</summary>
public sealed class VCardRoundTripTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task A_contact_exported_as_a_vCard_then_imported_comes_back_with_the_same_values()
    {
        var s = Guid.NewGuid().ToString("N")[..8];
        var digits = Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (typedLandline, typedMobile) = ($"01 {digits[..2]} {digits[2..4]} {digits[4..6]} {digits[6..]}", "+336" + digits);
        var (_, client) = await app.UserAsync(Roles.Admin);
        var originalId = await app.WithDbAsync(async db =>
        {
            var contact = new Contact
            {
                Civility = "Mme", FirstName = "Anne-Sophie", LastName = $"Aller; Retour {s}", JobTitle = "Gérante, achats",
                Company = new Company { Name = $"Carte {s}" }, PreferredLanguage = "fr",
                Address = new() { Line1 = "3 rue de la Paix", Line2 = "Bâtiment B", PostalCode = "69002", City = "Lyon", Country = "France" },
                Description = "Rencontrée au salon;\nrappeler en mars, pas avant",
            };
            contact.SetEmails([$"anne.{s}@carte.example", $"a.{s}@perso.example"]);
            contact.SetPhones([typedLandline, typedMobile]);
            contact.AddTag(Tag.Create($"Salon {s}"));
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
            return contact.Id;
        });

        var card = await client.GetByteArrayAsync($"/Contacts/VCard/{originalId}");
        var job = await app.JobAsync(await app.ImportAsync(client, "/Contacts/Import", card, "contact.vcf", DuplicateHandling.Create));
        Assert.Equal((ImportStatus.Completed, 1, 0), (job.Status, job.CreatedCount, job.ErrorCount));

        var both = await app.WithDbAsync(db => db.Contacts.AsNoTracking().Include(c => c.Company).Include(c => c.Emails).Include(c => c.Phones)
            .Include(c => c.Tags).ThenInclude(t => t.Tag).Where(c => c.LastName == $"Aller; Retour {s}").OrderBy(c => c.Id).ToListAsync());
        Assert.Equal(2, both.Count);
        var (before, after) = (both[0], both[1]);
        Assert.Equal(originalId, before.Id);
        Assert.Equal(
            (before.Civility, before.FirstName, before.JobTitle, before.Company!.Id, before.PreferredLanguage, before.Address, before.Description),
            (after.Civility, after.FirstName, after.JobTitle, after.Company!.Id, after.PreferredLanguage, after.Address, after.Description));
        Assert.Equal("fr", after.PreferredLanguage);
        Assert.Equal(before.Emails.OrderBy(e => e.Id).Select(e => (e.Address, e.IsPrimary)), after.Emails.OrderBy(e => e.Id).Select(e => (e.Address, e.IsPrimary)));
        // As typed, both ways, and matched on the international form.
        Assert.Equal([typedLandline, typedMobile], after.Phones.OrderBy(p => p.Id).Select(p => p.Number));
        Assert.Equal(before.Phones.OrderBy(p => p.Id).Select(p => p.E164), after.Phones.OrderBy(p => p.Id).Select(p => p.E164));
        Assert.Equal([$"Salon {s}"], after.Tags.Select(t => t.Tag!.Name));
    }
}
