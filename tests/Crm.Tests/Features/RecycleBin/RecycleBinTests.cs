using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.RecycleBin;

public sealed class RecycleBinTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private Task SoftDeleteAsync(int contactId) =>
        app.WithDbAsync(async db =>
        {
            db.Contacts.Remove(await db.Contacts.SingleAsync(c => c.Id == contactId));
            await db.SaveChangesAsync();
        });

    private static Task<HttpResponseMessage> RestoreAsync(HttpClient client, string kind, int id) =>
        client.PostFormAsync("/RecycleBin/Restore", new() { ["kind"] = kind, ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/RecycleBin");

    [Fact]
    public async Task A_deleted_contact_is_in_the_bin_and_comes_back_with_its_history()
    {
        var sales = await app.CreateUserAsync(Roles.Sales, team: "Bin A");
        var id = await app.AddContactAsync("Ondine", "Restaurée", owner: sales);
        await SoftDeleteAsync(id);
        var client = await app.SignInAsync(sales);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Contacts/Details/{id}")).StatusCode);

        var bin = await (await client.GetAsync("/RecycleBin?kind=contacts")).ReadHtmlAsync();
        Assert.Contains("Ondine Restaurée", WebUtility.HtmlDecode(bin), StringComparison.Ordinal);

        var restore = await RestoreAsync(client, "contacts", id);
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        Assert.Equal($"/Contacts/Details/{id}", restore.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Contacts/Details/{id}")).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == "Contact" && a.EntityId == id && a.Action == AuditAction.Restored)));
    }

    [Fact]
    public async Task Someone_who_may_not_edit_the_record_neither_sees_nor_restores_it()
    {
        var owner = await app.CreateUserAsync(Roles.Sales, team: "Bin B");
        var other = await app.CreateUserAsync(Roles.Sales, team: "Bin C");
        var support = await app.CreateUserAsync(Roles.Support);
        var id = await app.AddContactAsync("Gaspard", "Caché", owner: owner);
        await SoftDeleteAsync(id);

        foreach (var user in new[] { other, support })
        {
            var client = await app.SignInAsync(user);
            var bin = WebUtility.HtmlDecode(await (await client.GetAsync("/RecycleBin?kind=contacts")).ReadHtmlAsync());
            Assert.DoesNotContain("Gaspard", bin, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await RestoreAsync(client, "contacts", id)).StatusCode);
        }

        Assert.NotNull(await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().Where(c => c.Id == id).Select(c => c.DeletedAt).SingleAsync()));
    }

    [Fact]
    public async Task A_contact_with_a_merged_entry_that_names_no_kept_record_is_restorable_as_any_deleted_one()
    {
        // Entries written before change events named the record kept: nothing to check the user against, nothing to hide.
        var id = await app.AddContactAsync("Mergée", "Ancienne");
        await SoftDeleteAsync(id);
        await app.WithDbAsync(async db =>
        {
            db.AuditEntries.Add(new AuditEntry { EntityType = "Contact", EntityId = id, Action = AuditAction.Merged, At = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync();

        var bin = WebUtility.HtmlDecode(await (await client.GetAsync("/RecycleBin?kind=contacts")).ReadHtmlAsync());

        Assert.Contains("Mergée Ancienne", bin, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await RestoreAsync(client, "contacts", id)).StatusCode);
    }

    [Fact]
    public async Task A_deleted_company_comes_back_and_the_empty_bin_says_so()
    {
        var client = await app.SignInAsync();
        var id = await app.AddCompanyAsync("Corbeille SARL " + Guid.NewGuid().ToString("N")[..4]);
        await app.WithDbAsync(async db =>
        {
            db.Companies.Remove(await db.Companies.SingleAsync(c => c.Id == id));
            await db.SaveChangesAsync();
        });

        Assert.Equal(HttpStatusCode.Redirect, (await RestoreAsync(client, "companies", id)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Companies/Details/{id}")).StatusCode);

        using var emptyApp = new CrmAppFactory();
        var fresh = await emptyApp.SignInAsync();
        var empty = await (await fresh.GetAsync("/RecycleBin?kind=companies")).ReadHtmlAsync();
        Assert.Contains("The recycle bin is empty.", empty, StringComparison.Ordinal);
    }
}
