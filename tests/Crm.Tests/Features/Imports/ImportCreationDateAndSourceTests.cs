using System.Text;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Crm.Web.Infrastructure.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Imports;

/// <summary>
/// Issue 13, defect 6: a file's lead source and creation date are kept. A new contact takes the creation date of the
/// tool it comes from, while its history still says when the import created it; an update never moves it.
/// </summary>
public sealed class ImportCreationDateAndSourceTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task A_new_contact_takes_the_rows_creation_date_and_lead_source_and_its_history_says_when_it_was_imported()
    {
        var (userId, client) = await app.UserAsync(Roles.Admin);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.Culture, "fr")));
        var s = Guid.NewGuid().ToString("N")[..8];
        var csv = Encoding.UTF8.GetBytes(
            $"Prénom;Nom;E-mail;Origine;Créé le\n" +
            $"Agnès;Ancienne {s};agnes.{s}@exemple.fr;Salon Lyon 2019;2019-03-04 05:06\n" +
            $"Benoît;Horodaté {s};benoit.{s}@exemple.fr;Site web;2021-11-30T23:15:00+01:00\n" +
            $"Cécile;Française {s};cecile.{s}@exemple.fr;;04/02/2020\n" +
            $"Zoé;Sans date {s};zoe.{s}@exemple.fr;;\n");
        var before = DateTime.UtcNow.AddSeconds(-1);

        var job = await app.JobAsync(await app.ImportAsync(client, "/Contacts/Import", csv, "dates.csv"));

        Assert.Equal((ImportStatus.Completed, 4, 0), (job.Status, job.CreatedCount, job.ErrorCount));
        var contacts = await app.WithDbAsync(db => db.Contacts.AsNoTracking().Where(c => c.LastName.EndsWith(s))
            .ToDictionaryAsync(c => c.FirstName, c => new { c.Id, c.CreatedAt, c.UpdatedAt, c.LeadSource }));
        // A time without offset is in the CRM's zone, as its export writes times (Paris: UTC+1 in winter).
        var zone = app.Services.GetRequiredService<UserTime>();
        Assert.Equal("Europe/Paris", zone.Zone.Id);
        Assert.Equal((new DateTime(2019, 3, 4, 4, 6, 0), "Salon Lyon 2019"), (contacts["Agnès"].CreatedAt, contacts["Agnès"].LeadSource));
        Assert.Equal((new DateTime(2021, 11, 30, 22, 15, 0), "Site web"), (contacts["Benoît"].CreatedAt, contacts["Benoît"].LeadSource)); // the offset is honoured
        Assert.Equal(new DateTime(2020, 2, 3, 23, 0, 0), contacts["Cécile"].CreatedAt); // the importing user's format: French, day first
        Assert.True(contacts["Zoé"].CreatedAt >= before, "no date: created now");
        Assert.Null(contacts["Zoé"].LeadSource);

        // The record's history is honest about the import: created by the import, now, by the user who ran it.
        var created = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .SingleAsync(a => a.EntityType == nameof(Contact) && a.EntityId == contacts["Agnès"].Id && a.Action == AuditAction.Created));
        Assert.Equal((ChangeSource.Import, userId), (created.Source, created.UserId));
        Assert.True(created.At >= before, $"the history says when the import ran, not {created.At:u}");
        Assert.True(contacts["Agnès"].UpdatedAt >= before);
    }

    [Fact]
    public async Task An_update_keeps_the_contacts_creation_date_and_takes_the_lead_source()
    {
        var (_, client) = await app.UserAsync(Roles.Admin);
        var email = $"update-{Guid.NewGuid():N}@exemple.fr";
        var id = await app.AddContactAsync("Denis", "Existant", email: email);
        var createdAt = await app.WithDbAsync(db => db.Contacts.AsNoTracking().Where(c => c.Id == id).Select(c => c.CreatedAt).SingleAsync());
        var csv = Encoding.UTF8.GetBytes($"Nom;E-mail;Lead source;Created\nExistant;{email};Partner referral;2001-01-01 00:00\n");

        var job = await app.JobAsync(await app.ImportAsync(client, "/Contacts/Import", csv, "update.csv", DuplicateHandling.Update));

        Assert.Equal((1, 0), (job.UpdatedCount, job.ErrorCount));
        var after = await app.WithDbAsync(db => db.Contacts.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.CreatedAt, c.LeadSource }).SingleAsync());
        Assert.Equal((createdAt, "Partner referral"), (after.CreatedAt, after.LeadSource));
    }

    [Fact]
    public async Task A_creation_date_that_is_no_date_or_in_the_future_is_an_error_of_its_row()
    {
        var (_, client) = await app.UserAsync(Roles.Admin);
        var s = Guid.NewGuid().ToString("N")[..8];
        var csv = Encoding.UTF8.GetBytes($"Nom;Date de création\nPlusTard {s};2999-01-01\nNimporte {s};hier\n");

        var job = await app.JobAsync(await app.ImportAsync(client, "/Contacts/Import", csv, "bad-dates.csv"));

        Assert.Equal((0, 2), (job.CreatedCount, job.ErrorCount));
        var errors = await client.GetStringAsync($"/Imports/Errors/{job.Id}");
        Assert.Contains("2999-01-01", errors, StringComparison.Ordinal);
        Assert.Contains("hier", errors, StringComparison.Ordinal);
    }
}
