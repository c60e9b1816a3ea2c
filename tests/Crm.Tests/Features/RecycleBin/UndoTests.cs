using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Crm.Tests.Features.Duplicates;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Activities;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.RecycleBin;

/// <summary>Undo that tells the truth: merged-away records and deleted activities come back, and messages offer "Undo".</summary>
public sealed partial class UndoTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static string S(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Merges contact <paramref name="b"/> into <paramref name="a"/> through the merge page, as an admin.</summary>
    private async Task<HttpResponseMessage> MergeAsync(HttpClient client, int a, int b)
    {
        var url = $"/Contacts/Merge?a={a}&b={b}";
        return await client.PostFormAsync("/Contacts/Merge", DuplicateData.FormFields(await client.GetStringAsync(url)), url);
    }

    /// <summary>Follows a redirect and posts the "Undo" form of the message it shows, as a browser would.</summary>
    private static async Task<HttpResponseMessage> UndoAsync(HttpClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = await (await client.GetAsync(response.Headers.Location!.OriginalString)).ReadHtmlAsync();
        var form = UndoForm().Match(html);
        Assert.True(form.Success, "The message offers no Undo form.");
        Assert.Contains(">Undo</button>", form.Value, StringComparison.Ordinal);
        var fields = HiddenField().Matches(form.Value).Select(m => new KeyValuePair<string, string>(m.Groups["name"].Value, WebUtility.HtmlDecode(m.Groups["value"].Value))).ToList();
        Assert.Contains(fields, f => f.Key == "__RequestVerificationToken");
        return await client.PostAsync(form.Groups["action"].Value, new FormUrlEncodedContent(fields));
    }

    private Task<DateTime?> DeletedAtAsync(int contactId) =>
        app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().Where(c => c.Id == contactId).Select(c => c.DeletedAt).SingleAsync());

    [Fact]
    public async Task A_merged_away_contact_is_in_the_bin_marked_merged_into_the_kept_one_and_comes_back_with_the_restore_in_its_history()
    {
        var a = await app.ContactAsync("Kept", "Fusionbin", emails: ["kept@fusionbin.fr"]);
        var b = await app.ContactAsync("Gone", "Fusionbin", emails: ["gone@fusionbin.fr"], configure: c => c.JobTitle = "Acheteur");
        await app.ActivityAsync("Call moved", contactId: b);
        var client = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await MergeAsync(client, a, b)).StatusCode);

        var bin = WebUtility.HtmlDecode(await (await client.GetAsync("/RecycleBin?kind=contacts")).ReadHtmlAsync());
        Assert.Contains("Gone Fusionbin", bin, StringComparison.Ordinal);
        Assert.Contains($"Merged into <a href=\"/Contacts/Details/{a}\">Kept Fusionbin</a>", bin, StringComparison.Ordinal);

        var restore = await client.PostFormAsync("/RecycleBin/Restore", new() { ["kind"] = "contacts", ["id"] = S(b) }, "/RecycleBin?kind=contacts");

        Assert.Equal($"/Contacts/Details/{b}", restore.Headers.Location!.OriginalString);
        await app.WithDbAsync(async db =>
        {
            var back = await db.Contacts.SingleAsync(c => c.Id == b);
            Assert.Equal(("Gone", "Acheteur"), (back.FirstName, back.JobTitle));
            // What the merge moved stays on the record kept.
            Assert.Equal(0, await db.Activities.CountAsync(x => x.ContactId == b));
            Assert.True(await db.Contacts.AnyAsync(c => c.Id == a));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "Contact" && e.EntityId == b && e.Action == AuditAction.Restored && e.Source == ChangeSource.Restore));
        });
        Assert.Contains("restored", await (await client.GetAsync($"/Contacts/Details/{b}?history=true")).ReadHtmlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_merged_away_contact_stays_out_of_the_bin_of_someone_who_may_not_edit_the_kept_one()
    {
        var sales = await app.CreateUserAsync(Roles.Sales, team: "Undo M");
        var other = await app.CreateUserAsync(Roles.Sales, team: "Undo N");
        var a = await app.AddContactAsync("Théo", "Gardé", owner: other);
        var b = await app.AddContactAsync("Théo", "Parti", owner: sales);
        Assert.Equal(HttpStatusCode.Redirect, (await MergeAsync(await app.SignInAsync(), a, b)).StatusCode);
        var client = await app.SignInAsync(sales);

        var bin = WebUtility.HtmlDecode(await (await client.GetAsync("/RecycleBin?kind=contacts")).ReadHtmlAsync());
        var restore = await client.PostFormAsync("/RecycleBin/Restore", new() { ["kind"] = "contacts", ["id"] = S(b) }, "/RecycleBin?kind=contacts");

        Assert.DoesNotContain("Théo Parti", bin, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, restore.StatusCode);
        Assert.NotNull(await DeletedAtAsync(b));
    }

    [Fact]
    public async Task The_old_address_of_a_merged_away_record_redirects_to_the_kept_one_and_is_404_for_who_cannot_see_it()
    {
        var owner = await app.CreateUserAsync(Roles.Sales, team: "Undo R");
        var outsider = await app.CreateUserAsync(Roles.Sales, team: "Undo S");
        var a = await app.AddContactAsync("Rita", "Gardée", owner: owner);
        var b = await app.AddContactAsync("Rita", "Fusionnée", owner: owner);
        var admin = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await MergeAsync(admin, a, b)).StatusCode);
        var client = await app.SignInAsync(owner);

        var old = await client.GetAsync($"/Contacts/Details/{b}");

        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.Equal($"/Contacts/Details/{a}", old.Headers.Location!.OriginalString);
        var kept = WebUtility.HtmlDecode(await (await client.GetAsync(old.Headers.Location!.OriginalString)).ReadHtmlAsync());
        Assert.Contains("This record was merged into “Rita Gardée”.", kept, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignInAsync(outsider)).GetAsync($"/Contacts/Details/{b}")).StatusCode);
        // A record deleted without a merge stays a plain 404.
        var deleted = await app.AddContactAsync("Rita", "Supprimée", owner: owner);
        await app.WithDbAsync(async db =>
        {
            db.Contacts.Remove(await db.Contacts.SingleAsync(c => c.Id == deleted));
            await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Contacts/Details/{deleted}")).StatusCode);
    }

    [Fact]
    public async Task The_old_address_of_a_merged_away_company_redirects_to_the_kept_one()
    {
        var a = await app.CompanyAsync("Redirect Gardée SAS");
        var b = await app.CompanyAsync("Redirect Fusionnée SAS");
        var client = await app.SignInAsync();
        var url = $"/Companies/Merge?a={a}&b={b}";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/Companies/Merge", DuplicateData.FormFields(await client.GetStringAsync(url)), url)).StatusCode);

        var old = await client.GetAsync($"/Companies/Details/{b}");

        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.Equal($"/Companies/Details/{a}", old.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_deleted_activity_is_in_the_bin_and_comes_back_on_the_timeline_moving_last_activity_forward()
    {
        var owner = await app.CreateUserAsync(Roles.Sales, team: "Undo A");
        var outsider = await app.CreateUserAsync(Roles.Sales, team: "Undo B");
        var contactId = await app.AddContactAsync("Alma", "Timeline", owner: owner);
        var at = new DateTime(2026, 11, 3, 9, 0, 0, DateTimeKind.Utc);
        var activityId = await app.WithDbAsync(async db =>
        {
            var activity = Activity.Log(ActivityKind.Note, "Binned note", at, contactId, null, owner.Id);
            activity.DeletedAt = at.AddHours(1);
            db.Activities.Add(activity);
            await db.SaveChangesAsync();
            return activity.Id;
        });

        var stranger = await app.SignInAsync(outsider);
        Assert.DoesNotContain("Binned note", await (await stranger.GetAsync("/RecycleBin/Activities")).ReadHtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostFormAsync("/RecycleBin/RestoreActivity", new() { ["ids"] = S(activityId) }, "/RecycleBin/Activities")).StatusCode);

        var client = await app.SignInAsync(owner);
        var bin = WebUtility.HtmlDecode(await (await client.GetAsync("/RecycleBin/Activities")).ReadHtmlAsync());
        Assert.Contains("Binned note", bin, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Contacts/Details/{contactId}\">Alma Timeline</a>", bin, StringComparison.Ordinal);

        var restore = await client.PostFormAsync("/RecycleBin/RestoreActivity", new() { ["ids"] = S(activityId) }, "/RecycleBin/Activities");

        Assert.Equal($"/Contacts/Details/{contactId}#timeline", restore.Headers.Location!.OriginalString);
        Assert.Contains("Binned note", await (await client.GetAsync($"/Contacts/Details/{contactId}")).ReadHtmlAsync(), StringComparison.Ordinal);
        Assert.Equal(at, await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == contactId).Select(c => c.LastActivityAt).SingleAsync()));
    }

    [Fact]
    public async Task Undo_after_deleting_an_activity_puts_it_back()
    {
        var contactId = await app.ContactAsync("Ugo", "Undoactivity");
        var activityId = await app.ActivityAsync("Undone note", contactId: contactId);
        var client = await app.SignInAsync();
        var delete = await client.PostFormAsync($"/Activities/Delete/{activityId}", new() { ["returnUrl"] = $"/Contacts/Details/{contactId}" }, $"/Contacts/Details/{contactId}");

        var undo = await UndoAsync(client, delete);

        Assert.Equal(HttpStatusCode.Redirect, undo.StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Activities.IgnoreQueryFilters().Where(a => a.Id == activityId).Select(a => a.DeletedAt).SingleAsync()));
    }

    [Fact]
    public async Task Undo_after_a_delete_restores_that_record()
    {
        var id = await app.ContactAsync("Ulysse", "Undodelete");
        var client = await app.SignInAsync();
        var delete = await client.PostFormAsync($"/Contacts/Delete/{id}", [], $"/Contacts/Details/{id}");

        var undo = await UndoAsync(client, delete);

        Assert.Equal($"/Contacts/Details/{id}", undo.Headers.Location!.OriginalString);
        Assert.Null(await DeletedAtAsync(id));
    }

    [Fact]
    public async Task Undo_after_a_bulk_delete_restores_exactly_those_records()
    {
        var deleted = new[] { await app.ContactAsync("Una", "Undobulk"), await app.ContactAsync("Uma", "Undobulk") };
        var before = await app.ContactAsync("Earlier", "Undobulk");
        await app.WithDbAsync(async db =>
        {
            db.Contacts.Remove(await db.Contacts.SingleAsync(c => c.Id == before));
            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync();
        var bulk = await client.PostMultipleAsync(
            "/Contacts/Bulk",
            [.. deleted.Select(id => new KeyValuePair<string, string>("Ids", S(id))), new("Action", "delete"), new("Confirmed", "true"), new("ReturnUrl", "/Contacts")],
            "/Contacts");
        foreach (var id in deleted)
        {
            Assert.NotNull(await DeletedAtAsync(id));
        }

        var undo = await UndoAsync(client, bulk);

        Assert.Equal(HttpStatusCode.Redirect, undo.StatusCode);
        Assert.Equal("/Contacts", undo.Headers.Location!.OriginalString);
        foreach (var id in deleted)
        {
            Assert.Null(await DeletedAtAsync(id));
        }

        Assert.NotNull(await DeletedAtAsync(before));
    }

    [Fact]
    public async Task Undo_after_a_merge_restores_the_merged_away_record()
    {
        var a = await app.ContactAsync("Ursule", "Undomerge");
        var b = await app.ContactAsync("Ursula", "Undomerge");
        var client = await app.SignInAsync();

        var undo = await UndoAsync(client, await MergeAsync(client, a, b));

        Assert.Equal($"/Contacts/Details/{b}", undo.Headers.Location!.OriginalString);
        Assert.Null(await DeletedAtAsync(b));
        Assert.Null(await DeletedAtAsync(a));
    }

    [Fact]
    public async Task Someone_who_may_not_restore_gets_404_from_the_undo()
    {
        var owner = await app.CreateUserAsync(Roles.Sales, team: "Undo X");
        var other = await app.CreateUserAsync(Roles.Sales, team: "Undo Y");
        var id = await app.AddContactAsync("Xavier", "Undoforbidden", owner: owner);
        await app.WithDbAsync(async db =>
        {
            db.Contacts.Remove(await db.Contacts.SingleAsync(c => c.Id == id));
            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync(other);

        var undo = await client.PostMultipleAsync("/RecycleBin/RestoreMany", [new("kind", "contacts"), new("ids", S(id))], "/RecycleBin");

        Assert.Equal(HttpStatusCode.NotFound, undo.StatusCode);
        Assert.NotNull(await DeletedAtAsync(id));
    }

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>/RecycleBin/Restore(Many|Activity))\".*?</form>", RegexOptions.Singleline)]
    private static partial Regex UndoForm();

    [GeneratedRegex("<input (?:name=\"(?<name>[^\"]+)\" type=\"hidden\"|type=\"hidden\" name=\"(?<name>[^\"]+)\") value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenField();
}
