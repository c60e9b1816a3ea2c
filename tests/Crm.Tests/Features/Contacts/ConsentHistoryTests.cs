using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Contacts;

/// <summary>Every change of a contact's consent is kept (state, when, source, who) whichever path made it, and shown on its page.</summary>
public sealed class ConsentHistoryTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    [Fact]
    public async Task The_contact_form_and_erasure_each_leave_a_consent_change_shown_on_the_contacts_page()
    {
        var admin = await app.SignInAsync();
        var adminId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == CrmAppFactory.AdminEmail).Select(u => u.Id).SingleAsync());
        var created = await admin.PostMultipleAsync("/Contacts/Create",
            RecordPages.Fields(("FirstName", "Ada"), ("LastName", "Consent"), ("Status", "Active"), ("LifecycleStage", "Lead"), ("Consent", "Granted"), ("ConsentSource", "Trade show")), "/Contacts/Create");
        var id = RecordPages.IdFromLocation(created);

        var page = WebUtility.HtmlDecode(await admin.GetTextAsync($"/Contacts/Details/{id}"));
        Assert.Contains("data-testid=\"consent-history\"", page, StringComparison.Ordinal);
        Assert.Contains("Trade show", page, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/Contacts/Erase/{id}", [])).StatusCode);
        var history = await app.WithDbAsync(db => db.ConsentChanges.Where(c => c.ContactId == id).OrderBy(c => c.Id).ToListAsync());
        Assert.Equal(
            [(ConsentState.Granted, "Trade show", adminId), (ConsentState.Withdrawn, "Erased", adminId)],
            history.Select(c => (c.State, c.Source, c.ByUserId)));
        Assert.All(history, c => Assert.True(c.At > DateTime.UtcNow.AddMinutes(-5)));
    }

    [Fact]
    public async Task The_personal_data_copy_holds_the_consent_history()
    {
        var id = await app.AddContactAsync("Gdpr", "Consent");
        await app.WithDbAsync(async db =>
        {
            var contact = await db.Contacts.SingleAsync(c => c.Id == id);
            contact.SetConsent(ConsentState.Granted, DateTime.UtcNow, "Web form: Newsletter");
            await db.SaveChangesAsync();
        });
        var response = await (await app.SignInAsync()).GetAsync($"/Contacts/PersonalData/{id}");
        using var zip = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        using var json = await System.Text.Json.JsonDocument.ParseAsync(zip.GetEntry("contact.json")!.Open());
        var change = Assert.Single(json.RootElement.GetProperty("ConsentHistory").EnumerateArray());
        Assert.Equal(("Granted", "Web form: Newsletter"), (change.GetProperty("State").GetString(), change.GetProperty("Source").GetString()));
    }

    [Fact]
    public async Task Setting_the_same_state_again_leaves_no_change()
    {
        var id = await app.AddContactAsync("Same", "State");
        await app.WithDbAsync(async db =>
        {
            var contact = await db.Contacts.SingleAsync(c => c.Id == id);
            contact.SetConsent(ConsentState.Denied, DateTime.UtcNow, "Phone call");
            contact.SetConsent(ConsentState.Denied, DateTime.UtcNow, "Phone call again");
            await db.SaveChangesAsync();
        });
        Assert.Equal(["Phone call"], await app.WithDbAsync(db => db.ConsentChanges.Where(c => c.ContactId == id).Select(c => c.Source).ToListAsync()));
    }
}
