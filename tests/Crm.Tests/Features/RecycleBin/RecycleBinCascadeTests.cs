using System.Net;
using Crm.Tests.Features.Deals;
using Crm.Tests.Features.Tasks;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Activities;
using Crm.Web.Features.CustomFields;
using Crm.Web.Features.RecycleBin;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.RecycleBin;

/// <summary>What goes into the bin with a record and comes back with it; the purge, by age and by an admin (decision 0017).</summary>
public sealed class RecycleBinCascadeTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private Task<int> AddEntryAsync(int? contactId, int? companyId, string subject) =>
        app.WithDbAsync(async db =>
        {
            var entry = Activity.Log(ActivityKind.Call, subject, DateTime.UtcNow, contactId, companyId, null);
            db.Activities.Add(entry);
            await db.SaveChangesAsync();
            return entry.Id;
        });

    private Task<(DateTime? DeletedAt, string? DeletedWith)> ContactStateAsync(int id) =>
        app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().Where(c => c.Id == id).Select(c => new ValueTuple<DateTime?, string?>(c.DeletedAt, c.DeletedWith)).SingleAsync());

    private Task<bool> ExistsAsync<T>(int id)
        where T : class, Crm.Web.Infrastructure.Records.ISoftDeletable, Crm.Web.Infrastructure.Records.IAudited =>
        app.WithDbAsync(db => db.Set<T>().IgnoreQueryFilters().AnyAsync(r => r.Id == id));

    private Task<bool> LiveAsync<T>(int id)
        where T : class, Crm.Web.Infrastructure.Records.ISoftDeletable, Crm.Web.Infrastructure.Records.IAudited =>
        app.WithDbAsync(db => db.Set<T>().IgnoreQueryFilters().AnyAsync(r => r.Id == id && r.DeletedAt == null && r.DeletedWith == null));

    [Fact]
    public async Task The_bin_row_of_a_record_says_what_went_with_it_and_names_only_what_the_user_may_restore()
    {
        var admin = await app.SignInAsync();
        var north = await app.CreateUserAsync(Roles.Sales, "Went North");
        var south = await app.CreateUserAsync(Roles.Sales, "Went South");
        var marker = Guid.NewGuid().ToString("N")[..6];
        var company = await app.AddCompanyAsync("Went SA " + marker, north);
        var first = await app.AddContactAsync("Wanda", "Went" + marker, north, companyId: company);
        var second = await app.AddContactAsync("Walt", "Went" + marker, north, companyId: company);
        var deal = await app.AddDealAsync("Went deal " + marker, north, companyId: company);
        await AddEntryAsync(null, company, "Went call");
        var alone = await app.AddCompanyAsync("Alone SA " + marker, north);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/Companies/Delete/{company}", [], $"/Companies/Details/{company}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/Companies/Delete/{alone}", [], $"/Companies/Details/{alone}")).StatusCode);

        var bin = WebUtility.HtmlDecode(await (await admin.GetAsync("/RecycleBin?kind=companies&q=" + marker)).ReadHtmlAsync());
        var row = bin[bin.IndexOf("Went SA " + marker, StringComparison.Ordinal)..bin.IndexOf("</tr>", bin.IndexOf("Went SA " + marker, StringComparison.Ordinal), StringComparison.Ordinal)];
        Assert.Contains("In the bin with it, restored with it: Contacts (2), Deals (1), Timeline entries (1)", row, StringComparison.Ordinal);
        Assert.Contains("Wanda Went" + marker, row, StringComparison.Ordinal);
        Assert.Contains("Walt Went" + marker, row, StringComparison.Ordinal);
        Assert.Contains("Went deal " + marker, row, StringComparison.Ordinal);
        var aloneRow = bin[bin.IndexOf("Alone SA " + marker, StringComparison.Ordinal)..];
        Assert.DoesNotContain("went-with", aloneRow[..aloneRow.IndexOf("</tr>", StringComparison.Ordinal)], StringComparison.Ordinal);

        // Someone of another team sees no row for it at all; one of the owner's team sees the names.
        Assert.DoesNotContain("Went SA " + marker, await (await (await app.SignInAsync(south)).GetAsync("/RecycleBin?kind=companies")).ReadHtmlAsync(), StringComparison.Ordinal);
        Assert.Contains("Wanda Went" + marker, WebUtility.HtmlDecode(await (await (await app.SignInAsync(north)).GetAsync("/RecycleBin?kind=companies&q=" + marker)).ReadHtmlAsync()), StringComparison.Ordinal);
        Assert.Equal(2, await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().CountAsync(c => (c.Id == first || c.Id == second) && c.DeletedWith == $"companies:{company}")));
        Assert.Equal($"companies:{company}", await app.WithDbAsync(db => db.Deals.IgnoreQueryFilters().Where(d => d.Id == deal).Select(d => d.DeletedWith).SingleAsync()));
    }

    [Fact]
    public async Task Deleting_a_company_takes_its_contacts_deals_tasks_and_entries_and_restoring_it_brings_back_only_those()
    {
        var admin = await app.SignInAsync();
        var company = await app.AddCompanyAsync("Cascade SA " + Guid.NewGuid().ToString("N")[..6]);
        var kept = await app.AddContactAsync("Aline", "Cascade", companyId: company);
        var before = await app.AddContactAsync("Basile", "Supprimé-Avant", companyId: company);
        var deal = await app.AddDealAsync("Affaire cascade", companyId: company);
        var task = await app.AddTaskAsync("Rappeler Aline", recordKind: "contacts", recordId: kept);
        var onContact = await AddEntryAsync(kept, company, "Appel Aline");
        var onCompany = await AddEntryAsync(null, company, "Appel standard");

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/Contacts/Delete/{before}", [], $"/Contacts/Details/{before}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/Companies/Delete/{company}", [], $"/Companies/Details/{company}")).StatusCode);

        var key = $"companies:{company}";
        Assert.Equal(key, (await ContactStateAsync(kept)).DeletedWith);
        Assert.NotNull((await ContactStateAsync(kept)).DeletedAt);
        Assert.Null((await ContactStateAsync(before)).DeletedWith);
        Assert.Equal(key, await app.WithDbAsync(db => db.Deals.IgnoreQueryFilters().Where(d => d.Id == deal).Select(d => d.DeletedWith).SingleAsync()));
        Assert.Equal(key, await app.WithDbAsync(db => db.Tasks.IgnoreQueryFilters().Where(t => t.Id == task).Select(t => t.DeletedWith).SingleAsync()));
        Assert.Equal(2, await app.WithDbAsync(db => db.Activities.IgnoreQueryFilters().CountAsync(a => (a.Id == onContact || a.Id == onCompany) && a.DeletedWith == key && a.DeletedAt != null)));

        // The bin lists what was deleted on its own; what went with the company comes back only with it.
        var bin = WebUtility.HtmlDecode(await (await admin.GetAsync("/RecycleBin?kind=contacts")).ReadHtmlAsync());
        Assert.Contains("Basile Supprimé-Avant", bin, StringComparison.Ordinal);
        Assert.DoesNotContain("Aline Cascade", bin, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostFormAsync("/RecycleBin/Restore", new() { ["kind"] = "contacts", ["id"] = Id(kept) }, "/RecycleBin")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/RecycleBin/Restore", new() { ["kind"] = "companies", ["id"] = Id(company) }, "/RecycleBin")).StatusCode);

        Assert.True(await LiveAsync<Crm.Web.Features.Contacts.Contact>(kept));
        Assert.True(await LiveAsync<Crm.Web.Features.Deals.Deal>(deal));
        Assert.True(await LiveAsync<Crm.Web.Features.Tasks.CrmTask>(task));
        Assert.True(await LiveAsync<Activity>(onContact));
        Assert.True(await LiveAsync<Activity>(onCompany));
        Assert.NotNull((await ContactStateAsync(before)).DeletedAt);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == "Deal" && a.EntityId == deal && a.Action == AuditAction.Restored)));
    }

    [Fact]
    public async Task A_rep_deleting_their_company_leaves_what_they_may_not_delete_and_sees_only_their_records_in_the_bin()
    {
        var rep = await app.CreateUserAsync(Roles.Sales, team: "Cascade rep A");
        var other = await app.CreateUserAsync(Roles.Sales, team: "Cascade rep B");
        var company = await app.AddCompanyAsync("Rep SARL " + Guid.NewGuid().ToString("N")[..6], owner: rep);
        var mine = await app.AddContactAsync("Mien", "Contact", owner: rep, companyId: company);
        var theirs = await app.AddContactAsync("Leur", "Contact", owner: other, companyId: company);
        var client = await app.SignInAsync(rep);

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/Companies/Delete/{company}", [], $"/Companies/Details/{company}")).StatusCode);

        Assert.NotNull((await ContactStateAsync(mine)).DeletedAt);
        Assert.Null((await ContactStateAsync(theirs)).DeletedAt);
        var otherBin = WebUtility.HtmlDecode(await (await (await app.SignInAsync(other)).GetAsync("/RecycleBin?kind=companies")).ReadHtmlAsync());
        Assert.DoesNotContain("Rep SARL", otherBin, StringComparison.Ordinal);
        var repBin = WebUtility.HtmlDecode(await (await client.GetAsync("/RecycleBin?kind=companies")).ReadHtmlAsync());
        Assert.Contains("Rep SARL", repBin, StringComparison.Ordinal);
        Assert.DoesNotContain("Empty the recycle bin", repBin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_purge_removes_exactly_what_was_deleted_longer_ago_than_the_retention_and_runs_twice_safely()
    {
        var admin = await app.SignInAsync();
        var old = await app.AddCompanyAsync("Ancienne SA " + Guid.NewGuid().ToString("N")[..6]);
        var child = await app.AddCompanyAsync("Filiale SA " + Guid.NewGuid().ToString("N")[..6], parentId: old);
        var oldContact = await app.AddContactAsync("Vieux", "Contact", companyId: old);
        var oldEntry = await AddEntryAsync(oldContact, old, "Appel ancien");
        var recent = await app.AddContactAsync("Récent", "Contact");
        var liveDeal = await app.AddDealAsync("Affaire vivante");
        await app.WithDbAsync(async db =>
        {
            // A live deal of another record naming the old contact keeps living when the contact goes.
            db.DealContacts.Add(new Crm.Web.Features.Deals.DealContact { DealId = liveDeal, ContactId = oldContact });
            await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/Companies/Delete/{old}", [], $"/Companies/Details/{old}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/Contacts/Delete/{recent}", [], $"/Contacts/Details/{recent}")).StatusCode);
        await app.WithDbAsync(async db =>
        {
            var longAgo = DateTime.UtcNow.AddDays(-31);
            var recently = DateTime.UtcNow.AddDays(-29);
            await db.Companies.IgnoreQueryFilters().Where(c => c.Id == old).ExecuteUpdateAsync(s => s.SetProperty(c => c.DeletedAt, longAgo));
            await db.Contacts.IgnoreQueryFilters().Where(c => c.Id == oldContact).ExecuteUpdateAsync(s => s.SetProperty(c => c.DeletedAt, longAgo));
            await db.Activities.IgnoreQueryFilters().Where(a => a.Id == oldEntry).ExecuteUpdateAsync(s => s.SetProperty(a => a.DeletedAt, longAgo));
            await db.Contacts.IgnoreQueryFilters().Where(c => c.Id == recent).ExecuteUpdateAsync(s => s.SetProperty(c => c.DeletedAt, recently));
        });

        var first = 0;
        var second = 0;
        await app.WithScopeAsync(async services => first = await services.GetRequiredService<RecycleBinPurge>().PurgeOlderThanAsync(30, null, default));
        await app.WithScopeAsync(async services => second = await services.GetRequiredService<RecycleBinPurge>().PurgeOlderThanAsync(30, null, default));

        Assert.True(first >= 3, $"{first} rows purged");
        Assert.Equal(0, second);
        Assert.False(await ExistsAsync<Crm.Web.Features.Companies.Company>(old));
        Assert.False(await ExistsAsync<Crm.Web.Features.Contacts.Contact>(oldContact));
        Assert.False(await ExistsAsync<Activity>(oldEntry));
        Assert.True(await ExistsAsync<Crm.Web.Features.Contacts.Contact>(recent));
        Assert.True(await LiveAsync<Crm.Web.Features.Companies.Company>(child));
        Assert.Null(await app.WithDbAsync(db => db.Companies.Where(c => c.Id == child).Select(c => c.ParentCompanyId).SingleAsync()));
        Assert.True(await LiveAsync<Crm.Web.Features.Deals.Deal>(liveDeal));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == "Company" && a.EntityId == old && a.Action == AuditAction.Purged && a.UserId == null)));
    }

    [Fact]
    public async Task Purging_a_record_deletes_its_custom_values_and_those_of_what_went_with_it_but_no_one_elses()
    {
        var admin = await app.SignInAsync();
        var company = await app.AddCompanyAsync("Valeurs SA " + Guid.NewGuid().ToString("N")[..6]);
        var contact = await app.AddContactAsync("Avec", "Valeurs", companyId: company);
        var live = await app.AddCompanyAsync("Vivante SA " + Guid.NewGuid().ToString("N")[..6]);
        var (companyField, contactField, dealField) = await app.WithDbAsync(async db =>
        {
            var suffix = Guid.NewGuid().ToString("N")[..6];
            CustomField Field(string kind) => new() { Kind = kind, Key = "purge-" + suffix, Type = CustomFieldType.Text, LabelEn = "Code", LabelFr = "Code", CreatedAt = DateTime.UtcNow };
            var (c, p, d) = (Field("companies"), Field("contacts"), Field("deals"));
            db.CustomFields.AddRange(c, p, d);
            await db.SaveChangesAsync();
            db.CustomFieldValues.AddRange(
                new CustomFieldValue { FieldId = c.Id, RecordId = company, Text = "purged company" },
                new CustomFieldValue { FieldId = p.Id, RecordId = contact, Text = "purged contact" },
                new CustomFieldValue { FieldId = d.Id, RecordId = company, Text = "a deal with the same id" },
                new CustomFieldValue { FieldId = c.Id, RecordId = live, Text = "live company" });
            await db.SaveChangesAsync();
            return (c.Id, p.Id, d.Id);
        });
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/Companies/Delete/{company}", [], $"/Companies/Details/{company}")).StatusCode);

        // The live company's id is asked too: it is not in the bin, so it and its values stay.
        await app.WithScopeAsync(services => services.GetRequiredService<RecycleBinPurge>().PurgeAsync(Crm.Web.Features.Companies.Company.Kind, [company, live], null, default));

        var left = await app.WithDbAsync(db => db.CustomFieldValues.Where(v => v.FieldId == companyField || v.FieldId == contactField || v.FieldId == dealField).Select(v => v.Text).ToListAsync());
        Assert.Equal(["a deal with the same id", "live company"], left.Order(StringComparer.Ordinal));
        Assert.False(await ExistsAsync<Crm.Web.Features.Contacts.Contact>(contact));
    }

    [Fact]
    public async Task Only_an_admin_deletes_for_good_after_confirming_with_the_antiforgery_token()
    {
        var rep = await app.CreateUserAsync(Roles.Sales, team: "Purge rep");
        var id = await app.AddContactAsync("Purgé", "Maintenant", owner: rep);
        var entry = await AddEntryAsync(id, null, "Appel purgé");
        var repClient = await app.SignInAsync(rep);
        Assert.Equal(HttpStatusCode.Redirect, (await repClient.PostFormAsync($"/Contacts/Delete/{id}", [], $"/Contacts/Details/{id}")).StatusCode);
        var fields = new Dictionary<string, string> { ["kind"] = "contacts", ["id"] = Id(id) };

        Assert.StartsWith("/Account/AccessDenied", (await repClient.GetAsync($"/RecycleBin/Purge?kind=contacts&id={id}")).LocationPath(), StringComparison.Ordinal);
        Assert.StartsWith("/Account/AccessDenied", (await repClient.PostFormAsync("/RecycleBin/Purge", fields, "/RecycleBin")).LocationPath(), StringComparison.Ordinal);
        var admin = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/RecycleBin/Purge", new FormUrlEncodedContent(fields))).StatusCode);
        Assert.True(await ExistsAsync<Crm.Web.Features.Contacts.Contact>(id));

        var question = WebUtility.HtmlDecode(await (await admin.GetAsync($"/RecycleBin/Purge?kind=contacts&id={id}")).ReadHtmlAsync());
        Assert.Contains("Delete “Purgé Maintenant” for good", question, StringComparison.Ordinal);
        var purged = await admin.PostFormAsync("/RecycleBin/Purge", fields, $"/RecycleBin/Purge?kind=contacts&id={id}");

        Assert.Equal("/RecycleBin?kind=contacts", purged.LocationPath());
        Assert.False(await ExistsAsync<Crm.Web.Features.Contacts.Contact>(id));
        Assert.False(await ExistsAsync<Activity>(entry));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == "Contact" && a.EntityId == id && a.Action == AuditAction.Purged && a.UserId != null)));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostFormAsync("/RecycleBin/Purge", fields, "/RecycleBin")).StatusCode);
    }

    [Fact]
    public async Task The_bin_searches_by_name_and_an_admin_empties_it_whole()
    {
        var admin = await app.SignInAsync();
        var first = await app.AddContactAsync("Zélie", "Cherchée");
        var second = await app.AddContactAsync("Armand", "Autre");
        foreach (var id in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/Contacts/Delete/{id}", [], $"/Contacts/Details/{id}")).StatusCode);
        }

        await admin.GetTextAsync("/Contacts"); // the delete's message, shown once
        var found = WebUtility.HtmlDecode(await (await admin.GetAsync("/RecycleBin?kind=contacts&q=Cherch&sort=name")).ReadHtmlAsync());
        Assert.Contains("Zélie Cherchée", found, StringComparison.Ordinal);
        Assert.DoesNotContain("Armand Autre", found, StringComparison.Ordinal);
        Assert.Contains("Nothing in the recycle bin matches this search.", await admin.GetTextAsync("/RecycleBin?kind=contacts&q=zzzzqqq"), StringComparison.Ordinal);

        Assert.Contains("Delete everything in the recycle bin for good?", WebUtility.HtmlDecode(await admin.GetTextAsync("/RecycleBin/Purge")), StringComparison.Ordinal);
        Assert.Equal("/RecycleBin", (await admin.PostFormAsync("/RecycleBin/Purge", [], "/RecycleBin/Purge")).LocationPath());

        Assert.False(await ExistsAsync<Crm.Web.Features.Contacts.Contact>(first));
        Assert.False(await ExistsAsync<Crm.Web.Features.Contacts.Contact>(second));
        Assert.Contains("The recycle bin is empty.", await admin.GetTextAsync("/RecycleBin?kind=contacts"), StringComparison.Ordinal);
    }
}
