using System.Text;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Imports;

/// <summary>
/// Marketing consent (state, date, origin) and the team come in through the mapping like any field: a bad value is an
/// error of its row with its reason; an "update" import changes the consent through the contact's own rule, in its history.
/// </summary>
public sealed class ImportConsentAndTeamTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task New_contacts_take_consent_and_team_and_bad_values_are_refused_row_by_row()
    {
        var suffix = "c" + Guid.NewGuid().ToString("N")[..8];
        var (_, client) = await app.UserAsync(Roles.Admin);
        var teamId = await app.WithDbAsync(async db =>
        {
            var team = new Team { Name = $"Équipe Nord {suffix}" };
            db.Teams.Add(team);
            await db.SaveChangesAsync();
            return team.Id;
        });
        var csv = Encoding.UTF8.GetBytes(
            "Nom;Prénom;Consentement marketing;Date du consentement;Origine du consentement;Équipe\n" +
            $"Accord {suffix};Ana;Accordé;2026-03-01T10:00:00Z;Salon Lyon;equipe nord {suffix}\n" +
            $"Peutetre {suffix};Ben;peut-être;;;\n" +
            $"Nulle {suffix};Cid;Refusé;;;Équipe Sud {suffix}\n" +
            $"Sansetat {suffix};Dan;;2026-03-01;Salon;\n" +
            $"Futur {suffix};Eve;Granted;2999-01-01;;\n" +
            $"Retire {suffix};Fay;withdrawn;;;\n");

        var job = await app.JobAsync(await app.ImportAsync(client, "/Contacts/Import", csv, "consent.csv"));

        Assert.Equal((2, 4), (job.CreatedCount, job.ErrorCount));
        var ana = await app.WithDbAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.LastName == $"Accord {suffix}"));
        Assert.Equal((ConsentState.Granted, new DateTime(2026, 3, 1, 10, 0, 0), "Salon Lyon", teamId), (ana.Consent, ana.ConsentAt, ana.ConsentSource, ana.TeamId));
        var fay = await app.WithDbAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.LastName == $"Retire {suffix}"));
        Assert.Equal(ConsentState.Withdrawn, fay.Consent);
        Assert.NotNull(fay.ConsentAt); // no date in the file: the import's time
        // New contacts are written around EF (ContactBulkInsert): their consent history is written there too, by the importer.
        var anaHistory = await app.WithDbAsync(db => db.Set<ConsentChange>().AsNoTracking().Where(c => c.ContactId == ana.Id).ToListAsync());
        var kept = Assert.Single(anaHistory);
        Assert.Equal((ConsentState.Granted, new DateTime(2026, 3, 1, 10, 0, 0), "Salon Lyon", job.UserId), (kept.State, kept.At, kept.Source, kept.ByUserId));

        var errors = await client.GetStringAsync($"/Imports/Errors/{job.Id}");
        Assert.Contains("\"peut-être\"\" is not a consent", errors, StringComparison.Ordinal);
        Assert.Contains($"No team is named \"\"Équipe Sud {suffix}\"\".", errors, StringComparison.Ordinal);
        Assert.Contains("A consent date or source needs the consent itself", errors, StringComparison.Ordinal);
        Assert.Contains("The consent date 2999-01-01 is in the future.", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_import_changes_consent_and_team_in_the_history_and_keeps_the_owner()
    {
        var suffix = "u" + Guid.NewGuid().ToString("N")[..8];
        var (userId, client) = await app.UserAsync(Roles.Admin);
        var email = $"consent-{suffix}@exemple.fr";
        var (id, teamId) = await app.WithDbAsync(async db =>
        {
            var team = new Team { Name = $"Grands comptes {suffix}" };
            var contact = new Contact { FirstName = "Lou", LastName = $"Consent {suffix}", OwnerId = userId };
            contact.SetEmails([email]);
            contact.SetConsent(ConsentState.Granted, new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), "Web form");
            db.AddRange(team, contact);
            await db.SaveChangesAsync();
            return (contact.Id, team.Id);
        });
        var csv = Encoding.UTF8.GetBytes($"E-mail;Nom;Consent;Consent date;Consent source;Team\n{email};Consent {suffix};Withdrawn;2026-02-02T08:30:00Z;Unsubscribe link;Grands comptes {suffix}\n");

        var job = await app.JobAsync(await app.ImportAsync(client, "/Contacts/Import", csv, "consent-update.csv", DuplicateHandling.Update));

        Assert.Equal((1, 0), (job.UpdatedCount, job.ErrorCount));
        var lou = await app.WithDbAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.Equal((ConsentState.Withdrawn, new DateTime(2026, 2, 2, 8, 30, 0), "Unsubscribe link"), (lou.Consent, lou.ConsentAt, lou.ConsentSource));
        Assert.Equal((userId, teamId), (lou.OwnerId, lou.TeamId));
        var louHistory = await app.WithDbAsync(db => db.Set<ConsentChange>().AsNoTracking().Where(c => c.ContactId == id).OrderBy(c => c.At).Select(c => c.State).ToListAsync());
        Assert.Equal([ConsentState.Granted, ConsentState.Withdrawn], louHistory);
        var entry = Assert.Single(await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.Kind == "contacts" && a.EntityId == id && a.Action == AuditAction.Updated).ToListAsync()));
        var changes = System.Text.Json.JsonSerializer.Deserialize<List<RecordSaveInterceptor.FieldChange>>(entry.Changes!)!;
        Assert.Contains(changes, c => c.Field == nameof(Contact.Consent) && c.New == nameof(ConsentState.Withdrawn));
        Assert.Contains(changes, c => c.Field == nameof(Contact.ConsentSource) && c.Old == "Web form" && c.New == "Unsubscribe link");
        Assert.Contains(changes, c => c.Field == nameof(Contact.TeamId));
    }

    [Fact]
    public async Task A_sales_user_may_name_only_their_own_team()
    {
        var suffix = "s" + Guid.NewGuid().ToString("N")[..8];
        var (_, client) = await app.UserAsync(Roles.Sales, $"Mine {suffix}");
        await app.WithDbAsync(async db =>
        {
            db.Teams.Add(new Team { Name = $"Theirs {suffix}" });
            await db.SaveChangesAsync();
        });
        var csv = Encoding.UTF8.GetBytes($"Nom;Équipe\nOwn {suffix};Mine {suffix}\nOther {suffix};Theirs {suffix}\n");

        var job = await app.JobAsync(await app.ImportAsync(client, "/Contacts/Import", csv, "teams.csv"));

        Assert.Equal((1, 1), (job.CreatedCount, job.ErrorCount));
        Assert.Contains($"You may give records only to your own team (\"\"Theirs {suffix}\"\").", await client.GetStringAsync($"/Imports/Errors/{job.Id}"), StringComparison.Ordinal);
    }
}
