using System.Globalization;
using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Tags;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.RecycleBin;

/// <summary>A record deleted from its page or from a list's bulk bar comes back from the bin whole, tags included.</summary>
public sealed class RestoredRecordsKeepTheirTagsTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private const string Bulk = "bulk";
    private const string Single = "single";

    private static string Path(string kind) => kind == "contacts" ? "/Contacts" : "/Companies";

    private async Task<int> TaggedRecordAsync(string kind, string name, params string[] tags)
    {
        var id = kind == "contacts"
            ? await app.AddContactAsync("Tagué", name, email: $"{name.ToLowerInvariant()}@bin.example")
            : await app.AddCompanyAsync(name);
        await app.WithDbAsync(async db =>
        {
            foreach (var tagName in tags)
            {
                var tag = Tag.Create(tagName);
                db.Tags.Add(tag);
                if (kind == "contacts")
                {
                    db.ContactTags.Add(new ContactTag { ContactId = id, Tag = tag });
                }
                else
                {
                    db.CompanyTags.Add(new CompanyTag { CompanyId = id, Tag = tag });
                }
            }

            await db.SaveChangesAsync();
        });
        return id;
    }

    private Task<List<string>> TagsOfAsync(string kind, int id) =>
        app.WithDbAsync(db => kind == "contacts"
            ? db.ContactTags.Where(t => t.ContactId == id).Select(t => t.Tag!.Name).OrderBy(n => n).ToListAsync()
            : db.CompanyTags.Where(t => t.CompanyId == id).Select(t => t.Tag!.Name).OrderBy(n => n).ToListAsync());

    private static async Task DeleteAsync(HttpClient client, string kind, string how, int id)
    {
        var key = id.ToString(CultureInfo.InvariantCulture);
        var response = how == Bulk
            ? await client.PostMultipleAsync($"{Path(kind)}/Bulk", [new("Ids", key), new("Action", "delete"), new("Confirmed", "true"), new("ReturnUrl", Path(kind))], Path(kind))
            : await client.PostFormAsync($"{Path(kind)}/Delete/{key}", [], $"{Path(kind)}/Details/{key}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Theory]
    [InlineData("contacts", Bulk)]
    [InlineData("contacts", Single)]
    [InlineData("companies", Bulk)]
    [InlineData("companies", Single)]
    public async Task A_record_deleted_then_restored_from_the_recycle_bin_has_its_tags_again(string kind, string how)
    {
        var unique = Guid.NewGuid().ToString("N")[..6];
        var id = await TaggedRecordAsync(kind, "Corbeille" + unique, "VIP " + unique, "Salon " + unique);
        var client = await app.SignInAsync();

        await DeleteAsync(client, kind, how, id);
        Assert.NotNull(await app.WithDbAsync(db => kind == "contacts"
            ? db.Contacts.IgnoreQueryFilters().Where(c => c.Id == id).Select(c => c.DeletedAt).SingleAsync()
            : db.Companies.IgnoreQueryFilters().Where(c => c.Id == id).Select(c => c.DeletedAt).SingleAsync()));
        var restore = await client.PostFormAsync("/RecycleBin/Restore", new() { ["kind"] = kind, ["id"] = id.ToString(CultureInfo.InvariantCulture) }, "/RecycleBin");
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);

        Assert.Equal(["Salon " + unique, "VIP " + unique], await TagsOfAsync(kind, id));
        var page = WebUtility.HtmlDecode(await (await client.GetAsync($"{Path(kind)}/Details/{id}")).ReadHtmlAsync());
        Assert.Contains("VIP " + unique, page, StringComparison.Ordinal);
        if (kind == "contacts")
        {
            Assert.Equal($"corbeille{unique}@bin.example", await app.WithDbAsync(db => db.ContactEmails.Where(e => e.ContactId == id).Select(e => e.Address).SingleAsync()));
        }
    }

    [Fact]
    public async Task Removing_a_record_loaded_with_its_tags_emails_and_phones_keeps_them_for_the_restore()
    {
        var id = await TaggedRecordAsync("contacts", "Chargé", "Chargé");
        await app.WithDbAsync(async db =>
        {
            db.Contacts.Remove(await db.Contacts.Include(c => c.Tags).Include(c => c.Emails).Include(c => c.Phones).SingleAsync(c => c.Id == id));
            await db.SaveChangesAsync();
        });

        var (tags, emails, deleted) = await app.WithDbAsync(async db => (
            await db.ContactTags.CountAsync(t => t.ContactId == id),
            await db.ContactEmails.CountAsync(e => e.ContactId == id),
            await db.Contacts.IgnoreQueryFilters().Where(c => c.Id == id).Select(c => c.DeletedAt).SingleAsync()));
        Assert.NotNull(deleted);
        Assert.Equal(1, tags);
        Assert.Equal(1, emails);
    }
}
