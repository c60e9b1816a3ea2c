using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Companies;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Duplicates;

public sealed class MergeCompaniesTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static string Url(int a, int b) => $"/Companies/Merge?a={a}&b={b}";

    private async Task<(int A, int B)> SeedPairAsync(string name)
    {
        var vip = await app.TagAsync("Key account");
        var a = await app.CompanyAsync($"{name} SA", c =>
        {
            c.Siret = "73282932000074";
            c.BillingAddress = new() { Line1 = "1 rue de la Paix", PostalCode = "75002", City = "Paris" };
            c.Tags.Add(new CompanyTag { TagId = vip });
        });
        var b = await app.CompanyAsync($"{name}", c =>
        {
            c.Phone = "01 23 45 67 89";
            c.Website = $"https://www.{name}.fr";
            c.BillingAddress = new() { Line1 = "9 avenue Foch", PostalCode = "69006", City = "Lyon" };
        });
        await app.ContactAsync("Alice", "Dupuis", companyId: a);
        await app.ContactAsync("Bob", "Leroy", companyId: b);
        await app.ContactAsync("Carla", "Noël", companyId: b);
        await app.CompanyAsync($"{name} Nord", c => c.ParentCompanyId = b);
        await app.ActivityAsync("Meeting A", companyId: a);
        await app.ActivityAsync("Meeting B", companyId: b);
        return (a, b);
    }

    [Fact]
    public async Task The_preview_shows_both_companies_and_what_moves()
    {
        var (a, b) = await SeedPairAsync("apercu");
        var client = await app.SignInAsync();

        var html = await client.GetStringAsync(Url(a, b));

        Assert.Contains("Merge companies", html, StringComparison.Ordinal);
        Assert.Contains("Lyon", html, StringComparison.Ordinal);
        Assert.Contains("3 in all; they will belong to the company you keep.", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Companies/Duplicates\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merging_copies_the_other_companys_custom_values_where_the_kept_one_has_none()
    {
        var (a, b) = await SeedPairAsync("valeurs");
        var (code, region) = await app.WithDbAsync(async db =>
        {
            var suffix = Guid.NewGuid().ToString("N")[..6];
            var first = new Crm.Web.Features.CustomFields.CustomField { Kind = "companies", Key = "code-" + suffix, Type = Crm.Web.Features.CustomFields.CustomFieldType.Text, LabelEn = "Code", LabelFr = "Code", CreatedAt = DateTime.UtcNow };
            var second = new Crm.Web.Features.CustomFields.CustomField { Kind = "companies", Key = "region-" + suffix, Type = Crm.Web.Features.CustomFields.CustomFieldType.Text, LabelEn = "Region", LabelFr = "Région", CreatedAt = DateTime.UtcNow };
            db.CustomFields.AddRange(first, second);
            await db.SaveChangesAsync();
            db.CustomFieldValues.AddRange(
                new Crm.Web.Features.CustomFields.CustomFieldValue { FieldId = first.Id, RecordId = a, Text = "kept code" },
                new Crm.Web.Features.CustomFields.CustomFieldValue { FieldId = first.Id, RecordId = b, Text = "merged code" },
                new Crm.Web.Features.CustomFields.CustomFieldValue { FieldId = second.Id, RecordId = b, Text = "Nord" });
            await db.SaveChangesAsync();
            return (first.Id, second.Id);
        });
        var client = await app.SignInAsync();
        var fields = DuplicateData.FormFields(await client.GetStringAsync(Url(a, b)));

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/Companies/Merge", fields, Url(a, b))).StatusCode);

        var kept = await app.WithDbAsync(db => db.CustomFieldValues.Where(v => v.RecordId == a && (v.FieldId == code || v.FieldId == region)).OrderBy(v => v.FieldId).Select(v => v.Text).ToListAsync());
        Assert.Equal(["kept code", "Nord"], kept);
        Assert.Equal(2, await app.WithDbAsync(db => db.CustomFieldValues.CountAsync(v => v.RecordId == b && (v.FieldId == code || v.FieldId == region))));
        var merged = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.EntityType == nameof(Company) && e.EntityId == a && e.Action == AuditAction.Merged));
        Assert.Contains("Nord", merged.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merging_moves_contacts_subsidiaries_activities_and_tags_to_the_survivor()
    {
        var (a, b) = await SeedPairAsync("fusion");
        var client = await app.SignInAsync();
        var fields = DuplicateData.FormFields(await client.GetStringAsync(Url(a, b)));
        fields["BillingAddressFrom"] = $"{b}";

        var response = await client.PostFormAsync("/Companies/Merge", fields, Url(a, b));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/Companies/Details/{a}", response.Headers.Location!.OriginalString);
        await app.WithDbAsync(async db =>
        {
            var survivor = await db.Companies.Include(c => c.Tags).SingleAsync(c => c.Id == a);
            Assert.Equal("fusion SA", survivor.Name);
            Assert.Equal("73282932000074", survivor.Siret);
            Assert.Equal("01 23 45 67 89", survivor.Phone);
            Assert.Equal("fusion.fr", survivor.DomainKey);
            Assert.Equal("Lyon", survivor.BillingAddress.City);
            Assert.Single(survivor.Tags);
            Assert.Equal(["Alice", "Bob", "Carla"], await db.Contacts.Where(c => c.CompanyId == a).Select(c => c.FirstName).OrderBy(n => n).ToListAsync());
            Assert.Equal(1, await db.Companies.CountAsync(c => c.ParentCompanyId == a));
            Assert.Equal(2, await db.Activities.CountAsync(x => x.CompanyId == a));
            Assert.Equal(0, await db.Contacts.CountAsync(c => c.CompanyId == b));
            Assert.NotNull(await db.Companies.IgnoreQueryFilters().Where(c => c.Id == b).Select(c => c.DeletedAt).SingleAsync());
            Assert.False(await db.Companies.AnyAsync(c => c.Id == b));

            var merged = await db.AuditEntries.SingleAsync(e => e.EntityType == nameof(Company) && e.EntityId == a && e.Action == AuditAction.Merged);
            Assert.Contains("MovedContacts", merged.Changes, StringComparison.Ordinal);
            Assert.Contains("MovedChildCompanies", merged.Changes, StringComparison.Ordinal);
            Assert.False(await db.AuditEntries.AnyAsync(e => e.EntityType == nameof(Company) && e.EntityId == b && e.Action == AuditAction.Deleted));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == nameof(Company) && e.EntityId == b && e.Action == AuditAction.Merged));

            // The contacts and the subsidiary moved in bulk each get their own change event of the merge.
            var action = await db.AuditEntries.Where(e => e.Id == merged.Id).Select(e => e.CorrelationId).SingleAsync();
            var repointed = await db.AuditEntries.Where(e => e.CorrelationId == action && e.Action == AuditAction.Updated).ToListAsync();
            Assert.All(repointed, e => Assert.Equal(ChangeSource.Merge, e.Source));
            Assert.Equal(2, repointed.Count(e => e.EntityType == nameof(Crm.Web.Features.Contacts.Contact) && e.Changes!.Contains($"\"Old\":\"{b}\",\"New\":\"{a}\"", StringComparison.Ordinal)));
            Assert.Single(repointed, e => e.EntityType == nameof(Company) && e.Changes!.Contains("ParentCompanyId", StringComparison.Ordinal));
        });
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url(a, b))).StatusCode);
    }

    [Fact]
    public async Task A_company_whose_parent_is_the_merged_one_does_not_become_its_own_parent()
    {
        var parent = await app.CompanyAsync("Holding Loop");
        var child = await app.CompanyAsync("Holding Loop Filiale", c => c.ParentCompanyId = parent);
        var client = await app.SignInAsync();
        var fields = DuplicateData.FormFields(await client.GetStringAsync(Url(child, parent)));
        fields["ParentFrom"] = $"{child}";

        var response = await client.PostFormAsync("/Companies/Merge", fields, Url(child, parent));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Companies.Where(c => c.Id == child).Select(c => c.ParentCompanyId).SingleAsync()));
    }

    [Fact]
    public async Task A_company_changed_since_the_preview_is_not_merged()
    {
        var (a, b) = await SeedPairAsync("perime");
        var client = await app.SignInAsync();
        var fields = DuplicateData.FormFields(await client.GetStringAsync(Url(a, b)));
        await app.WithDbAsync(async db =>
        {
            var company = await db.Companies.SingleAsync(c => c.Id == a);
            company.Industry = "Changed meanwhile";
            await db.SaveChangesAsync();
        });

        var response = await client.PostFormAsync("/Companies/Merge", fields, Url(a, b));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("changed by someone else", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await app.WithDbAsync(db => db.Contacts.CountAsync(c => c.CompanyId == b)));
    }

    [Fact]
    public async Task A_sales_user_of_another_team_gets_404_and_a_support_user_403()
    {
        var (ownerId, team) = await app.UserAsync("owner.cmerge@tests.crm", Roles.Sales, "Company North");
        await app.UserAsync("other.cmerge@tests.crm", Roles.Sales, "Company South");
        await app.UserAsync("support.cmerge@tests.crm", Roles.Support, "Company Support");
        var a = await app.CompanyAsync("Visible Only North", c => { c.OwnerId = ownerId; c.TeamId = team; });
        var b = await app.CompanyAsync("Visible Only North", c => { c.OwnerId = ownerId; c.TeamId = team; });
        var owner = await app.SignInAsync("owner.cmerge@tests.crm", DuplicateData.Password);
        var fields = DuplicateData.FormFields(await owner.GetStringAsync(Url(a, b)));
        var other = await app.SignInAsync("other.cmerge@tests.crm", DuplicateData.Password);
        var support = await app.SignInAsync("support.cmerge@tests.crm", DuplicateData.Password);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(Url(a, b))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostFormAsync("/Companies/Merge", fields, "/Companies/Duplicates")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.GetAsync(Url(a, b))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.PostFormAsync("/Companies/Merge", fields, "/Companies/Duplicates")).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Companies.AnyAsync(c => c.Id == b)));
        Assert.Contains($"data-pair=\"{a}-{b}\"", await owner.GetStringAsync("/Companies/Duplicates"), StringComparison.Ordinal);
        Assert.DoesNotContain($"data-pair=\"{a}-{b}\"", await other.GetStringAsync("/Companies/Duplicates"), StringComparison.Ordinal);
    }
}
