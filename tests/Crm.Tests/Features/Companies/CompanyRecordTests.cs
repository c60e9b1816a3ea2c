using System.Net;
using Crm.Tests.Infrastructure;
using Crm.Web.Features.Activities;
using Crm.Web.Features.Companies;
using Crm.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using static Crm.Tests.Features.RecordPages;

namespace Crm.Tests.Features.Companies;

public sealed class CompanyRecordTests(CrmAppFactory app) : IClassFixture<CrmAppFactory>
{
    private static List<KeyValuePair<string, string>> Company(string name, params (string Key, string Value)[] extra) =>
    [
        .. Fields(("Name", name), ("Status", "Prospect"), ("Size", "Small"), ("Billing.Line1", "1 rue de la Paix"), ("Billing.PostalCode", "75002"),
            ("Billing.City", "Paris"), ("ShippingSameAsBilling", "true"), ("Tags", "Salon 2026")),
        .. Fields(extra),
    ];

    private static string UniqueName() => "Acme " + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Creating_a_valid_company_saves_its_ids_normalised_and_copies_billing_to_shipping()
    {
        var client = await app.SignInAsync();
        var name = UniqueName();

        var response = await client.PostMultipleAsync("/Companies/Create", Company(name,
            ("Siren", "404 833 048"), ("Siret", "404 833 048 00022"), ("VatNumber", "fr 83 404833048"), ("NafCode", "6201z"),
            ("Website", "www.example.fr"), ("Phone", "01 23 45 67 89")), "/Companies/Create");

        var id = IdFromLocation(response);
        var company = await app.WithDbAsync(db => db.Companies.AsNoTracking().Include(c => c.Tags).ThenInclude(t => t.Tag).SingleAsync(c => c.Id == id));
        Assert.Equal("404833048", company.Siren);
        Assert.Equal("40483304800022", company.Siret);
        Assert.Equal("FR83404833048", company.VatNumber);
        Assert.Equal("62.01Z", company.NafCode);
        Assert.Equal("https://www.example.fr", company.Website);
        Assert.Equal("Paris", company.ShippingAddress.City);
        Assert.Equal("Salon 2026", company.Tags.Single().Tag!.Name);
        var page = await (await client.GetAsync($"/Companies/Details/{id}")).ReadHtmlAsync();
        Assert.Contains("404 833 048", page, StringComparison.Ordinal);
        Assert.Contains("Tickets", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Name", "", "The Name field is required.")]
    [InlineData("Siret", "40483304800023", "The SIRET must be 14 digits with a valid check digit.")]
    [InlineData("Siren", "404833049", "The SIREN must be 9 digits with a valid check digit.")]
    [InlineData("VatNumber", "FR12404833048", "This is not a valid intra-EU VAT number (e.g. FR83404833048).")]
    [InlineData("VatNumber", "DE12345", "This is not a valid intra-EU VAT number (e.g. FR83404833048).")]
    [InlineData("NafCode", "620Z", "The NAF code looks like 62.01Z.")]
    [InlineData("Website", "javascript:alert(1)", "Enter a web address such as https://example.fr.")]
    public async Task Creating_a_company_with_a_bad_field_shows_why_and_saves_nothing(string field, string value, string message)
    {
        var client = await app.SignInAsync();
        var name = UniqueName();
        var fields = Company(name);
        fields.RemoveAll(f => f.Key == field);
        fields.Add(new(field, value));

        var html = WebUtility.HtmlDecode(await (await client.PostMultipleAsync("/Companies/Create", fields, "/Companies/Create")).ReadHtmlAsync());

        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Companies.AnyAsync(c => c.Name == name)));
    }

