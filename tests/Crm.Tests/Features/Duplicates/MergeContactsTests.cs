using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Duplicates;

public sealed class MergeContactsTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static string Url(int a, int b) => $"/Contacts/Merge?a={a}&b={b}";

    private async Task<(int A, int B, int Company)> SeedPairAsync(string name)
    {
        var company = await app.CompanyAsync($"{name} SAS");
        var vip = await app.TagAsync("VIP");
        var salon = await app.TagAsync($"Salon {name}");
        var a = await app.ContactAsync("Jean-Pierre", name, emails: [$"jp@{name}.fr", $"shared@{name}.fr"], phones: ["06 11 22 33 44"], companyId: company,
            configure: c => c.Tags.Add(new ContactTag { TagId = vip }));
        var b = await app.ContactAsync("Jean Pierre", name, emails: [$"SHARED@{name}.fr", $"perso@{name}.fr"], phones: ["+33 6 11 22 33 44", "01 40 00 00 00"], companyId: company,
            configure: c =>
            {
                c.JobTitle = "Directeur commercial";
                c.Tags.Add(new ContactTag { TagId = vip });
                c.Tags.Add(new ContactTag { TagId = salon });
            });
        await app.ActivityAsync("Call A", contactId: a);
        await app.ActivityAsync("Call B1", contactId: b);
        await app.ActivityAsync("Call B2", contactId: b);
        return (a, b, company);
    }

    [Fact]
    public async Task The_preview_shows_both_contacts_side_by_side_with_the_union_of_emails()
    {
        var (a, b, _) = await SeedPairAsync("preview");
        var client = await app.SignInAsync();

        var html = await client.GetStringAsync(Url(a, b));

        Assert.Contains("Merge contacts", html, StringComparison.Ordinal);
        Assert.Contains("Directeur commercial", html, StringComparison.Ordinal);
        Assert.Contains("perso@preview.fr", html, StringComparison.Ordinal);
        Assert.Contains("name=\"FirstNameFrom\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"phones\">06 11 22 33 44, 01 40 00 00 00<", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"emails\">jp@preview.fr, shared@preview.fr, perso@preview.fr<", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Contacts/Duplicates\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merging_keeps_every_email_phone_tag_and_activity_on_the_survivor()
    {
        var (a, b, _) = await SeedPairAsync("keepall");
        var client = await app.SignInAsync();
        var fields = DuplicateData.FormFields(await client.GetStringAsync(Url(a, b)));

        var response = await client.PostFormAsync("/Contacts/Merge", fields, Url(a, b));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/Contacts/Details/{a}", response.Headers.Location!.OriginalString);
        await app.WithDbAsync(async db =>
        {
            var survivor = await db.Contacts.Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Tags).SingleAsync(c => c.Id == a);
            Assert.Equal(["jp@keepall.fr", "perso@keepall.fr", "shared@keepall.fr"], survivor.Emails.Select(e => e.AddressKey).Order());
            Assert.Equal("jp@keepall.fr", survivor.Email);
            Assert.Equal(["01 40 00 00 00", "06 11 22 33 44"], survivor.Phones.Select(p => p.Number).Order());
            Assert.Equal(2, survivor.Tags.Count);
            Assert.Equal(["Call A", "Call B1", "Call B2"], await db.Activities.Where(x => x.ContactId == a).Select(x => x.Subject).OrderBy(s => s).ToListAsync());
            Assert.Equal(0, await db.Activities.CountAsync(x => x.ContactId == b));
        });
    }

    [Fact]
    public async Task The_merged_contact_is_soft_deleted_and_no_longer_reachable()
    {
        var (a, b, _) = await SeedPairAsync("gone");
        var client = await app.SignInAsync();
        await client.PostFormAsync("/Contacts/Merge", DuplicateData.FormFields(await client.GetStringAsync(Url(a, b))), Url(a, b));

        var deletedAt = await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().Where(c => c.Id == b).Select(c => c.DeletedAt).SingleAsync());
        Assert.NotNull(deletedAt);
        Assert.False(await app.WithDbAsync(db => db.Contacts.AnyAsync(c => c.Id == b)));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url(a, b))).StatusCode);
        Assert.DoesNotContain($"data-pair=\"{a}-{b}\"", await client.GetStringAsync("/Contacts/Duplicates"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merging_writes_merged_audit_entries_on_both_contacts()
    {
        var (a, b, _) = await SeedPairAsync("audited");
        var client = await app.SignInAsync();
        await client.PostFormAsync("/Contacts/Merge", DuplicateData.FormFields(await client.GetStringAsync(Url(a, b))), Url(a, b));

        var entries = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == nameof(Contact) && (e.EntityId == a || e.EntityId == b)).ToListAsync());
        var onSurvivor = Assert.Single(entries, e => e.EntityId == a && e.Action == AuditAction.Merged);
        Assert.Contains($"\"New\":\"{b}\"", onSurvivor.Changes, StringComparison.Ordinal);
        Assert.Contains("MergedId", onSurvivor.Changes, StringComparison.Ordinal);
        Assert.Contains("MovedActivities", onSurvivor.Changes, StringComparison.Ordinal);
        Assert.Contains(entries, e => e.EntityId == b && e.Action == AuditAction.Merged && e.Changes!.Contains($"\"New\":\"{a}\"", StringComparison.Ordinal));
        // One change event per record for the merge: the merged-away contact is marked merged, not also deleted.
        Assert.Single(entries, e => e.EntityId == b && e.Action != AuditAction.Created);
        Assert.Single(entries, e => e.EntityId == a && e.Action != AuditAction.Created);
        Assert.All(entries.Where(e => e.Action == AuditAction.Merged), e => Assert.NotNull(e.UserId));
    }

    [Fact]
    public async Task The_values_picked_are_applied_and_the_chosen_record_is_kept()
    {
        var (a, b, _) = await SeedPairAsync("picked");
        var client = await app.SignInAsync();
        var fields = DuplicateData.FormFields(await client.GetStringAsync(Url(a, b)));
        fields["Keep"] = $"{b}";
        fields["FirstNameFrom"] = $"{a}";
        fields["JobTitleFrom"] = $"{b}";

        var response = await client.PostFormAsync("/Contacts/Merge", fields, Url(a, b));

        Assert.Equal($"/Contacts/Details/{b}", response.Headers.Location!.OriginalString);
        await app.WithDbAsync(async db =>
        {
            var survivor = await db.Contacts.SingleAsync(c => c.Id == b);
            Assert.Equal("Jean-Pierre", survivor.FirstName);
            Assert.Equal("Directeur commercial", survivor.JobTitle);
            Assert.False(await db.Contacts.AnyAsync(c => c.Id == a));
            var merged = await db.AuditEntries.SingleAsync(e => e.EntityId == b && e.EntityType == nameof(Contact) && e.Action == AuditAction.Merged);
            Assert.Contains("\"Field\":\"FirstName\",\"Old\":\"Jean Pierre\",\"New\":\"Jean-Pierre\"", merged.Changes, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_contact_changed_since_the_preview_is_not_merged()
    {
        var (a, b, _) = await SeedPairAsync("stale");
        var client = await app.SignInAsync();
        var fields = DuplicateData.FormFields(await client.GetStringAsync(Url(a, b)));
        await app.WithDbAsync(async db =>
        {
            var contact = await db.Contacts.SingleAsync(c => c.Id == b);
            contact.JobTitle = "Changed meanwhile";
            await db.SaveChangesAsync();
        });

        var response = await client.PostFormAsync("/Contacts/Merge", fields, Url(a, b));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("changed by someone else", html, StringComparison.Ordinal);
        Assert.Contains("Changed meanwhile", html, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Contacts.AnyAsync(c => c.Id == b)));
        Assert.Equal(2, await app.WithDbAsync(db => db.Activities.CountAsync(x => x.ContactId == b)));
    }

    [Fact]
    public async Task A_choice_naming_a_third_record_is_refused()
    {
        var (a, b, _) = await SeedPairAsync("invalid");
        var client = await app.SignInAsync();
        var fields = DuplicateData.FormFields(await client.GetStringAsync(Url(a, b)));
        fields["FirstNameFrom"] = "999999";

        var response = await client.PostFormAsync("/Contacts/Merge", fields, Url(a, b));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Choose, for every field, one of the two records.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Contacts.AnyAsync(c => c.Id == b)));
    }

    [Fact]
    public async Task Merging_a_contact_with_itself_answers_404()
    {
        var (a, _, _) = await SeedPairAsync("self");
        var client = await app.SignInAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url(a, a))).StatusCode);
    }

    [Fact]
    public async Task A_sales_user_of_another_team_gets_404_on_the_merge_of_contacts_they_cannot_see()
    {
        var (ownerId, team) = await app.UserAsync("owner.merge@tests.crm", Roles.Sales, "Merge North");
        await app.UserAsync("other.merge@tests.crm", Roles.Sales, "Merge South");
        var (a, b, _) = await SeedPairAsync("hidden");
        await app.WithDbAsync(async db =>
        {
            foreach (var contact in await db.Contacts.Where(c => c.Id == a || c.Id == b).ToListAsync())
            {
                contact.OwnerId = ownerId;
                contact.TeamId = team;
            }

            await db.SaveChangesAsync();
        });
        var owner = await app.SignInAsync("owner.merge@tests.crm", DuplicateData.Password);
        var fields = DuplicateData.FormFields(await owner.GetStringAsync(Url(a, b)));
        var other = await app.SignInAsync("other.merge@tests.crm", DuplicateData.Password);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(Url(a, b))).StatusCode);
        var post = await other.PostFormAsync("/Contacts/Merge", fields, "/Contacts/Duplicates");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Contacts.AnyAsync(c => c.Id == b)));
    }

    [Fact]
    public async Task A_support_user_cannot_merge()
    {
        await app.UserAsync("support.merge@tests.crm", Roles.Support, "Merge Support");
        var (a, b, _) = await SeedPairAsync("support");
        var admin = await app.SignInAsync();
        var fields = DuplicateData.FormFields(await admin.GetStringAsync(Url(a, b)));
        var support = await app.SignInAsync("support.merge@tests.crm", DuplicateData.Password);

        Assert.Equal(HttpStatusCode.Forbidden, (await support.GetAsync(Url(a, b))).StatusCode);
        var post = await support.PostFormAsync("/Contacts/Merge", fields, "/Contacts/Duplicates");
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Contacts.AnyAsync(c => c.Id == b)));
    }
}
