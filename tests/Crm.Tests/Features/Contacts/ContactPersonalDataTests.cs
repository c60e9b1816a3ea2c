using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Activities;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.CustomFields;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Features.Contacts;

/// <summary>GDPR on a contact: a copy of everything held, and erasure that keeps the counts; both in the history.</summary>
public sealed class ContactPersonalDataTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private const string Password = "Gdpr-Pages-2026";

    [Fact]
    public async Task The_export_is_a_zip_with_the_persons_fields_emails_activities_and_history_and_is_recorded()
    {
        var id = await PersonAsync("Export");
        var admin = await app.SignInAsync();

        var response = await admin.GetAsync($"/Contacts/PersonalData/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        Assert.Equal(["activities.json", "activities.xlsx", "contact.json", "contact.xlsx", "history.json"], zip.Entries.Select(e => e.Name).Order(StringComparer.Ordinal));

        using var contact = await JsonDocument.ParseAsync(zip.GetEntry("contact.json")!.Open());
        Assert.Equal("Lucie", contact.RootElement.GetProperty("FirstName").GetString());
        Assert.Equal(["lucie.export@example.fr"], contact.RootElement.GetProperty("Emails").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("12 rue des Lilas", contact.RootElement.GetProperty("Address").GetProperty("Line1").GetString());
        using var activities = await JsonDocument.ParseAsync(zip.GetEntry("activities.json")!.Open());
        Assert.Equal("Called about her order", activities.RootElement[0].GetProperty("Subject").GetString());
        Assert.True(zip.GetEntry("contact.xlsx")!.Length > 0);

        var recorded = await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Kind == "contacts" && a.EntityId == id && a.Action == AuditAction.DataExported));
        Assert.True(recorded);
        Assert.Contains("exported the personal data", await admin.GetTextAsync($"/Contacts/Details/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erasing_blanks_the_person_and_their_words_keeps_the_record_and_activity_counts_and_leaves_no_old_value_in_the_history()
    {
        var id = await PersonAsync("Erase");
        var admin = await app.SignInAsync();
        var confirm = await admin.GetTextAsync($"/Contacts/Erase/{id}");
        Assert.Contains("This cannot be undone.", confirm, StringComparison.Ordinal);

        var erased = await admin.PostFormAsync($"/Contacts/Erase/{id}", []);
        Assert.Equal($"/Contacts/Details/{id}", erased.LocationPath());

        var contact = await app.WithDbAsync(db => db.Contacts.Include(c => c.Emails).Include(c => c.Phones).SingleAsync(c => c.Id == id));
        Assert.Equal((ContactPersonalData.ErasedFirstName, $"#{id}"), (contact.FirstName, contact.LastName));
        Assert.Empty(contact.Emails);
        Assert.Empty(contact.Phones);
        Assert.Null(contact.Address.Line1);
        Assert.Null(contact.Description);
        Assert.Equal(ConsentState.Withdrawn, contact.Consent);
        Assert.NotNull(contact.CompanyId);

        var activities = await app.WithDbAsync(db => db.Activities.Where(a => a.ContactId == id).ToListAsync());
        Assert.Single(activities);
        Assert.Equal(("—", (string?)null), (activities[0].Subject, activities[0].Body));

        var history = await app.WithDbAsync(db => db.AuditEntries.Where(a => (a.Kind == "contacts" && a.EntityId == id) || (a.EntityType == "Activity" && a.EntityId == activities[0].Id)).ToListAsync());
        Assert.Equal([AuditAction.DataErased], history.Select(h => h.Action));
        var everything = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Changes != null && (a.Changes.Contains("lucie.erase@example.fr") || a.Changes.Contains("Lilas"))).CountAsync());
        Assert.Equal(0, everything);

        // Nobody finds her by her old name or email any more.
        Assert.DoesNotContain($"/Contacts/Details/{id}", await admin.GetTextAsync("/Contacts?q=lucie.erase@example.fr"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Sales)]
    [InlineData(Roles.Support)]
    public async Task Other_roles_who_see_the_contact_may_neither_export_nor_erase(string role)
    {
        var id = await PersonAsync("Refused" + role);
        var email = $"gdpr-{role.ToLowerInvariant()}@tests.crm";
        await app.CreateUserAsync(email, Password, role);
        var user = await app.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync($"/Contacts/Details/{id}")).StatusCode);
        Assert.DoesNotContain("personal-data-menu", await user.GetTextAsync($"/Contacts/Details/{id}"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync($"/Contacts/PersonalData/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync($"/Contacts/Erase/{id}")).StatusCode);
        var post = await user.PostFormAsync($"/Contacts/Erase/{id}", [], $"/Contacts/Details/{id}");
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal("Lucie", await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == id).Select(c => c.FirstName).SingleAsync()));
    }

    [Fact]
    public async Task Erasing_without_the_antiforgery_token_is_refused()
    {
        var id = await PersonAsync("Token");
        var admin = await app.SignInAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync($"/Contacts/Erase/{id}", new FormUrlEncodedContent([]))).StatusCode);
    }

    [Fact]
    public async Task The_export_holds_the_custom_field_values_and_erasing_deletes_them_all()
    {
        var id = await PersonAsync("Custom");
        var admin = await app.SignInAsync();
        var (nickname, size) = await app.WithDbAsync(async db =>
        {
            var text = new CustomField { Kind = "contacts", Key = "gdpr-nickname", Type = CustomFieldType.Text, LabelEn = "Nickname", LabelFr = "Surnom", CreatedAt = DateTime.UtcNow };
            var number = new CustomField { Kind = "contacts", Key = "gdpr-shoe-size", Type = CustomFieldType.Number, LabelEn = "Shoe size", LabelFr = "Pointure", CreatedAt = DateTime.UtcNow };
            db.CustomFields.AddRange(text, number);
            await db.SaveChangesAsync();
            db.CustomFieldValues.AddRange(
                new CustomFieldValue { FieldId = text.Id, RecordId = id, Text = "Lulu" },
                new CustomFieldValue { FieldId = number.Id, RecordId = id, Number = 38 });
            await db.SaveChangesAsync();
            return (text, number);
        });

        var response = await admin.GetAsync($"/Contacts/PersonalData/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        using var contact = await JsonDocument.ParseAsync(zip.GetEntry("contact.json")!.Open());
        var custom = contact.RootElement.GetProperty("CustomFields").EnumerateArray()
            .Select(f => (f.GetProperty("Label").GetString(), f.GetProperty("Value").GetString())).ToList();
        Assert.Contains(("Nickname", "Lulu"), custom);
        Assert.Contains(("Shoe size", "38"), custom);
        using var book = new ZipArchive(zip.GetEntry("contact.xlsx")!.Open().ReadAllToMemory());
        var xml = string.Concat(book.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)).Select(e => new StreamReader(e.Open()).ReadToEnd()));
        Assert.Contains("Nickname", xml, StringComparison.Ordinal);
        Assert.Contains("Lulu", xml, StringComparison.Ordinal);
        Assert.Contains("Shoe size", xml, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/Contacts/Erase/{id}", [])).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.CustomFieldValues.AnyAsync(v => v.RecordId == id && (v.FieldId == nickname.Id || v.FieldId == size.Id))));
    }

    private Task<int> PersonAsync(string suffix) => app.WithDbAsync(async db =>
    {
        var company = new Crm.Web.Features.Companies.Company { Name = "Lilas " + suffix };
        var contact = new Contact
        {
            FirstName = "Lucie", LastName = "Personne" + suffix, Description = "Prefers calls after 18:00", Company = company,
            Address = new Crm.Web.Features.Shared.Address { Line1 = "12 rue des Lilas", City = "Lyon" },
        };
        contact.SetEmails([$"lucie.{suffix.ToLowerInvariant()}@example.fr"]);
        contact.SetPhones(["+33 6 12 34 56 78"]);
        db.Contacts.Add(contact);
        await db.SaveChangesAsync();
        db.Activities.Add(new Activity { Kind = ActivityKind.Call, Subject = "Called about her order", Body = "She lives at 12 rue des Lilas", OccurredAt = DateTime.UtcNow, ContactId = contact.Id });
        await db.SaveChangesAsync();
        return contact.Id;
    });
}

internal static class StreamReading
{
    public static MemoryStream ReadAllToMemory(this Stream stream)
    {
        var memory = new MemoryStream();
        stream.CopyTo(memory);
        memory.Position = 0;
        return memory;
    }
}
