using System.Net;
using System.Text;
using Crm.Tests.Features.Shared;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Contacts;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Contacts;

public sealed class ContactRecordTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static List<KeyValuePair<string, string>> ValidContact(string lastName, string email) => Fields(
        ("FirstName", "Éloïse"), ("LastName", lastName), ("JobTitle", "Directrice achats"),
        ("Emails", email), ("Emails", ""), ("PrimaryEmail", "0"),
        ("Phones", RandomMobile()), ("Phones", ""),
        ("Status", "Active"), ("LifecycleStage", "Customer"), ("PreferredLanguage", "fr"),
        ("Consent", "Granted"), ("ConsentSource", "Salon 2026"), ("Tags", "VIP, salon 2026"));

    // Each contact gets its own number, or the duplicate check would (rightly) stop the next one.
    private static string RandomMobile() => "06 " + string.Join(' ', Enumerable.Range(0, 4).Select(_ => Random.Shared.Next(10, 100).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task Creating_a_valid_contact_saves_it_with_its_emails_phones_tags_and_consent_and_opens_its_page()
    {
        var sales = await app.CreateUserAsync(Roles.Sales, "North");
        var client = await app.SignInAsync(sales);
        var fields = ValidContact("Martin-" + Guid.NewGuid().ToString("N")[..6], $"eloise.{Guid.NewGuid():N}@example.fr");
        fields.RemoveAll(f => f.Key == "Phones");
        fields.AddRange(Fields(("Phones", "06 12 34 56 78"), ("Phones", "")));
        fields.Add(new("OwnerId", sales.Id));

        var response = await client.PostMultipleAsync("/Contacts/Create", fields, "/Contacts/Create");

        var id = IdFromLocation(response);
        var contact = await app.WithDbAsync(db => db.Contacts.Include(c => c.Emails).Include(c => c.Phones).Include(c => c.Tags).ThenInclude(t => t.Tag).SingleAsync(c => c.Id == id));
        Assert.Equal("Éloïse", contact.FirstName);
        Assert.Equal(sales.Id, contact.OwnerId);
        Assert.Equal(sales.TeamId, contact.TeamId);
        Assert.Single(contact.Emails);
        Assert.Equal("06 12 34 56 78", contact.Phones.Single().Number);
        Assert.Equal("+33612345678", contact.Phones.Single().E164);
        Assert.Equal(["salon 2026", "VIP"], contact.Tags.Select(t => t.Tag!.Name).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(ConsentState.Granted, contact.Consent);
        Assert.NotNull(contact.ConsentAt);
        Assert.Equal("Salon 2026", contact.ConsentSource);

        var page = await (await client.GetAsync($"/Contacts/Details/{id}")).ReadHtmlAsync();
        Assert.Contains("Éloïse", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("href=\"tel:+33612345678\"", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("Deals", page, StringComparison.Ordinal);
        Assert.Contains("In no campaign yet.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_contact_without_last_name_shows_the_error_and_keeps_what_was_typed()
    {
        var client = await app.SignInAsync();
        var fields = ValidContact("", "keep.me@example.fr");

        var response = await client.PostMultipleAsync("/Contacts/Create", fields, "/Contacts/Create");

        var html = await response.ReadHtmlAsync();
        Assert.Contains("The Last name field is required.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"keep.me@example.fr\"", html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.ContactEmails.AnyAsync(e => e.Address == "keep.me@example.fr")));
    }

    [Fact]
    public async Task Creating_a_contact_with_a_malformed_email_names_the_bad_address()
    {
        var client = await app.SignInAsync();
        var fields = ValidContact("Bademail", "not-an-email");

        var response = await client.PostMultipleAsync("/Contacts/Create", fields, "/Contacts/Create");

        var html = WebUtility.HtmlDecode(await response.ReadHtmlAsync());
        Assert.Contains("\"not-an-email\" is not a valid email address.", html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Contacts.AnyAsync(c => c.LastName == "Bademail")));
    }

    [Fact]
    public async Task Errors_are_shown_in_French_to_a_French_user()
    {
        var client = await app.SignInAsync();
        client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Dfr%7Cuic%3Dfr");
        var fields = ValidContact("Francais", "pas-un-email");

        var html = WebUtility.HtmlDecode(await (await client.PostMultipleAsync("/Contacts/Create", fields, "/Contacts/Create")).ReadHtmlAsync());

        Assert.Contains("«\u00a0pas-un-email\u00a0» n’est pas une adresse e-mail valide.", html, StringComparison.Ordinal);
        Assert.Contains("Nouveau contact", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_that_cannot_be_read_is_refused_in_French_to_a_French_user()
    {
        var client = await app.SignInAsync();
        client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Dfr%7Cuic%3Dfr");
        var fields = ValidContact("Illisible", $"illisible.{Guid.NewGuid():N}@example.fr");
        fields.RemoveAll(f => f.Key == "Status");
        fields.Add(new("Status", "Bogus"));

        var html = WebUtility.HtmlDecode(await (await client.PostMultipleAsync("/Contacts/Create", fields, "/Contacts/Create")).ReadHtmlAsync());

        Assert.Contains("La valeur «\u00a0Bogus\u00a0» n’est pas valide", html, StringComparison.Ordinal);
        Assert.DoesNotContain("is not valid", html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Contacts.AnyAsync(c => c.LastName == "Illisible")));
    }

    [Fact]
    public async Task A_likely_duplicate_is_shown_before_saving_and_create_anyway_saves_it()
    {
        var email = $"dup.{Guid.NewGuid():N}@example.fr";
        var existing = await app.AddContactAsync("Paul", "Existing", email: email);
        var client = await app.SignInAsync();
        var fields = ValidContact("Newcomer", email.ToUpperInvariant());

        var warning = await (await client.PostMultipleAsync("/Contacts/Create", fields, "/Contacts/Create")).ReadHtmlAsync();

        Assert.Contains("data-testid=\"duplicate-warning\"", warning, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Contacts/Details/{existing}\"", warning, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Contacts.AnyAsync(c => c.LastName == "Newcomer")));

        fields.Add(new("CreateAnyway", "true"));
        var created = await client.PostMultipleAsync("/Contacts/Create", fields, "/Contacts/Create");
        var id = IdFromLocation(created);
        Assert.NotEqual(existing, id);
    }

    [Fact]
    public async Task Add_a_contact_on_a_company_page_opens_the_new_contact_form_with_that_company_chosen()
    {
        var companyId = await app.AddCompanyAsync("Preselected " + Guid.NewGuid().ToString("N")[..6]);
        var client = await app.SignInAsync();

        var company = await (await client.GetAsync($"/Companies/Details/{companyId}")).ReadHtmlAsync();
        Assert.Contains($"href=\"/Contacts/Create?companyId={companyId}\"", company, StringComparison.Ordinal);

        var form = await (await client.GetAsync($"/Contacts/Create?companyId={companyId}")).ReadHtmlAsync();
        Assert.Contains($"<option value=\"{companyId}\" selected=\"selected\">", form, StringComparison.Ordinal);
        Assert.DoesNotContain($"<option value=\"{companyId}\" selected=\"selected\">", await (await client.GetAsync("/Contacts/Create")).ReadHtmlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_a_contact_saves_the_changes_and_the_history_names_them()
    {
        var id = await app.AddContactAsync("Anne", "Before");
        var client = await app.SignInAsync();
        var version = await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == id).Select(c => c.Version).SingleAsync());

        var response = await client.PostMultipleAsync($"/Contacts/Edit/{id}", Fields(
            ("FirstName", "Anne"), ("LastName", "After"), ("Emails", "anne.after@example.fr"), ("PrimaryEmail", "0"),
            ("Status", "Active"), ("LifecycleStage", "Lead"), ("Consent", "Unknown"), ("Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture))), $"/Contacts/Edit/{id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var contact = await app.WithDbAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.Equal("After", contact.LastName);
        Assert.Equal("anne.after@example.fr", contact.Email);
        Assert.True(contact.Version > version);
        var page = await (await client.GetAsync($"/Contacts/Details/{id}")).ReadHtmlAsync();
        Assert.Contains(">Last name</span>: <del>Before</del>", page, StringComparison.Ordinal);
        Assert.Contains("<del>Before</del>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Civility_address_and_description_are_saved_shown_in_the_history_and_exported()
    {
        var lastName = "Adresse" + Guid.NewGuid().ToString("N")[..6];
        var id = await app.AddContactAsync("Anne", lastName);
        var client = await app.SignInAsync();
        var version = await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == id).Select(c => c.Version).SingleAsync());
        (string, string)[] Edit(string civility) =>
        [
            ("Civility", civility), ("FirstName", "Anne"), ("LastName", lastName), ("PrimaryEmail", "0"),
            ("Address.Line1", "3 rue de la Paix"), ("Address.PostalCode", "69002"), ("Address.City", "Lyon"), ("Address.Country", "France"),
            ("Description", "Rencontrée au salon\r\nRappeler en mars"),
            ("Status", "Active"), ("LifecycleStage", "Lead"), ("Consent", "Unknown"), ("Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ];

        var tooLong = await client.PostMultipleAsync($"/Contacts/Edit/{id}", Fields(Edit(new string('M', 21))), $"/Contacts/Edit/{id}");
        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        Assert.Contains("Civility must be at most 20 characters.", System.Net.WebUtility.HtmlDecode(await tooLong.ReadHtmlAsync()), StringComparison.Ordinal);

        var response = await client.PostMultipleAsync($"/Contacts/Edit/{id}", Fields(Edit("Mme")), $"/Contacts/Edit/{id}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var contact = await app.WithDbAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.Equal(("Mme", "3 rue de la Paix", "69002", "Lyon", "France"), (contact.Civility, contact.Address.Line1, contact.Address.PostalCode, contact.Address.City, contact.Address.Country));
        Assert.Equal("Rencontrée au salon\nRappeler en mars", contact.Description?.ReplaceLineEndings("\n"));

        var page = System.Net.WebUtility.HtmlDecode(await (await client.GetAsync($"/Contacts/Details/{id}")).ReadHtmlAsync());
        Assert.Contains("3 rue de la Paix, 69002 Lyon, France", page, StringComparison.Ordinal);
        Assert.Contains("<div>Rencontrée au salon</div>", page, StringComparison.Ordinal);
        Assert.Contains("<div>Rappeler en mars</div>", page, StringComparison.Ordinal);
        Assert.Contains(">Civility</span>: <del>—</del> → Mme", page, StringComparison.Ordinal);
        Assert.Contains(">City</span>: <del>—</del> → Lyon", page, StringComparison.Ordinal);

        var export = await ExportSheet.CellsAsync(client, $"/Contacts/Export?q={lastName}");
        var row = export[0].Zip(export[1]).ToDictionary(c => c.First, c => c.Second);
        Assert.Equal(("Mme", "3 rue de la Paix", "69002", "Lyon", "France"), (row["Civility"], row["Street address"], row["Postal code"], row["City"], row["Country"]));
        Assert.StartsWith("Rencontrée au salon", row["Description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_contact_keeps_the_row_with_its_date_and_its_page_then_answers_404()
    {
        var id = await app.AddContactAsync("Zoé", "Todelete");
        var client = await app.SignInAsync();

        var response = await client.PostFormAsync($"/Contacts/Delete/{id}", new(), $"/Contacts/Details/{id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Contacts", response.Headers.Location!.OriginalString);
        var deletedAt = await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().Where(c => c.Id == id).Select(c => c.DeletedAt).SingleAsync());
        Assert.NotNull(deletedAt);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Contacts/Details/{id}")).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == "Contact" && a.EntityId == id && a.Action == AuditAction.Deleted)));
    }

    [Fact]
    public async Task The_vCard_holds_the_name_emails_phones_and_company_with_special_characters_escaped()
    {
        var companyId = await app.AddCompanyAsync("Dupont, Fils; et Cie");
        var id = await app.AddContactAsync("Jean", "Dupont", companyId: companyId, email: "jean@dupont.fr", phone: "01 23 45 67 89");
        var client = await app.SignInAsync();

        var response = await client.GetAsync($"/Contacts/VCard/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/vcard", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Jean Dupont.vcf", response.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.False(bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), "no BOM");
        var card = Encoding.UTF8.GetString(bytes);
        Assert.StartsWith("BEGIN:VCARD\r\nVERSION:4.0\r\n", card, StringComparison.Ordinal);
        Assert.Contains("\r\nFN:Jean Dupont\r\n", card, StringComparison.Ordinal);
        Assert.Contains("\r\nN:Dupont;Jean;;;\r\n", card, StringComparison.Ordinal);
        Assert.Contains("\r\nORG:Dupont\\, Fils\\; et Cie\r\n", card, StringComparison.Ordinal);
        Assert.Contains("\r\nEMAIL;TYPE=work;PREF=1:jean@dupont.fr\r\n", card, StringComparison.Ordinal);
        Assert.Contains("\r\nTEL;VALUE=text;TYPE=voice:01 23 45 67 89\r\n", card, StringComparison.Ordinal);
        Assert.EndsWith("END:VCARD\r\n", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fields_the_form_does_not_offer_are_ignored_and_an_owner_outside_the_team_is_refused()
    {
        var sales = await app.CreateUserAsync(Roles.Sales, "East");
        var outsider = await app.CreateUserAsync(Roles.Sales, "West");
        var client = await app.SignInAsync(sales);
        var lastName = "Overpost" + Guid.NewGuid().ToString("N")[..6];
        var fields = ValidContact(lastName, $"{lastName}@example.fr");
        fields.AddRange(Fields(("Id", "999999"), ("Version", "42"), ("TeamId", outsider.TeamId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("CreatedAt", "2001-01-01"), ("DeletedAt", "2001-01-01"), ("LastActivityAt", "2030-01-01"), ("OwnerId", outsider.Id)));

        var refused = WebUtility.HtmlDecode(await (await client.PostMultipleAsync("/Contacts/Create", fields, "/Contacts/Create")).ReadHtmlAsync());
        Assert.Contains("Choose an owner from the list.", refused, StringComparison.Ordinal);

        fields.RemoveAll(f => f.Key == "OwnerId");
        fields.Add(new("OwnerId", sales.Id));
        var id = IdFromLocation(await client.PostMultipleAsync("/Contacts/Create", fields, "/Contacts/Create"));

        var contact = await app.WithDbAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.NotEqual(999999, contact.Id);
        Assert.Equal(1, contact.Version);
        Assert.Equal(sales.TeamId, contact.TeamId);
        Assert.Null(contact.DeletedAt);
        Assert.Null(contact.LastActivityAt);
        Assert.True(contact.CreatedAt > new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task A_sales_user_of_another_team_gets_404_on_every_page_of_a_team_B_contact()
    {
        var owner = await app.CreateUserAsync(Roles.Sales, "Team B");
        var other = await app.CreateUserAsync(Roles.Sales, "Team A");
        var id = await app.AddContactAsync("Secret", "Contact", owner);
        var client = await app.SignInAsync(other);
        var token = FormPosting.AntiforgeryToken(await (await client.GetAsync("/Contacts/Create")).ReadHtmlAsync());
        FormUrlEncodedContent Form(params (string, string)[] fields) => new(Fields([.. fields, ("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Contacts/Details/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Contacts/Edit/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Contacts/VCard/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Contacts/Timeline/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/Contacts/Edit/{id}", Form(("LastName", "Hacked"), ("Version", "1")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/Contacts/LogActivity/{id}", Form(("Kind", "Note"), ("Subject", "Hi")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/Contacts/Delete/{id}", Form())).StatusCode);
        var contact = await app.WithDbAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.Equal("Contact", contact.LastName);
        Assert.False(await app.WithDbAsync(db => db.Activities.AnyAsync(a => a.ContactId == id)));
    }

    [Fact]
    public async Task Support_reads_a_contact_and_logs_on_it_but_cannot_edit_delete_or_create()
    {
        var support = await app.CreateUserAsync(Roles.Support);
        var id = await app.AddContactAsync("Visible", "Readonly");
        var client = await app.SignInAsync(support);

        var page = await (await client.GetAsync($"/Contacts/Details/{id}")).ReadHtmlAsync();
        Assert.DoesNotContain($"/Contacts/Edit/{id}", page, StringComparison.Ordinal);
        Assert.Contains($"/Contacts/LogActivity/{id}", page, StringComparison.Ordinal);
        var token = FormPosting.AntiforgeryToken(page);
        FormUrlEncodedContent Form(params (string, string)[] fields) => new(Fields([.. fields, ("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/Contacts/Edit/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/Contacts/Create")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/Contacts/Edit/{id}", Form(("LastName", "Changed"), ("Version", "1")))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync($"/Contacts/LogActivity/{id}", Form(("Kind", "Note"), ("Subject", "Hi")))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/Contacts/Delete/{id}", Form())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/Contacts/Create", Form(("LastName", "New")))).StatusCode);
        Assert.Equal("Readonly", await app.WithDbAsync(db => db.Contacts.Where(c => c.Id == id).Select(c => c.LastName).SingleAsync()));
        Assert.False(await app.WithDbAsync(db => db.Contacts.AnyAsync(c => c.LastName == "New")));
    }
}