    [Fact]
    public async Task A_SIRET_that_does_not_start_with_the_SIREN_is_refused()
    {
        var client = await app.SignInAsync();

        // 732 829 320 is a valid SIREN; 404 833 048 00022 a valid SIRET of another company.
        var html = WebUtility.HtmlDecode(await (await client.PostMultipleAsync("/Companies/Create",
            Company(UniqueName(), ("Siren", "732829320"), ("Siret", "40483304800022")), "/Companies/Create")).ReadHtmlAsync());

        Assert.Contains("The SIRET must start with the SIREN (732829320).", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_company_with_the_same_SIREN_is_shown_before_saving_and_create_anyway_saves_it()
    {
        var existing = await app.AddCompanyAsync("Renault", siren: "780129987");
        var client = await app.SignInAsync();
        var fields = Company("Renault Groupe " + Guid.NewGuid().ToString("N")[..4], ("Siren", "780 129 987"));

        var warning = await (await client.PostMultipleAsync("/Companies/Create", fields, "/Companies/Create")).ReadHtmlAsync();
        Assert.Contains("data-testid=\"duplicate-warning\"", warning, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Companies/Details/{existing}\"", warning, StringComparison.Ordinal);
        Assert.Contains("Same SIREN", warning, StringComparison.Ordinal);

        fields.Add(new("CreateAnyway", "true"));
        var id = IdFromLocation(await client.PostMultipleAsync("/Companies/Create", fields, "/Companies/Create"));
        Assert.NotEqual(existing, id);
    }

    [Fact]
    public async Task A_company_cannot_become_the_parent_of_its_own_parent()
    {
        var top = await app.AddCompanyAsync("Holding " + Guid.NewGuid().ToString("N")[..4]);
        var child = await app.AddCompanyAsync("Filiale " + Guid.NewGuid().ToString("N")[..4], parentId: top);
        var client = await app.SignInAsync();
        var version = await app.WithDbAsync(db => db.Companies.Where(c => c.Id == top).Select(c => c.Version).SingleAsync());

        var fields = Company("Holding", ("ParentCompanyId", child.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var response = await client.PostMultipleAsync($"/Companies/Edit/{top}", fields, $"/Companies/Edit/{top}");
        var html = WebUtility.HtmlDecode(await response.ReadHtmlAsync());

        Assert.Contains("This company cannot be its own parent, directly or through its subsidiaries.", html, StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync(db => db.Companies.Where(c => c.Id == top).Select(c => c.ParentCompanyId).SingleAsync()));
    }

    [Fact]
    public async Task Deleting_a_company_is_soft_and_its_page_then_answers_404()
    {
        var id = await app.AddCompanyAsync("Gone " + Guid.NewGuid().ToString("N")[..4]);
        var client = await app.SignInAsync();

        var response = await client.PostFormAsync($"/Companies/Delete/{id}", new(), $"/Companies/Details/{id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull(await app.WithDbAsync(db => db.Companies.IgnoreQueryFilters().Where(c => c.Id == id).Select(c => c.DeletedAt).SingleAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Companies/Details/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_company_page_lists_its_contacts_and_its_timeline_holds_their_activities()
    {
        var companyId = await app.AddCompanyAsync("Timeline Co " + Guid.NewGuid().ToString("N")[..4]);
        var contactId = await app.AddContactAsync("Claire", "Atcompany", companyId: companyId);
        await app.WithDbAsync(async db =>
        {
            db.Activities.Add(Activity.Log(ActivityKind.Call, "Call with Claire", new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc), contactId, null, null));
            db.Activities.Add(Activity.Log(ActivityKind.Note, "Company note", new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc), null, companyId, null));
            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync();

        var html = await (await client.GetAsync($"/Companies/Details/{companyId}")).ReadHtmlAsync();

        Assert.Contains($"href=\"/Contacts/Details/{contactId}\"", html, StringComparison.Ordinal);
        var note = html.IndexOf("Company note", StringComparison.Ordinal);
        var call = html.IndexOf("Call with Claire", StringComparison.Ordinal);
        Assert.True(note > 0 && call > note, "both entries, newest first");
    }

    [Fact]
    public async Task The_company_page_links_to_the_contacts_list_filtered_on_that_company()
    {
        var companyId = await app.AddCompanyAsync("Linked Co " + Guid.NewGuid().ToString("N")[..4]);
        await app.AddContactAsync("Lina", "Insidecompany", companyId: companyId);
        await app.AddContactAsync("Otto", "Outsidecompany");
        var client = await app.SignInAsync();

        var html = await (await client.GetAsync($"/Companies/Details/{companyId}")).ReadHtmlAsync();
        Assert.Contains($"href=\"/Contacts?company={companyId}\"", html, StringComparison.Ordinal);

        var list = await (await client.GetAsync($"/Contacts?company={companyId}")).ReadHtmlAsync();
        Assert.Contains("Insidecompany", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Outsidecompany", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_company_timeline_pages_through_its_own_and_its_contacts_entries_in_one_order()
    {
        var companyId = await app.AddCompanyAsync("Paging Co " + Guid.NewGuid().ToString("N")[..4]);
        var contactId = await app.AddContactAsync("Remi", "Pager", companyId: companyId);
        var start = new DateTime(2026, 4, 1, 8, 0, 0, DateTimeKind.Utc);
        await app.WithDbAsync(async db =>
        {
            for (var i = 1; i <= 30; i++)
            {
                // Odd hours on the company, even hours on the contact alone (as an import or an older entry would be).
                db.Activities.Add(i % 2 == 1
                    ? Activity.Log(ActivityKind.Note, $"Item {i:00}", start.AddHours(i), null, companyId, null)
                    : Activity.Log(ActivityKind.Call, $"Item {i:00}", start.AddHours(i), contactId, null, null));
            }

            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync();

        var first = await (await client.GetAsync($"/Companies/Details/{companyId}")).ReadHtmlAsync();
        var firstItems = Items(first);
        Assert.Equal(Enumerable.Range(11, 20).Reverse().Select(i => $"Item {i:00}"), firstItems);
        var more = System.Text.RegularExpressions.Regex.Match(first, "data-fragment=\"([^\"]+)\"");
        var rest = await (await client.GetAsync(WebUtility.HtmlDecode(more.Groups[1].Value))).ReadHtmlAsync();
        Assert.Equal(Enumerable.Range(1, 10).Reverse().Select(i => $"Item {i:00}"), Items(rest));
        Assert.DoesNotContain("data-fragment", rest, StringComparison.Ordinal);

        static List<string> Items(string html) => System.Text.RegularExpressions.Regex.Matches(html, "<strong>(Item \\d+)</strong>").Select(m => m.Groups[1].Value).ToList();
    }

    [Fact]
    public async Task A_stored_website_that_is_not_http_is_shown_as_text_never_as_a_link()
    {
        var client = await app.SignInAsync();
        var id = await app.AddCompanyAsync(UniqueName());
        await app.WithDbAsync(db => db.Companies.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Website, "javascript:alert(document.cookie)")));

        var html = await (await client.GetAsync($"/Companies/Details/{id}")).ReadHtmlAsync();

        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("javascript:alert(document.cookie)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sales_user_of_another_team_gets_404_on_a_team_B_company()
    {
        var owner = await app.CreateUserAsync(Roles.Sales, "Team B");
        var other = await app.CreateUserAsync(Roles.Sales, "Team A");
        var id = await app.AddCompanyAsync("Hidden " + Guid.NewGuid().ToString("N")[..4], owner);
        var client = await app.SignInAsync(other);
        var token = FormPosting.AntiforgeryToken(await (await client.GetAsync("/Companies/Create")).ReadHtmlAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Companies/Details/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Companies/Edit/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Companies/Timeline/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/Companies/LogActivity/{id}", new FormUrlEncodedContent(Fields(("Kind", "Note"), ("Subject", "x"), ("__RequestVerificationToken", token))))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/Companies/Delete/{id}", new FormUrlEncodedContent(Fields(("__RequestVerificationToken", token))))).StatusCode);
        var lookup = await client.GetStringAsync("/Companies/Lookup?q=Hidden");
        Assert.DoesNotContain($"\"{id}\"", lookup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_identifier_fields_show_a_format_hint_not_a_value_that_looks_real()
    {
        var client = await app.SignInAsync();

        var html = System.Net.WebUtility.HtmlDecode(await Crm.Tests.Features.Shared.ListTestData.GetHtmlAsync(client, "/Companies/Create"));

        Assert.Matches("<input(?=[^>]*name=\"Siren\")(?=[^>]*placeholder=\"9 digits\")", html);
        Assert.Matches("<input(?=[^>]*name=\"Siret\")(?=[^>]*placeholder=\"14 digits\")", html);
        Assert.Matches("<input(?=[^>]*name=\"VatNumber\")(?=[^>]*placeholder=\"FR and 11 characters\")", html);
        Assert.DoesNotContain("404 833 048", html, StringComparison.Ordinal);
    }
}
