using System.Net;
using Crm.Tests.Features.Shared;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.CustomFields;
using Crm.Web.Features.Imports;
using Crm.Web.Features.Tags;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Imports;

/// <summary>
/// Crm's own export, in either language, imports back: its headers are recognised, its owners (display names) found,
/// and an "update" import of it puts back every value changed since (consent, team and custom fields included), so that
/// the next export is the same file.
/// </summary>
public sealed class ExportRoundTripTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public async Task Contacts_and_companies_exported_then_imported_in_update_mode_come_back_as_they_were(string language)
    {
        // A letter first: a suffix of digits only would be searched as a phone number.
        var suffix = "r" + Guid.NewGuid().ToString("N")[..9];
        var (ownerId, client) = await app.UserAsync(Roles.Admin);
        var (otherId, _) = await app.UserAsync(Roles.Admin);
        var manage = await client.PostFormAsync("/Account/Manage", new()
        {
            ["Profile.DisplayName"] = $"Owner {suffix}", ["Profile.Language"] = language, ["Profile.DateFormat"] = language == "fr" ? "fr-FR" : "en-GB",
        });
        Assert.Equal(HttpStatusCode.Redirect, manage.StatusCode);

        var (companyId, anneId, bobId) = await app.WithDbAsync(async db =>
        {
            var team = new Team { Name = $"Équipe {suffix}" };
            db.Teams.Add(team);
            var tag = Tag.Create($"Salon {suffix}");
            var company = new Company
            {
                Name = $"Trip {suffix}", LegalName = "=Trip SAS", Website = CompanyForm.NormalizedWebsite("trip.example"), Phone = "+33 1 45 00 00 00", NafCode = "62.01Z",
                Industry = "Logiciel", Status = CompanyStatus.Customer, OwnerId = ownerId, Size = CompanySize.Small,
                ParentCompany = new Company { Name = $"Mère {suffix}", Size = CompanySize.Enterprise, OwnerId = ownerId },
                BillingAddress = new() { Line1 = "3 rue de la Paix", Line2 = "Bâtiment B", PostalCode = "69002", City = "Lyon", Country = "France" },
                ShippingAddress = new() { Line1 = "4 quai Rambaud", PostalCode = "69002", City = "Lyon", Country = "France" },
            };
            company.AddTag(tag);
            var anne = new Contact
            {
                FirstName = "Anne", LastName = $"Aller {suffix}", JobTitle = "Gérante", Company = company, Status = ContactStatus.DoNotContact,
                PreferredLanguage = "fr", OwnerId = ownerId,
            };
            anne.SetEmails([$"anne.{suffix}@trip.example", $"a.{suffix}@perso.example"]);
            anne.SetPhones(["+33 6 12 34 56 78", "01 23 45 67 89"]);
            anne.AddTag(tag);
            anne.Team = team;
            anne.SetConsent(ConsentState.Granted, new DateTime(2025, 6, 1, 9, 30, 0, DateTimeKind.Utc), "Salon Lyon");
            anne.Civility = "Mme";
            anne.Address = new() { Line1 = "1 rue Neuve", PostalCode = "69001", City = "Lyon", Country = "France" };
            anne.Description = "Rencontrée au salon;\nà rappeler";
            anne.LifecycleStage = LifecycleStage.Customer;
            anne.LeadSource = "Salon";
            // No email, no phone: only its id finds it again.
            var bob = new Contact { FirstName = "Bob", LastName = $"Retour {suffix}", Company = company, OwnerId = ownerId };
            db.AddRange(anne, bob);
            await db.SaveChangesAsync();
            var fields = new[]
            {
                new CustomField { Kind = "contacts", Key = $"sector-{suffix}", Type = CustomFieldType.Text, LabelEn = $"Sector {suffix}", LabelFr = $"Secteur {suffix}" },
                new CustomField { Kind = "contacts", Key = $"score-{suffix}", Type = CustomFieldType.Number, LabelEn = $"Score {suffix}", LabelFr = $"Note {suffix}" },
                new CustomField { Kind = "contacts", Key = $"met-{suffix}", Type = CustomFieldType.Date, LabelEn = $"Met {suffix}", LabelFr = $"Rencontré {suffix}" },
                new CustomField { Kind = "contacts", Key = $"vip-{suffix}", Type = CustomFieldType.YesNo, LabelEn = $"VIP {suffix}", LabelFr = $"VIP fr {suffix}" },
            };
            db.CustomFields.AddRange(fields);
            await db.SaveChangesAsync();
            db.CustomFieldValues.AddRange(
                new CustomFieldValue { FieldId = fields[0].Id, RecordId = anne.Id, Text = "Industrie", TextKey = "industrie" },
                new CustomFieldValue { FieldId = fields[1].Id, RecordId = anne.Id, Number = 12.5 },
                new CustomFieldValue { FieldId = fields[2].Id, RecordId = anne.Id, Date = new DateTime(2025, 3, 14, 0, 0, 0, DateTimeKind.Utc) },
                new CustomFieldValue { FieldId = fields[3].Id, RecordId = anne.Id, Number = 1 });
            await db.SaveChangesAsync();
            return (company.Id, anne.Id, bob.Id);
        });

        var contacts = await ExportAsync(client, $"/Contacts/Export?q={suffix}");
        var companies = await ExportAsync(client, $"/Companies/Export?q={suffix}");
        Assert.Equal(2, contacts.Count);
        var anneCells = contacts.Cells.Single(r => r.Contains($"Aller {suffix}"));
        foreach (var value in new[] { $"Équipe {suffix}", "Salon Lyon", "Industrie", "12.5", "Mme", "Lyon" })
        {
            Assert.Contains(value, anneCells);
        }

        Assert.Contains(language == "fr" ? $"Secteur {suffix}" : $"Sector {suffix}", contacts.Cells[0]);
        Assert.Equal(2, companies.Count);

        await app.WithDbAsync(async db =>
        {
            var anne = await db.Contacts.Include(c => c.Emails).Include(c => c.Phones).SingleAsync(c => c.Id == anneId);
            anne.JobTitle = "Autre";
            anne.Status = ContactStatus.Active;
            anne.PreferredLanguage = null;
            anne.SetEmails([anne.Emails[0].Address]);
            anne.SetPhones([anne.Phones[0].Number]);
            anne.AssignTo(otherId, null);
            anne.SetConsent(ConsentState.Denied, DateTime.UtcNow, "Changed");
            anne.Civility = null;
            anne.Address = anne.Address with { City = "Paris" };
            anne.Description = "Autre";
            anne.LifecycleStage = LifecycleStage.Lead;
            anne.LeadSource = "Web";
            await db.CustomFieldValues.Where(v => v.RecordId == anneId && db.CustomFields.Any(f => f.Id == v.FieldId && f.Kind == "contacts")).ExecuteDeleteAsync();
            var bob = await db.Contacts.SingleAsync(c => c.Id == bobId);
            bob.FirstName = "Robert";
            var company = await db.Companies.SingleAsync(c => c.Id == companyId);
            company.LegalName = null;
            company.Phone = null;
            company.Status = CompanyStatus.Lead;
            company.Size = CompanySize.Large;
            company.ParentCompanyId = null;
            company.BillingAddress = company.BillingAddress with { City = "Paris", Line2 = null };
            company.ShippingAddress = company.ShippingAddress with { Line1 = "1 quai ailleurs", City = "Villeurbanne" };
            await db.SaveChangesAsync();
        });

        foreach (var (page, sheet, count) in new[] { ("/Companies/Import", companies, 2), ("/Contacts/Import", contacts, 2) })
        {
            var job = await app.JobAsync(await app.ImportAsync(client, page, sheet.Bytes, "export.xlsx", DuplicateHandling.Update));
            var errors = job.ErrorCount == 0 ? "" : await client.GetStringAsync($"/Imports/Errors/{job.Id}");
            Assert.True((ImportStatus.Completed, 0, count, 0, 0) == (job.Status, job.CreatedCount, job.UpdatedCount, job.SkippedCount, job.ErrorCount),
                $"{page}: {job.Status}, {job.CreatedCount} created, {job.UpdatedCount} updated, {job.SkippedCount} skipped, {job.ErrorCount} errors\n{errors}");
        }

        foreach (var (url, before) in new[] { ($"/Companies/Export?q={suffix}", companies), ($"/Contacts/Export?q={suffix}", contacts) })
        {
            var after = await ExportAsync(client, url);
            Assert.Equal(before.Cells.Count, after.Cells.Count);
            for (var row = 0; row < before.Cells.Count; row++)
            {
                Assert.Equal(before.Cells[row], after.Cells[row]);
            }
        }
    }

    private sealed record Sheet(byte[] Bytes, List<string[]> Cells)
    {
        /// <summary>Data rows, header row excluded.</summary>
        public int Count => Cells.Count - 1;
    }

    private static async Task<Sheet> ExportAsync(HttpClient client, string url)
    {
        var bytes = await client.GetByteArrayAsync(url);
        var cells = await ExportSheet.CellsAsync(client, url);
        return new Sheet(bytes, cells.Select(r => r.ToArray()).ToList());
    }
}
